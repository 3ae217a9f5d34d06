package io.quiver.client.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ConnectionException;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.QueryCursor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Statements} over a fake network and clock: a query is retried on the next node, a
 * statement is not; a {@code USE} moves the bundle's database; what a query opens is registered
 * until it is closed; empty SQL and a bad fetch size fail before any I/O.
 */
class StatementsTest {
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private final FakeClock clock = new FakeClock();
  private final FakeNetwork net = new FakeNetwork(clock, 0);
  private final Links links = Links.open(new Connector(List.of("127.0.0.1:6667", "127.0.0.1:6668"), net), null);
  private final OpenResults results = new OpenResults();
  private final Retrier retrier = new Retrier(
      new RetryPolicy(2, Duration.ofMillis(500), RetryPolicy.MAX_WAIT, Duration.ofSeconds(60), 0), clock);
  private final Statements statements =
      new Statements(retrier, () -> links.live(() -> { }), links, results, 100);

  /** A row result as the facade makes one: it unregisters itself once, when closed. */
  private static final class Rows {
    final QueryCursor cursor;
    final Runnable onClose;
    int closes;

    Rows(QueryCursor cursor, Runnable onClose) {
      this.cursor = cursor;
      this.onClose = onClose;
    }

    void close() {
      closes++;
      cursor.close();
      onClose.run();
    }
  }

  @Test
  void aQueryThatMeetsABrokenLinkIsRetriedOnTheNextNode() {
    net.down(A);
    Rows rows = statements.query("SELECT * FROM t", 0, (c, link, onClose) -> new Rows(c, onClose), Rows::close);
    assertEquals(List.of("execute 127.0.0.1:6668 SELECT * FROM t"), net.logged("execute"));
    assertEquals(List.of(500L), clock.sleeps, "one backoff between the tries");
    assertEquals(1, results.size());
    rows.close();
    assertEquals(0, results.size(), "closing the result unregisters it");
  }

  @Test
  void aStatementIsSentOnceAndNotRetried() {
    net.down(A);
    assertThrows(ConnectionException.class, () -> statements.executeNonQuery("DELETE FROM t"));
    assertEquals(List.of(), net.logged("execute"), "the failed try was the only one");
    assertEquals(List.of(), clock.sleeps);
  }

  @Test
  void aUseTheServerConfirmsBecomesTheBundlesDatabase() {
    statements.executeNonQuery("USE \"db2\"");
    assertEquals("db2", links.database());
  }

  @Test
  void closingTheResultsClosesWhatAQueryLeftOpen() {
    Rows rows = statements.query("SELECT 1", 0, (c, link, onClose) -> new Rows(c, onClose), Rows::close);
    QueryCursor cursor = statements.openCursor("SELECT 2", 0, 10);
    assertEquals(2, results.size());
    assertSame(null, results.closeAll(), "nothing failed");
    assertEquals(1, rows.closes);
    assertThrows(RuntimeException.class, cursor::nextBlocks, "a cursor cut off says so");
    assertEquals(0, results.size());
  }

  @Test
  void emptySqlAndABadFetchSizeFailBeforeAnyIo() {
    int logged = net.log.size();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> statements.executeNonQuery(" "));
    assertTrue(e.getMessage().contains("empty"));
    assertThrows(IllegalArgumentException.class, () -> statements.query(null, 0, (c, l, r) -> c, QueryCursor::close));
    e = assertThrows(IllegalArgumentException.class, () -> statements.openCursor("SELECT 1", 0, 0));
    assertTrue(e.getMessage().contains("fetchSize"), e.getMessage());
    assertEquals(logged, net.log.size());
  }
}
