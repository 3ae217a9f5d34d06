package io.quiver.cli.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows how a load goes, from the acknowledged rows in the {@link LoadLedger}. On a terminal, one
 * line redrawn with {@code \r} four times a second: a bar, rows done of the total, rows/s and the
 * time left (a stream's total is unknown: rows and rows/s only). Elsewhere (a pipe, a log file), a
 * plain line every {@code plainEvery}. {@link #close()} stops it and ends the terminal line.
 */
final class LoadProgress implements AutoCloseable {
  private static final int BAR_WIDTH = 30;
  private static final long TERMINAL_EVERY_MILLIS = 250;

  private final PrintStream out;
  private final boolean terminal;
  private final LoadLedger ledger;
  private final long rowsToLoad;
  private final Duration plainEvery;
  private final long startNanos = System.nanoTime();
  private ScheduledExecutorService timer;
  private int lastLength;

  /**
   * @param rowsToLoad the rows this load is to send, or -1 if unknown
   */
  LoadProgress(PrintStream out, boolean terminal, LoadLedger ledger, long rowsToLoad,
      Duration plainEvery) {
    this.out = out;
    this.terminal = terminal;
    this.ledger = ledger;
    this.rowsToLoad = rowsToLoad;
    this.plainEvery = plainEvery;
  }

  void start() {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "quiver-load-progress");
      t.setDaemon(true);
      return t;
    });
    long every = terminal ? TERMINAL_EVERY_MILLIS : Math.max(1, plainEvery.toMillis());
    timer.scheduleAtFixedRate(this::show, every, every, TimeUnit.MILLISECONDS);
  }

  private synchronized void show() {
    long done = ledger.acknowledgedRows();
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    if (terminal) {
      String line = terminalLine(done, rowsToLoad, seconds);
      int pad = Math.max(0, lastLength - line.length());
      out.print("\r" + line + " ".repeat(pad));
      out.flush();
      lastLength = line.length();
    } else {
      out.println("load: " + plainLine(done, rowsToLoad, seconds));
    }
  }

  /** Stops showing; on a terminal, draws the last state and ends the line. */
  @Override
  public synchronized void close() {
    if (timer == null) {
      return;
    }
    timer.shutdownNow();
    timer = null;
    if (terminal) {
      show();
      out.println();
    }
  }

  /** "  42% [############------------------]  420,000 / 1,000,000 rows  812,345 rows/s  0:00:01 left". */
  static String terminalLine(long done, long total, double seconds) {
    double rate = seconds > 0 ? done / seconds : 0;
    if (total < 0) {
      return String.format(Locale.ROOT, "  %,d rows  %,.0f rows/s", done, rate);
    }
    double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
    return String.format(Locale.ROOT, "  %3d%% [%s]  %,d / %,d rows  %,.0f rows/s  %s left",
        (int) (fraction * 100), bar, done, total, rate, timeLeft(done, total, rate));
  }

  /** "420,000 of 1,000,000 rows acknowledged (42%), 812,345 rows/s, about 0:00:01 left". */
  static String plainLine(long done, long total, double seconds) {
    double rate = seconds > 0 ? done / seconds : 0;
    if (total < 0) {
      return String.format(Locale.ROOT, "%,d rows acknowledged, %,.0f rows/s", done, rate);
    }
    int percent = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
    return String.format(Locale.ROOT, "%,d of %,d rows acknowledged (%d%%), %,.0f rows/s, about %s left",
        done, total, percent, rate, timeLeft(done, total, rate));
  }

  /** The time left at this rate, as h:mm:ss, or "?" before the first rows. */
  static String timeLeft(long done, long total, double rate) {
    if (rate <= 0) {
      return "?:??:??";
    }
    long seconds = (long) Math.ceil(Math.max(0, total - done) / rate);
    return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
}
