package io.quiver.client.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ConnectionException;
import io.quiver.client.DataType;
import io.quiver.client.Tablet;
import io.quiver.client.internal.DeviceRoutes;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.Statuses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iotdb.common.rpc.thrift.TEndPoint;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.junit.jupiter.api.Test;

/**
 * Redirection hints to nodes the client cannot reach (apache/iotdb#7748), over a fake network and
 * clock: a node that failed to connect is passed over for the quarantine, so a bad hint costs one
 * connect per period, not one per batch, and every row still goes through the home node; the
 * address map sends hints to the address that is reachable.
 */
class UnreachableHintTest {
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private static final Endpoint B = new Endpoint("127.0.0.1", 6668);
  private static final Endpoint INTERNAL = new Endpoint("172.18.0.3", 6667);
  private static final long QUARANTINE_MILLIS = 30_000;
  private final FakeClock clock = new FakeClock();
  private final FakeNetwork net = new FakeNetwork(clock, 0);
  private final DeviceRoutes routes = new DeviceRoutes();
  private long acknowledged;

  /** Rows of devices d1, d2, d1, d2. */
  private static final Tablet BATCH = Tablet.builder("t").tag("dev").field("v", DataType.DOUBLE)
      .row(1L, "d1", 1.0).row(2L, "d2", 2.0).row(3L, "d1", 3.0).row(4L, "d2", 4.0).build();

  /** A router whose home is A, which hints that d2 lives on {@code hinted}; the address map given. */
  private WriteRouter router(Endpoint hinted, Map<Endpoint, Endpoint> map) {
    NodeDirectory nodes = new NodeDirectory(List.of(A), map, null, 0, QUARANTINE_MILLIS * 1_000_000, clock);
    Links links = Links.open(new Connector(nodes, net), null);
    Retrier retrier = new Retrier(new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(60), 0), clock);
    net.answer((node, batch) -> node.equals(A) && batch.rowCount() == 4 ? hint(hinted) : new TSStatus(200));
    return new WriteRouter(links, retrier, () -> links.live(() -> { }), routes, 5000);
  }

  private static TSStatus hint(Endpoint other) {
    List<TSStatus> subs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      TSStatus sub = new TSStatus(200);
      if (i % 2 == 1) {
        sub.setRedirectNode(new TEndPoint(other.host(), other.port()));
      }
      subs.add(sub);
    }
    return new TSStatus(Statuses.REDIRECTION_RECOMMEND).setSubStatus(subs);
  }

  /** The rows of the inserts logged for {@code node}. */
  private int rowsInsertedInto(Endpoint node) {
    int rows = 0;
    for (String line : net.logged("insert " + node + " ")) {
      rows += Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
    }
    return rows;
  }

  private void deliver(WriteRouter router, int batches) {
    for (int i = 0; i < batches; i++) {
      router.deliver(BATCH, n -> acknowledged += n);
    }
  }

  @Test
  void aHintToANodeThatDoesNotAnswerCostsOneConnectPerQuarantineNotOnePerBatch() {
    net.down(B);
    WriteRouter router = router(B, Map.of());
    deliver(router, 10);
    assertEquals(List.of("refused 127.0.0.1:6668"), net.logged("refused"), "one connect attempt for 10 batches");
    assertEquals(40, acknowledged, "every row written");
    assertEquals(40, rowsInsertedInto(A), "every row through the home node");
    assertEquals(List.of(), net.logged("insert 127.0.0.1:6668"));

    clock.advanceMillis(QUARANTINE_MILLIS - 1);
    deliver(router, 1);
    assertEquals(1, net.logged("refused").size(), "still in quarantine");
    clock.advanceMillis(1);
    deliver(router, 3);
    assertEquals(2, net.logged("refused").size(), "tried once more when the quarantine ended");
    assertEquals(56, acknowledged);
  }

  @Test
  void aNodeThatAnswersAgainAfterItsQuarantineTakesItsRows() {
    net.down(B);
    WriteRouter router = router(B, Map.of());
    deliver(router, 3);
    net.up(B);
    clock.advanceMillis(QUARANTINE_MILLIS);
    deliver(router, 2);
    assertEquals(List.of("insert 127.0.0.1:6667 t 2", "insert 127.0.0.1:6668 t 2"),
        net.logged("insert").subList(net.logged("insert").size() - 2, net.logged("insert").size()));
    assertEquals(20, acknowledged);
  }

  @Test
  void hintsGoToTheAddressTheMapGives() {
    WriteRouter router = router(INTERNAL, Map.of(INTERNAL, B));
    deliver(router, 2);
    assertEquals(List.of("insert 127.0.0.1:6667 t 4", "insert 127.0.0.1:6667 t 2", "insert 127.0.0.1:6668 t 2"),
        net.logged("insert"), "the rows hinted to 172.18.0.3:6667 went to 127.0.0.1:6668");
    assertEquals(List.of(), net.logged("open 172.18"));
  }

  @Test
  void aMappedAddressThatDoesNotAnswerIsQuarantinedAndTheRefusalNamesBoth() {
    net.down(B);
    NodeDirectory nodes = new NodeDirectory(List.of(A), Map.of(INTERNAL, B), null, 0,
        QUARANTINE_MILLIS * 1_000_000, clock);
    Links links = Links.open(new Connector(nodes, net), null);
    ConnectionException first = assertThrows(ConnectionException.class, () -> links.openRedirect(INTERNAL));
    assertFalse(first instanceof QuarantinedNodeException, "the connect itself failed: reported loudly");
    ConnectionException e = assertThrows(QuarantinedNodeException.class, () -> links.openRedirect(INTERNAL));
    assertEquals(1, net.logged("refused").size(), "the second open did not connect");
    assertTrue(e.isRetryable());
    assertEquals("127.0.0.1:6668", e.endpoint());
    assertTrue(e.getMessage().contains("127.0.0.1:6668 (reported as 172.18.0.3:6667)")
        && e.getMessage().contains("unreachableNodeQuarantine") && e.getMessage().contains("in 30000 ms"),
        e.getMessage());
  }

  @Test
  void withoutAQuarantineEveryBatchTriesTheNodeAgain() {
    net.down(B);
    NodeDirectory nodes = new NodeDirectory(List.of(A), Map.of(), null, 0, 0, clock);
    Links links = Links.open(new Connector(nodes, net), null);
    Retrier retrier = new Retrier(new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(60), 0), clock);
    net.answer((node, batch) -> node.equals(A) && batch.rowCount() == 4 ? hint(B) : new TSStatus(200));
    // The router forgets B's devices when its link fails and learns them again from the next
    // hint: every other batch is cut per node and tries B.
    deliver(new WriteRouter(links, retrier, () -> links.live(() -> { }), routes, 5000), 10);
    assertEquals(5, net.logged("refused").size(), "the cost the quarantine saves: a connect every other batch");
  }
}
