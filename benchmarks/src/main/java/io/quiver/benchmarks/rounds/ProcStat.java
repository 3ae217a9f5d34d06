package io.quiver.benchmarks.rounds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time of a process as Linux reports it in {@code /proc/<pid>/stat}: user plus system
 * time of all its threads, in clock ticks ({@code utime} and {@code stime}, fields 14 and 15).
 * The second field, the command name in parentheses, may itself hold spaces and parentheses, so
 * the fields are counted from the last {@code ')'}.
 *
 * <p>The resolution is one tick (10 ms at the usual 100 ticks per second): a round whose process
 * spends 400 ms of CPU is known to 2.5%.
 */
public final class ProcStat {
  /** Linux's USER_HZ: 100 on every architecture the JDK runs on, whatever the kernel's HZ. */
  public static final long TICKS_PER_SECOND = 100;

  private final Path statFile;
  private final long pid;

  private ProcStat(long pid) {
    this.pid = pid;
    this.statFile = Path.of("/proc", Long.toString(pid), "stat");
  }

  /** The reader of process {@code pid}; fails now if its stat file cannot be read. */
  public static ProcStat of(long pid) {
    ProcStat stat = new ProcStat(pid);
    stat.cpuNanos();
    return stat;
  }

  public long pid() {
    return pid;
  }

  /** The process's CPU time so far, in nanoseconds (a multiple of one tick). */
  public long cpuNanos() {
    String line;
    try {
      line = Files.readString(statFile, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + statFile + " (did process " + pid
          + " exit?): " + e.getMessage(), e);
    }
    return cpuTicks(line) * (1_000_000_000L / TICKS_PER_SECOND);
  }

  /** {@code utime + stime} of one {@code /proc/<pid>/stat} line, in ticks. */
  public static long cpuTicks(String statLine) {
    int close = statLine.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line (no ')'): '"
          + abbreviate(statLine) + "'");
    }
    // After ") ": field 3 (state) is index 0, so utime (14) is index 11 and stime (15) index 12.
    String[] fields = statLine.substring(close + 1).trim().split(" +");
    if (fields.length < 13) {
      throw new IllegalArgumentException("a /proc/<pid>/stat line with " + (fields.length + 2)
          + " fields, expected at least 15: '" + abbreviate(statLine) + "'");
    }
    try {
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("utime/stime of a /proc/<pid>/stat line are not numbers ('"
          + fields[11] + "', '" + fields[12] + "'): '" + abbreviate(statLine) + "'", e);
    }
  }

  /**
   * The busy CPU time of the whole machine so far, in nanoseconds, from the first line of {@code
   * /proc/stat}; with the time of the processes measured taken off, the CPU the rest of the
   * machine used during a round.
   */
  public static long machineBusyNanos() {
    Path stat = Path.of("/proc/stat");
    String first;
    try (var lines = Files.lines(stat, StandardCharsets.US_ASCII)) {
      first = lines.findFirst().orElse("");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + stat + ": " + e.getMessage(), e);
    }
    return machineBusyTicks(first) * (1_000_000_000L / TICKS_PER_SECOND);
  }

  /**
   * The busy ticks of the {@code cpu} line of {@code /proc/stat} (all cores): user + nice + system
   * + irq + softirq + steal, that is every column but idle and iowait (guest time is already
   * counted in user).
   */
  public static long machineBusyTicks(String cpuLine) {
    String[] f = cpuLine.trim().split(" +");
    if (f.length < 9 || !f[0].equals("cpu")) {
      throw new IllegalArgumentException("not the 'cpu' line of /proc/stat with at least 8 "
          + "columns: '" + abbreviate(cpuLine) + "'");
    }
    try {
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(f[i]);
      }
      return busy;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a /proc/stat 'cpu' line with a column that is not a "
          + "number: '" + abbreviate(cpuLine) + "'", e);
    }
  }

  private static String abbreviate(String s) {
    String t = s.strip();
    return t.length() <= 120 ? t : t.substring(0, 117) + "...";
  }
}
