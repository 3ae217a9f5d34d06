package io.quiver.client.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ConnectionException;
import io.quiver.client.internal.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Connector}: failover order, and what it says when no node answers. */
class ConnectorTest {
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private static final Endpoint B = new Endpoint("127.0.0.1", 6668);
  private final FakeNetwork net = new FakeNetwork(new FakeClock(), 0);
  private final Connector connector = new Connector(List.of("127.0.0.1:6667", "127.0.0.1:6668"), net);

  @Test
  void connectsToTheFirstNodeThatAnswers() {
    net.down(A);
    assertEquals(B, connector.connect("db1").endpoint());
    assertEquals(List.of("refused 127.0.0.1:6667", "open 127.0.0.1:6668"), net.log);
    assertEquals("db1", net.opened.get(0).database());
  }

  @Test
  void theNextConnectStartsAfterTheNodeLastUsed() {
    assertEquals(A, connector.connect(null).endpoint());
    assertEquals(B, connector.connect(null).endpoint(), "the node just used is tried last");
    assertEquals(A, connector.connect(null).endpoint());
  }

  @Test
  void noNodeAnsweringNamesEveryNodeAndStaysRetryable() {
    net.down(A);
    net.down(B);
    ConnectionException e = assertThrows(ConnectionException.class, () -> connector.connect(null));
    assertTrue(e.getMessage().startsWith("no IoTDB node answered: 127.0.0.1:6667: "), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1:6668: "), e.getMessage());
    assertTrue(e.isRetryable());
    assertEquals("127.0.0.1:6667,127.0.0.1:6668", e.endpoint());
  }

  @Test
  void oneNodeDownThrowsItsOwnFailure() {
    Connector one = new Connector(List.of("127.0.0.1:6667"), net);
    net.down(A);
    ConnectionException e = assertThrows(ConnectionException.class, () -> one.connect(null));
    assertFalse(e.getMessage().startsWith("no IoTDB node answered"));
  }

  @Test
  void aNodeThatFailedIsTriedAfterTheOthersDuringItsQuarantineAndInTurnAfterIt() {
    FakeClock clock = new FakeClock();
    FakeNetwork network = new FakeNetwork(clock, 0);
    Connector c = new Connector(new NodeDirectory(List.of(A, B), java.util.Map.of(), null, 0, 30_000_000_000L, clock),
        network);
    network.down(A);
    assertEquals(B, c.connect(null).endpoint());
    network.up(A);
    assertEquals(B, c.connect(null).endpoint(), "A, next in turn, is still in quarantine: tried after B");
    assertEquals(List.of("refused 127.0.0.1:6667", "open 127.0.0.1:6668", "open 127.0.0.1:6668"), network.log);
    clock.advanceMillis(30_000);
    assertEquals(A, c.connect(null).endpoint(), "the quarantine is over: A in turn again");
  }

  @Test
  void aNodeInQuarantineIsStillTriedWhenNoOtherAnswers() {
    FakeClock clock = new FakeClock();
    FakeNetwork network = new FakeNetwork(clock, 0);
    Connector c = new Connector(new NodeDirectory(List.of(A, B), java.util.Map.of(), null, 0, 30_000_000_000L, clock),
        network);
    network.down(A);
    c.connect(null);
    network.up(A);
    network.down(B);
    assertEquals(A, c.connect(null).endpoint());
  }

  @Test
  void aMalformedUrlNamesTheSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Connector(List.of("127.0.0.1"), net));
    assertTrue(e.getMessage().contains("nodeUrls"), e.getMessage());
  }
}
