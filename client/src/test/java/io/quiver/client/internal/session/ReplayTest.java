package io.quiver.client.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ConnectionException;
import io.quiver.client.DataType;
import io.quiver.client.ReplayRefusedException;
import io.quiver.client.StatementException;
import io.quiver.client.Tablet;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.Replayer;
import java.util.List;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.junit.jupiter.api.Test;

/**
 * The replay after a reconnect ({@link Links#live} and {@link Replayer}): frames go again in
 * order and in their database; a 301 keeps them for a later try; a refusal drops only the refused
 * ones and names them.
 */
class ReplayTest {
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private final FakeClock clock = new FakeClock();
  private final FakeNetwork net = new FakeNetwork(clock, 3_000);
  private final Links links = Links.open(new Connector(List.of("127.0.0.1:6667", "127.0.0.1:6668"), net), "db1");

  private static Tablet rows(String table, int n) {
    Tablet.Builder b = Tablet.builder(table).tag("dev").field("v", DataType.DOUBLE);
    for (int i = 0; i < n; i++) {
      b.row((long) i, "d", 1.0);
    }
    return b.build();
  }

  private void crash() {
    net.down(A);
    assertThrows(ConnectionException.class, () -> links.home().ping());
    net.up(A);
  }

  @Test
  void framesAreReplayedInOrderEachInItsDatabaseAndTheDatabaseIsRestored() {
    links.home().insert(rows("t", 1));
    links.home().execute("USE \"db2\"", 1, 0);
    links.home().insert(rows("u", 2));
    links.home().execute("USE \"db1\"", 1, 0);
    crash();
    links.live(() -> { });
    int from = net.log.indexOf("open 127.0.0.1:6668");
    assertEquals(List.of("open 127.0.0.1:6668", "replay 127.0.0.1:6668 t 1", "execute 127.0.0.1:6668 USE \"db2\"",
        "replay 127.0.0.1:6668 u 2", "execute 127.0.0.1:6668 USE \"db1\""), net.log.subList(from, net.log.size()));
    assertEquals(2, links.home().window().frames(), "replayed frames stay until they outlive the window again");
    assertEquals(0, links.home().window().unconfirmed());
  }

  @Test
  void aNodeThatCannotReachTheLeaderKeepsTheFramesForALaterTry() {
    links.home().insert(rows("t", 1));
    crash();
    net.replayAnswer((node, table) -> new TSStatus(301).setMessage("Fail to send plan node"));
    StatementException e = assertThrows(StatementException.class, () -> links.live(() -> { }));
    assertTrue(e.isRetryable());
    assertEquals(1, links.home().window().unconfirmed());
    net.replayAnswer((node, table) -> new TSStatus(200));
    links.live(() -> { });
    assertEquals(0, links.home().window().unconfirmed());
  }

  @Test
  void aRefusedFrameLeavesTheOthersAreReplayedAndTheRefusalNamesIt() {
    links.home().insert(rows("gone", 3));
    links.home().insert(rows("t", 1));
    crash();
    net.replayAnswer((node, table) -> table.equals("gone") ? new TSStatus(550).setMessage("table does not exist")
        : new TSStatus(200));
    ReplayRefusedException e = assertThrows(ReplayRefusedException.class, () -> links.live(() -> { }));
    assertEquals(3, e.refusedRows());
    assertTrue(e.getMessage().contains("'gone'"), e.getMessage());
    assertEquals(1, links.home().window().frames());
    assertEquals(1, links.home().window().refusedFrames());
  }
}
