package io.quiver.client.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * {@link WindowKeeper}: waits out the window on the fake clock then confirms with one round trip,
 * replays on a new node when the home link broke, absorbs a failed redirect link's window, and
 * reports (not throws) a window it cannot confirm before a close.
 */
class WindowKeeperTest {
  private static final Endpoint B = new Endpoint("127.0.0.1", 6668);
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private static final Tablet ROWS = Tablet.builder("t").tag("dev").field("v", DataType.DOUBLE)
      .row(1L, "d1", 1.0).row(2L, "d2", 2.0).build();
  private final FakeClock clock = new FakeClock();
  private final FakeNetwork net = new FakeNetwork(clock, 3_000);
  private final Links links = Links.open(new Connector(List.of("127.0.0.1:6667", "127.0.0.1:6668"), net), null);
  private final Retrier retrier = new Retrier(
      new RetryPolicy(2, Duration.ofMillis(500), RetryPolicy.MAX_WAIT, Duration.ofSeconds(60), 0), clock);

  private WindowKeeper keeper(boolean awaitOnClose) {
    return new WindowKeeper(links, retrier, clock, awaitOnClose, 3_000);
  }


  @Test
  void waitsUntilTheNewestInsertIsAWindowOldThenOneRoundTripConfirmsIt() {
    links.home().insert(ROWS);
    clock.advanceMillis(1_000);
    keeper(true).await(() -> links.live(() -> { }));
    assertEquals(List.of(2_000L), clock.sleeps, "the rest of the window, no more");
    assertEquals(0, links.home().window().frames());
    assertEquals(1, net.logged("ping").size());
  }

  @Test
  void anEmptyWindowReturnsAtOnce() {
    keeper(true).await(() -> links.live(() -> { }));
    assertEquals(List.of(), clock.sleeps);
    assertEquals(List.of(), net.logged("ping"));
  }

  @Test
  void aBrokenHomeLinkIsReplacedAndItsWindowReplayedThereThenAwaitedAgain() {
    links.home().insert(ROWS);
    net.down(A);
    // The link breaks with the insert still in its window.
    assertThrows(ConnectionException.class, () -> links.home().ping(1));
    keeper(true).await(() -> links.live(() -> { }));
    assertEquals(B, links.home().endpoint());
    assertEquals(List.of("replay 127.0.0.1:6668 t 2"), net.logged("replay"));
    assertEquals(0, links.home().window().frames());
    assertTrue(clock.sleeps.contains(3_000L), "the replayed frames wait their own window: " + clock.sleeps);
  }

  @Test
  void aRedirectLinkThatFailsItsConfirmationHasItsWindowReplayedHome() {
    Link redirect = links.openRedirect(B);
    redirect.insert(ROWS);
    net.down(B);
    keeper(true).await(() -> links.live(() -> { }));
    assertNull(links.redirect(B));
    assertTrue(redirect.isBroken());
    assertEquals(List.of("replay 127.0.0.1:6667 t 2"), net.logged("replay"));
    assertEquals(0, links.home().window().frames());
  }

  @Test
  void aCloseThatCannotConfirmTheWindowReportsTheRowsInsteadOfThrowing() {
    links.home().insert(ROWS);
    net.down(A);
    net.down(B);
    RuntimeException failure = keeper(true).awaitBeforeClosing(() -> links.live(() -> { }));
    assertNotNull(failure);
    assertTrue(failure.getMessage().contains("1 acknowledged insert requests (2 rows)"), failure.getMessage());
  }

  @Test
  void withoutAwaitOnCloseACloseDoesNotWait() {
    links.home().insert(ROWS);
    assertNull(keeper(false).awaitBeforeClosing(() -> links.live(() -> { })));
    assertEquals(List.of(), clock.sleeps);
    assertEquals(1, links.home().window().frames());
  }

  @Test
  void closingABundleClosesItsRedirectLinksToo() {
    links.openRedirect(B);
    keeper(true).awaitAndClose();
    assertTrue(links.home().isBroken());
    assertEquals(2, net.logged("close").size());
  }
}
