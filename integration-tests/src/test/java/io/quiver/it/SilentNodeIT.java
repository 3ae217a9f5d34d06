package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ConnectionException;
import io.quiver.client.DataType;
import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.Tablet;
import io.quiver.it.support.Databases;
import io.quiver.it.support.TcpProxy;
import io.quiver.it.support.TestIoTDB;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node that goes silent in the middle of a session (it keeps the connection open but never
 * answers, as a hung server does): every call fails after its timeout with a retryable {@link
 * ConnectionException} that says so, instead of blocking; with another node configured, the retry
 * goes there and succeeds. The silent node is a relay to the test server ({@link TcpProxy}) that
 * stops relaying.
 */
class SilentNodeIT {
  private static final String DB = "silent_node";

  @BeforeAll
  static void createTable() {
    Databases.recreate(DB);
    try (TableSession s = Databases.quiver(DB)) {
      s.executeNonQueryStatement("CREATE TABLE t (dev STRING TAG, v INT64 FIELD)");
    }
  }

  @AfterAll
  static void dropDatabase() {
    Databases.drop(DB);
  }

  private static Tablet rows(long first, int count) {
    Tablet.Builder b = Tablet.builder("t").tag("dev").field("v", DataType.INT64);
    for (int i = 0; i < count; i++) {
      b.row(first + i, "d" + (i % 3), first + i);
    }
    return b.build();
  }

  @Test
  void anInsertOnANodeThatStopsAnsweringFailsAfterTheReadTimeoutRetryableAndSaysNoRowWasAcknowledged()
      throws Exception {
    try (TcpProxy proxy = new TcpProxy(TestIoTDB.endpoint());
        TableSession s = TableSession.open(Databases.quiverConfig(DB).nodeUrls(proxy.endpoint())
            .readTimeout(Duration.ofSeconds(5)).maxRetry(0).awaitWindowOnClose(false).build())) {
      s.insert(rows(0, 10));
      proxy.silence();
      long t0 = System.nanoTime();
      ConnectionException e = assertThrows(ConnectionException.class, () -> s.insert(rows(100, 10)));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(e.isRetryable(), e.getMessage());
      assertTrue(ms >= 4_900 && ms < 60_000, "failed after " + ms + " ms");
      assertTrue(e.getMessage().contains("no answer within 5000 ms (readTimeout)")
          && e.getMessage().contains("0 of 10 rows acknowledged, 10 not acknowledged"), e.getMessage());
      assertEquals(proxy.endpoint(), e.endpoint());
    }
  }

  @Test
  void aQueryOnASilentNodeWaitsForItsOwnTimeLimitPlusAMarginNotLessAndThenFails() throws Exception {
    try (TcpProxy proxy = new TcpProxy(TestIoTDB.endpoint());
        TableSession s = TableSession.open(Databases.quiverConfig(DB).nodeUrls(proxy.endpoint())
            .readTimeout(Duration.ofMillis(500)).maxRetry(0).build())) {
      proxy.silence();
      long t0 = System.nanoTime();
      ConnectionException e = assertThrows(ConnectionException.class,
          () -> s.executeQueryStatement("SELECT count(*) FROM t", 1_000));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(e.isRetryable(), e.getMessage());
      // The query's own limit (1 s) + 10 s, not the 500 ms read timeout: the server's own timeout
      // answer must be able to arrive first.
      assertTrue(ms >= 10_500 && ms < 60_000, "failed after " + ms + " ms");
      assertTrue(e.getMessage().contains("no answer within 11000 ms"), e.getMessage());
    }
  }

  @Test
  void withASecondNodeTheInsertMovesThereAfterTheReadTimeoutAndSucceeds() throws Exception {
    try (TcpProxy silent = new TcpProxy(TestIoTDB.endpoint());
        TableSession s = TableSession.open(Databases.quiverConfig(DB).nodeUrls(silent.endpoint(), TestIoTDB.endpoint())
            .readTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(10)).maxRetry(1)
            .retryInterval(Duration.ofMillis(100)).build())) {
      assertEquals(silent.endpoint(), s.endpoint(), "the session starts on the first node");
      s.insert(rows(1_000, 10));
      silent.silence();
      long t0 = System.nanoTime();
      s.insert(rows(2_000, 10));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(TestIoTDB.endpoint(), s.endpoint(), "the retry went to the node that answers");
      assertTrue(ms >= 4_900 && ms < 60_000, "took " + ms + " ms");
      assertEquals(1, s.replayStats().replayedFrames(), "the first insert was replayed on the new node first");
      try (SessionDataSet rs = s.executeQueryStatement("SELECT count(*) FROM t WHERE time >= 1000 AND time < 3000")) {
        assertTrue(rs.next());
        assertEquals(20, rs.getLong(0));
      }
    }
  }
}
