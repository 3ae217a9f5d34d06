package io.quiver.client.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ConnectionException;
import io.quiver.client.DataType;
import io.quiver.client.Tablet;
import io.quiver.client.internal.Endpoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionBundle}: a broken home link has its results closed before the reconnect; a bundle
 * handed back has its database restored, is kept when it broke holding frames, and is closed when
 * it cannot be reused; a close that meets a failure still closes the links.
 */
class SessionBundleTest {
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private static final Tablet ROWS = Tablet.builder("t").tag("dev").field("v", DataType.DOUBLE)
      .row(1L, "d1", 1.0).build();
  private final FakeClock clock = new FakeClock();
  private final FakeNetwork net = new FakeNetwork(clock, 3_000);
  private final Links links = Links.open(new Connector(List.of("127.0.0.1:6667", "127.0.0.1:6668"), net), "db1");
  private final OpenResults results = new OpenResults();
  private final SessionBundle bundle = bundle(false);

  private SessionBundle bundle(boolean awaitOnClose) {
    SessionBundle b = new SessionBundle(links, results);
    Retrier retrier = new Retrier(
        new RetryPolicy(2, Duration.ofMillis(500), RetryPolicy.MAX_WAIT, Duration.ofSeconds(60), 0), clock);
    b.keeper(new WindowKeeper(links, retrier, clock, awaitOnClose, 3_000));
    return b;
  }

  @Test
  void aBrokenHomeLinkHasItsResultsClosedBeforeTheReconnect() {
    int[] closed = new int[1];
    results.add("result", () -> closed[0]++);
    net.down(A);
    assertThrows(ConnectionException.class, () -> links.home().ping(1));
    Link fresh = bundle.live();
    assertEquals(1, closed[0]);
    assertEquals(0, results.size());
    assertEquals(new Endpoint("127.0.0.1", 6668), fresh.endpoint());
  }

  @Test
  void aBundleHandedBackAfterAUseHasThePoolsDatabaseRestored() {
    links.home().execute("USE \"db2\"", 1, 0);
    links.database("db2");
    assertSame(links, bundle.handBack("db1", true));
    assertEquals("db1", links.database());
    assertEquals("execute 127.0.0.1:6667 USE \"db1\"", net.logged("execute").get(1));
  }

  @Test
  void aBrokenBundleHoldingFramesIsKeptForTheNextBorrowerToReplay() {
    links.home().insert(ROWS);
    links.database("db2");
    net.down(A);
    assertThrows(ConnectionException.class, () -> links.home().ping(1));
    assertSame(links, bundle.handBack("db1", true));
    assertEquals("db1", links.database(), "the reconnect opens in the pool's database");
    assertEquals(List.of(), net.logged("close"));
  }

  @Test
  void aBundleThatCannotBeReusedIsClosed() {
    links.database("db2");
    assertNull(bundle.handBack(null, true), "no database to go back to");
    assertEquals(List.of("close 127.0.0.1:6667"), net.logged("close"));
  }

  @Test
  void aFailedResultCloseIsThrownAfterTheLinksAreClosed() {
    results.add("result", () -> {
      throw new IllegalStateException("release failed");
    });
    IllegalStateException e = assertThrows(IllegalStateException.class, bundle::close);
    assertTrue(e.getMessage().contains("release failed"));
    assertEquals(List.of("close 127.0.0.1:6667"), net.logged("close"));
  }

  @Test
  void aWindowThatCannotBeConfirmedBeforeTheCloseIsReportedAfterClosing() {
    SessionBundle waiting = bundle(true);
    links.home().insert(ROWS);
    net.down(A);
    net.down(new Endpoint("127.0.0.1", 6668));
    assertThrows(ConnectionException.class, waiting::close);
    assertTrue(net.logged("close").contains("close 127.0.0.1:6667"));
  }
}
