package io.quiver.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.function.Supplier;

/** Asserts a condition that settles shortly (the server noticing a closed socket, a thread reaching a wait). */
public final class Eventually {
  private Eventually() {}

  /** Polls every 20 ms until {@code actual} equals {@code expected}, then asserts it; gives up after {@code limit}. */
  public static <T> void assertEventuallyEquals(T expected, Supplier<T> actual, String what, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    T last = actual.get();
    while (!expected.equals(last) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
      last = actual.get();
    }
    assertEquals(expected, last, what + " (waited up to " + limit.toMillis() + " ms)");
  }
}
