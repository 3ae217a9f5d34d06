package io.quiver.client.internal.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quiver.client.DataType;
import io.quiver.client.PartialInsertException;
import io.quiver.client.RedirectStats;
import io.quiver.client.StatementException;
import io.quiver.client.Tablet;
import io.quiver.client.internal.DeviceRoutes;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.Statuses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.iotdb.common.rpc.thrift.TEndPoint;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WriteRouter}: learns device routes from hints, cuts later batches per node, and falls
 * back to the home link (replaying the failed node's window there first) when a node fails.
 */
class WriteRouterTest {
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private static final Endpoint B = new Endpoint("127.0.0.1", 6668);
  private final FakeClock clock = new FakeClock();
  private final FakeNetwork net = new FakeNetwork(clock, 3_000);
  private final DeviceRoutes routes = new DeviceRoutes();
  private Links links;
  private WriteRouter router;
  private final long[] acknowledged = {0};

  /** Rows of devices d1, d2, d1, d2. */
  private static final Tablet BATCH = Tablet.builder("t").tag("dev").field("v", DataType.DOUBLE)
      .row(1L, "d1", 1.0).row(2L, "d2", 2.0).row(3L, "d1", 3.0).row(4L, "d2", 4.0).build();

  @BeforeEach
  void setUp() {
    links = Links.open(new Connector(List.of("127.0.0.1:6667"), net), null);
    Retrier retrier = new Retrier(new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(60), 0), clock);
    router = new WriteRouter(links, retrier, () -> links.live(() -> { }), routes, 5000);
    // Node A leads d1 and hints that the odd rows (d2) live on B, as a 1C2D cluster answers.
    net.answer((node, batch) -> node.equals(A) && batch.rowCount() == 4 ? hint(B, 4) : new TSStatus(200));
  }

  private static TSStatus hint(Endpoint other, int rows) {
    List<TSStatus> subs = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      TSStatus sub = new TSStatus(200);
      if (i % 2 == 1) {
        sub.setRedirectNode(new TEndPoint(other.host(), other.port()));
      }
      subs.add(sub);
    }
    TSStatus status = new TSStatus(Statuses.REDIRECTION_RECOMMEND);
    status.setSubStatus(subs);
    return status;
  }

  @Test
  void aHintedBatchTeachesRoutesAndTheNextBatchIsCutPerNode() {
    router.deliver(BATCH, n -> acknowledged[0] += n);
    assertEquals(List.of("insert 127.0.0.1:6667 t 4"), net.logged("insert"));
    assertEquals(2, routes.size());

    router.deliver(BATCH, n -> acknowledged[0] += n);
    assertEquals(List.of("insert 127.0.0.1:6667 t 4", "insert 127.0.0.1:6667 t 2", "insert 127.0.0.1:6668 t 2"),
        net.logged("insert"), "the home node's rows first, then one request per other node");
    assertEquals(8, acknowledged[0]);
    assertEquals(new RedirectStats(true, 2, 1, 1, 2, 0, 1), router.stats());
  }

  @Test
  void aFailedNodesRowsGoHomeAfterItsWindowIsReplayedThereAndItsDevicesAreForgotten() {
    router.deliver(BATCH, n -> { });
    router.deliver(BATCH, n -> { });
    net.down(B);
    router.deliver(BATCH, n -> acknowledged[0] += n);
    List<String> tail = net.log.subList(net.log.indexOf("insert 127.0.0.1:6668 t 2") + 1, net.log.size());
    assertEquals(List.of("send 127.0.0.1:6667 t 2", "insert 127.0.0.1:6667 t 2", "close 127.0.0.1:6668",
        "replay 127.0.0.1:6667 t 2", "insert 127.0.0.1:6667 t 2"), tail,
        "B's acknowledged request is replayed home before B's rows go there");
    assertEquals(4, acknowledged[0]);
    RedirectStats stats = router.stats();
    assertEquals(1, stats.fallbacks());
    assertEquals(0, stats.redirectConnections());
    assertEquals(1, stats.devicesKnown(), "B's device forgotten, A's kept");
    assertNull(links.redirect(B));
  }

  @Test
  void aBatchCutForTwoNodesIsSentToBothBeforeEitherAnswerIsRead() {
    router.deliver(BATCH, n -> acknowledged[0] += n);
    net.log.clear();
    router.deliver(BATCH, n -> acknowledged[0] += n);
    assertEquals(List.of("send 127.0.0.1:6667 t 2", "send 127.0.0.1:6668 t 2", "insert 127.0.0.1:6667 t 2",
        "insert 127.0.0.1:6668 t 2"), net.logged("send", "insert"), "both requests out, then the answers in order");
    assertEquals(8, acknowledged[0]);
  }

  @Test
  void nodeAfterNodeReadsEachAnswerBeforeTheNextRequest() {
    router.pipelined(false);
    router.deliver(BATCH, n -> { });
    net.log.clear();
    router.deliver(BATCH, n -> acknowledged[0] += n);
    assertEquals(List.of("insert 127.0.0.1:6667 t 2", "insert 127.0.0.1:6668 t 2"), net.logged("send", "insert"));
    assertEquals(4, acknowledged[0]);
  }

  @Test
  void aRedirectNodeThatDiesBeforeAnsweringHasItsRowsSentHomeAfterTheHomeAnswer() {
    router.deliver(BATCH, n -> { });
    router.deliver(BATCH, n -> { });
    net.log.clear();
    net.loseAnswers(B, 1);
    router.deliver(BATCH, n -> acknowledged[0] += n);
    assertEquals(List.of("send 127.0.0.1:6667 t 2", "send 127.0.0.1:6668 t 2", "insert 127.0.0.1:6667 t 2",
        "lost answer 127.0.0.1:6668 2", "close 127.0.0.1:6668", "replay 127.0.0.1:6667 t 2",
        "insert 127.0.0.1:6667 t 2"), net.log, "B's earlier acknowledged request replayed home, then its rows");
    assertEquals(4, acknowledged[0], "every row acknowledged once");
    assertEquals(1, router.stats().fallbacks());
    assertNull(links.redirect(B));
  }

  @Test
  void aRefusalForGoodAtHomeStillReadsTheOtherNodesAnswerAndCountsItsRows() {
    router.deliver(BATCH, n -> { });
    net.answer((node, batch) -> node.equals(A) ? refused() : new TSStatus(200));
    net.log.clear();
    StatementException e = assertThrows(StatementException.class,
        () -> router.deliver(BATCH, n -> acknowledged[0] += n));
    assertEquals(507, e.statusCode());
    assertEquals(List.of("send 127.0.0.1:6667 t 2", "send 127.0.0.1:6668 t 2", "insert 127.0.0.1:6667 t 2",
        "insert 127.0.0.1:6668 t 2"), net.logged("send", "insert"), "B's answer read: its link stays usable");
    assertEquals(2, acknowledged[0], "B's rows were acknowledged");
    assertEquals(1, router.stats().redirectConnections(), "B's link kept");
    assertEquals(false, links.redirect(B).isBroken());
  }

  @Test
  void aRedirectNodesRefusalForGoodAfterHomeAcknowledgedIsAPartialInsertCountingHomesRows() {
    router.deliver(BATCH, n -> { });
    net.answer((node, batch) -> node.equals(B) ? refused() : new TSStatus(200));
    InsertPlanner planner = new InsertPlanner(
        new Retrier(new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(60), 0), clock),
        () -> links.live(() -> { }), router);
    PartialInsertException e = assertThrows(PartialInsertException.class, () -> planner.insert(BATCH));
    assertEquals(2, e.acknowledgedRows(), "the home node's rows: " + e.getMessage());
    assertEquals(0, e.acknowledgedPrefixRows(), "rows of the batch's one request are not a prefix");
    assertEquals(0, router.stats().fallbacks(), "a refusal for good is not sent again elsewhere");
  }

  private static TSStatus refused() {
    TSStatus s = new TSStatus(507);
    s.setMessage("data type mismatch");
    return s;
  }

  @Test
  void withoutRedirectionEverythingGoesHomeAndNothingIsLearned() {
    WriteRouter off = new WriteRouter(links,
        new Retrier(new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0), clock),
        () -> links.live(() -> { }), null, 5000);
    off.deliver(BATCH, n -> acknowledged[0] += n);
    off.deliver(BATCH, n -> acknowledged[0] += n);
    assertEquals(2, net.logged("insert 127.0.0.1:6667 t 4").size());
    assertEquals(RedirectStats.class, off.stats().getClass());
    assertEquals(false, off.stats().enabled());
  }

  @Test
  void groupingIsAStableCountingSortWithTheHomeGroupFirst() {
    int[][] groups = WriteRouter.groupByTarget(new int[] {1, -1, 0, 1, -1, 0}, 6, 1);
    assertArrayEquals(new int[] {1, 4}, groups[0]);
    assertArrayEquals(new int[] {2, 5}, groups[1]);
    assertArrayEquals(new int[] {0, 3}, groups[2]);
  }
}
