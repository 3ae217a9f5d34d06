package io.quiver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.session.FakeClock;
import io.quiver.client.internal.session.FakeNetwork;
import io.quiver.client.internal.session.SessionWiring;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TableSession} assembled over a fake network and clock: an insert that meets a crash is
 * retried on the next node after the window's replay; getters do no I/O; a closed session says so.
 */
class TableSessionTest {
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private final FakeClock clock = new FakeClock();
  private final FakeNetwork net = new FakeNetwork(clock, 3_000);
  private static final Tablet ROWS = Tablet.builder("t").tag("dev").field("v", DataType.DOUBLE)
      .row(1L, "d1", 1.0).row(2L, "d2", 2.0).build();

  private TableSession open() {
    return TableSession.open(TableSessionConfig.builder().nodeUrls("127.0.0.1:6667", "127.0.0.1:6668")
        .replayWindow(Duration.ofSeconds(3)).build(), new SessionWiring(net, clock));
  }

  @Test
  void anInsertThatMeetsACrashIsRetriedOnTheNextNodeAfterTheWindowIsReplayed() {
    try (TableSession s = open()) {
      s.insert(ROWS);
      net.failInserts(A, 1);
      net.down(A);
      s.insert(ROWS);
      assertEquals(List.of("insert 127.0.0.1:6667 t 2", "lost insert 127.0.0.1:6667 2", "open 127.0.0.1:6668",
          "replay 127.0.0.1:6668 t 2", "insert 127.0.0.1:6668 t 2"), net.log.subList(1, 6),
          "the node that failed is tried last; the window goes first");
      assertEquals(List.of(500L), clock.sleeps.subList(0, 1), "one backoff before the second try");
      assertEquals(1, s.replayStats().replayedFrames());
    }
  }

  @Test
  void gettersDoNoIoEvenOnABrokenLink() {
    TableSession s = open();
    net.down(A);
    assertThrows(ConnectionException.class, () -> net.opened.get(0).ping(1));
    int logged = net.log.size();
    assertEquals("127.0.0.1:6667", s.endpoint(), "the node of the broken link, until a call reconnects");
    assertEquals(TimePrecision.MILLISECONDS, s.timePrecision());
    assertEquals("fake", s.serverVersion());
    assertEquals(0, s.replayStats().frames());
    assertTrue(s.redirectStats().enabled());
    assertEquals(logged, net.log.size(), "no connect, no call");
    s.executeNonQueryStatement("FLUSH");
    assertEquals("127.0.0.1:6668", s.endpoint());
    s.close();
  }

  @Test
  void aClosedSessionRefusesWorkAndClosingAgainDoesNothing() {
    TableSession s = open();
    s.close();
    s.close();
    assertTrue(s.isClosed());
    assertThrows(SessionClosedException.class, () -> s.insert(ROWS));
    assertThrows(SessionClosedException.class, () -> s.executeQueryStatement("SELECT 1"));
    assertThrows(SessionClosedException.class, s::timePrecision);
  }
}
