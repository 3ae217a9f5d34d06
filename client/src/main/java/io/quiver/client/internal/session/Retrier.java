package io.quiver.client.internal.session;

import io.quiver.client.ConnectionException;
import io.quiver.client.QuiverException;
import io.quiver.client.StatementException;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an idempotent call on a live link, and again on a new one when the link fails or the
 * server asks for a retry, as its {@link RetryPolicy} allows. What happened comes back as an
 * {@link Attempt} (the value, the link that answered, tries, time), or, when it gives up, as the
 * last failure carrying a suppressed {@link GaveUp} record (tries, time), never through fields.
 */
public final class Retrier {
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  private final RetryPolicy policy;
  private final Clock clock;
  private final DoubleSupplier random;

  public Retrier(RetryPolicy policy, Clock clock) {
    this(policy, clock, Math::random);
  }

  /** {@code random} gives numbers in [0, 1) for the jitter. */
  public Retrier(RetryPolicy policy, Clock clock, DoubleSupplier random) {
    this.policy = policy;
    this.clock = clock;
    this.random = random;
  }

  public RetryPolicy policy() {
    return policy;
  }

  /** A call that succeeded: its value, the link it ran on, after how many tries in how long. */
  public record Attempt<T>(T value, Link link, int tries, long elapsedNanos) { }

  /**
   * Runs {@code call} on the link {@code live} gives (which reconnects and replays when needed)
   * until it succeeds, fails for good, or the tries or the budget run out; the wait between tries
   * is cut to fit the budget.
   *
   * @throws QuiverException the last failure; after more than one try it carries a suppressed
   *     {@link GaveUp} saying how many tries were made in how long (none after a single try)
   */
  public <T> Attempt<T> run(String what, Supplier<Link> live, Function<Link, T> call) {
    long start = clock.nanoTime();
    long budget = policy.budget().toNanos();
    long wait = -1;
    for (int attempt = 0; ; attempt++) {
      try {
        Link link = live.get();
        return new Attempt<>(call.apply(link), link, attempt + 1, clock.nanoTime() - start);
      } catch (ConnectionException | StatementException e) {
        long elapsed = clock.nanoTime() - start;
        long left = budget - elapsed;
        if (!e.isRetryable() || attempt >= policy.maxRetry() || left <= 0) {
          if (attempt > 0) {
            e.addSuppressed(new GaveUp(attempt + 1, elapsed, what, policy));
          }
          throw e;
        }
        wait = policy.nextWaitMillis(wait);
        long pause = Math.min(wait, Math.max(0, left / 1_000_000));
        if (policy.jitter() > 0) {
          pause -= (long) (pause * policy.jitter() * random.getAsDouble());
        }
        LOG.warn("{} failed (try {} of {}): {}; retrying in {} ms", what, attempt + 1, policy.maxRetry() + 1,
            e.getMessage(), pause);
        clock.sleep(pause, "to retry: " + what);
      }
    }
  }

  /**
   * The record a give-up leaves on the failure it throws: how many tries were made in how long.
   * Its message reads as a note under the failure's stack trace.
   */
  public static final class GaveUp extends QuiverException {
    private static final long serialVersionUID = 1L;
    private final int tries;
    private final long elapsedNanos;

    GaveUp(int tries, long elapsedNanos, String what, RetryPolicy policy) {
      super("gave up after " + tries + " tries in " + elapsedNanos / 1_000_000 + " ms to " + what + " (maxRetry "
          + policy.maxRetry() + ", retryBudget " + policy.budget().toMillis() + " ms)", false);
      this.tries = tries;
      this.elapsedNanos = elapsedNanos;
    }

    public int tries() {
      return tries;
    }

    public long elapsedNanos() {
      return elapsedNanos;
    }

    /** The record on {@code failure}, or null when it did not come from a {@link Retrier}. */
    public static GaveUp of(Throwable failure) {
      for (Throwable s : failure.getSuppressed()) {
        if (s instanceof GaveUp g) {
          return g;
        }
      }
      return null;
    }
  }
}
