package io.quiver.client.internal.session;

import io.quiver.client.RetrySettings;
import io.quiver.client.TableSessionConfig;
import java.time.Duration;

/**
 * When a failed call is tried again: at most {@code maxRetry} more times, waiting {@code
 * firstWait} and doubling up to {@code maxWait}, and only while {@code budget} (since the first
 * try) lasts. {@code jitter} (0 to 1) shortens each wait by a random fraction of at most that
 * much, so that many clients cut off together do not come back together; 0 keeps the waits exact.
 */
public record RetryPolicy(int maxRetry, Duration firstWait, Duration maxWait, Duration budget, double jitter) {
  /** The longest wait between two tries, whatever the doubling reached. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(5);

  public RetryPolicy {
    if (maxRetry < 0) {
      throw new IllegalArgumentException("maxRetry: " + maxRetry + " is negative");
    }
    if (firstWait.isNegative() || maxWait.isNegative() || budget.isNegative()) {
      throw new IllegalArgumentException("retry waits and budget must not be negative");
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter: " + jitter + " is not between 0 and 1");
    }
  }

  /** The policy of a session's settings ({@code maxRetry}, {@code retryInterval}, {@code retryBudget}). */
  public static RetryPolicy of(TableSessionConfig config) {
    RetrySettings r = config.retry();
    return new RetryPolicy(r.maxRetry(), r.interval(), MAX_WAIT, r.budget(), 0);
  }

  /** The wait after the {@code previous} one (the first wait when {@code previous} is negative). */
  long nextWaitMillis(long previous) {
    return previous < 0 ? firstWait.toMillis() : Math.min(previous * 2, maxWait.toMillis());
  }
}
