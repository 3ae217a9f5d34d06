package io.quiver.client.internal.session;

import io.quiver.client.QuiverInterruptedException;

/**
 * Time as the session's parts see it: a monotonic nanosecond clock and a sleep. The one seam
 * between the retry, window and pool logic and the wall clock, so that unit tests drive time by
 * hand ({@code FakeClock} in the tests) instead of sleeping.
 */
public interface Clock {
  /** Monotonic time in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /**
   * Sleeps {@code millis} milliseconds (nothing when zero or less).
   *
   * @throws QuiverInterruptedException if the thread is interrupted (its interrupt status set
   *     again); {@code what} says what the sleep was for
   */
  void sleep(long millis, String what);

  /** The system clock, with {@link Thread#sleep}. */
  Clock SYSTEM = new Clock() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(long millis, String what) {
      if (millis <= 0) {
        return;
      }
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new QuiverInterruptedException("interrupted while waiting " + what, e);
      }
    }
  };

  /** Whole milliseconds until {@code nanos} have passed, rounded up. */
  static long millisCeil(long nanos) {
    return (nanos + 999_999) / 1_000_000;
  }
}
