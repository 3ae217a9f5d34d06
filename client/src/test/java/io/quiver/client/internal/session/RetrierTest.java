package io.quiver.client.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ConnectionException;
import io.quiver.client.QuiverInterruptedException;
import io.quiver.client.StatementException;
import io.quiver.client.internal.Endpoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Retrier}: backoff, tries, budget and jitter on a fake clock; what it returns and throws. */
class RetrierTest {
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private final FakeClock clock = new FakeClock();
  private final FakeNetwork net = new FakeNetwork(clock, 0);

  private static RetryPolicy policy(int maxRetry, long budgetMillis) {
    return new RetryPolicy(maxRetry, Duration.ofMillis(500), RetryPolicy.MAX_WAIT, Duration.ofMillis(budgetMillis), 0);
  }

  private static ConnectionException lost() {
    return new ConnectionException("127.0.0.1:6667", "Connection reset", null);
  }

  @Test
  void retriesARetryableFailureWithDoublingWaitsAndReportsTheAttempt() {
    Retrier retrier = new Retrier(policy(3, 60_000), clock);
    Link link = net.open(A, null);
    int[] calls = {0};
    Retrier.Attempt<String> a = retrier.run("read", () -> link, l -> {
      if (++calls[0] < 4) {
        throw lost();
      }
      return "ok";
    });
    assertEquals("ok", a.value());
    assertSame(link, a.link());
    assertEquals(4, a.tries());
    assertEquals(List.of(500L, 1000L, 2000L), clock.sleeps);
    assertEquals(3_500_000_000L, a.elapsedNanos());
  }

  @Test
  void waitsDoubleUpToFiveSeconds() {
    Retrier retrier = new Retrier(policy(6, 600_000), clock);
    assertThrows(ConnectionException.class, () -> retrier.run("read", () -> null, l -> {
      throw lost();
    }));
    assertEquals(List.of(500L, 1000L, 2000L, 4000L, 5000L, 5000L), clock.sleeps);
  }

  @Test
  void givesUpAfterMaxRetryWithARecordOfTriesAndTime() {
    Retrier retrier = new Retrier(policy(2, 60_000), clock);
    ConnectionException e = assertThrows(ConnectionException.class,
        () -> retrier.run("insert 5 rows", () -> null, l -> {
          throw lost();
        }));
    Retrier.GaveUp record = Retrier.GaveUp.of(e);
    assertNotNull(record);
    assertEquals(3, record.tries());
    assertEquals(1_500_000_000L, record.elapsedNanos());
    assertTrue(record.getMessage().contains("gave up after 3 tries in 1500 ms to insert 5 rows"), record.getMessage());
  }

  @Test
  void theLastWaitIsCutToTheBudgetAndNoTryStartsAfterIt() {
    Retrier retrier = new Retrier(policy(10, 1_200), clock);
    assertThrows(ConnectionException.class, () -> retrier.run("read", () -> null, l -> {
      throw lost();
    }));
    assertEquals(List.of(500L, 700L), clock.sleeps);
    assertEquals(3, Retrier.GaveUp.of(assertThrows(ConnectionException.class,
        () -> new Retrier(policy(10, 1_200), new FakeClock()).run("read", () -> null, l -> {
          throw lost();
        }))).tries());
  }

  @Test
  void aFailureThatIsNotRetryableIsThrownAtOnce() {
    Retrier retrier = new Retrier(policy(3, 60_000), clock);
    StatementException refused = new StatementException("insert", 507, "no such table", false);
    StatementException e = assertThrows(StatementException.class, () -> retrier.run("insert", () -> null, l -> {
      throw refused;
    }));
    assertSame(refused, e);
    assertEquals(List.of(), clock.sleeps);
    assertNull(Retrier.GaveUp.of(e), "one try: no record");
  }

  @Test
  void aServerAskingForARetryIsRetried() {
    Retrier retrier = new Retrier(policy(3, 60_000), clock);
    int[] calls = {0};
    assertEquals(2, retrier.run("insert", () -> null, l -> {
      if (++calls[0] == 1) {
        throw new StatementException("insert", 301, "busy", true);
      }
      return 1;
    }).tries());
  }

  @Test
  void aFailedReconnectCountsAsATry() {
    Retrier retrier = new Retrier(policy(1, 60_000), clock);
    net.down(A);
    Connector connector = new Connector(List.of("127.0.0.1:6667"), net);
    assertThrows(ConnectionException.class, () -> retrier.run("read", () -> connector.connect(null), l -> l));
    assertEquals(2, net.logged("refused").size());
  }

  @Test
  void jitterShortensAWaitByAtMostItsFraction() {
    RetryPolicy p = new RetryPolicy(1, Duration.ofMillis(1000), RetryPolicy.MAX_WAIT, Duration.ofSeconds(60), 0.5);
    Retrier retrier = new Retrier(p, clock, () -> 0.999);
    assertThrows(ConnectionException.class, () -> retrier.run("read", () -> null, l -> {
      throw lost();
    }));
    assertEquals(List.of(501L), clock.sleeps);
  }

  @Test
  void aPolicyRefusesNonsense() {
    assertThrows(IllegalArgumentException.class,
        () -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1.5));
  }

  @Test
  void anInterruptedSleepRestoresTheFlagAndThrowsATypedError() {
    Thread.currentThread().interrupt();
    try {
      QuiverInterruptedException e = assertThrows(QuiverInterruptedException.class,
          () -> Clock.SYSTEM.sleep(1_000, "to retry"));
      assertTrue(Thread.currentThread().isInterrupted());
      assertTrue(e.getMessage().contains("to retry"));
    } finally {
      Thread.interrupted();
    }
  }
}
