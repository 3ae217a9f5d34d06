package io.quiver.benchmarks.rounds;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Waits until the server has settled before a measured round: first a FLUSH (so the round does not
 * pay for the previous one's memtables), then until the DataNode process used less than {@code
 * idleShare} of one core over a {@code window}, at most {@code bound} (a busy machine or a
 * compaction may never let it look idle; the result says so). Clock, CPU reading and sleeping are
 * injected, so the waiting rule is tested without a server or real time.
 */
public final class Settle {
  /** What the caller waits with: sleeps the given nanoseconds. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  /** How one settle ended. */
  public static final class Result {
    private final boolean idle;
    private final long waitedNanos;
    private final double lastShare;

    Result(boolean idle, long waitedNanos, double lastShare) {
      this.idle = idle;
      this.waitedNanos = waitedNanos;
      this.lastShare = lastShare;
    }

    /** True if the DataNode was idle (or its CPU is unknown), false if the bound ran out. */
    public boolean idle() {
      return idle;
    }

    public long waitedNanos() {
      return waitedNanos;
    }

    /** The DataNode's share of a core over the last window (NaN if its CPU is unknown). */
    public double lastShare() {
      return lastShare;
    }
  }

  private final Runnable flush;
  private final LongSupplier dataNodeCpuNanos;
  private final LongSupplier clockNanos;
  private final Sleeper sleeper;
  private final long windowNanos;
  private final long boundNanos;
  private final double idleShare;

  /**
   * @param flush sends FLUSH to the server (and waits for its answer)
   * @param dataNodeCpuNanos the DataNode's CPU time so far, or null when it is unknown (an
   *     external server): then only the FLUSH is done
   */
  public Settle(Runnable flush, LongSupplier dataNodeCpuNanos, LongSupplier clockNanos,
      Sleeper sleeper, Duration window, Duration bound, double idleShare) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window: " + window + " must be positive");
    }
    if (bound.compareTo(window) < 0) {
      throw new IllegalArgumentException("bound: " + bound + " is shorter than the window "
          + window);
    }
    if (!(idleShare > 0 && idleShare < 1)) {
      throw new IllegalArgumentException("idleShare: " + idleShare + " must be within (0, 1)");
    }
    this.flush = flush;
    this.dataNodeCpuNanos = dataNodeCpuNanos;
    this.clockNanos = clockNanos;
    this.sleeper = sleeper;
    this.windowNanos = window.toNanos();
    this.boundNanos = bound.toNanos();
    this.idleShare = idleShare;
  }

  /** With the real clock: windows of 300 ms, idle under 10% of a core, at most 10 s. */
  public static Settle withSystemClock(Runnable flush, LongSupplier dataNodeCpuNanos) {
    return new Settle(flush, dataNodeCpuNanos, System::nanoTime,
        nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)),
        Duration.ofMillis(300), Duration.ofSeconds(10), 0.10);
  }

  /** FLUSH, then wait for an idle window within the bound. */
  public Result settle() {
    long start = clockNanos.getAsLong();
    flush.run();
    if (dataNodeCpuNanos == null) {
      return new Result(true, clockNanos.getAsLong() - start, Double.NaN);
    }
    double share = Double.NaN;
    while (true) {
      long c0 = dataNodeCpuNanos.getAsLong();
      long t0 = clockNanos.getAsLong();
      try {
        sleeper.sleepNanos(windowNanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the DataNode to settle", e);
      }
      long t1 = clockNanos.getAsLong();
      share = (double) (dataNodeCpuNanos.getAsLong() - c0) / Math.max(1, t1 - t0);
      if (share < idleShare) {
        return new Result(true, t1 - start, share);
      }
      if (t1 - start + windowNanos > boundNanos) {
        return new Result(false, t1 - start, share);
      }
    }
  }
}
