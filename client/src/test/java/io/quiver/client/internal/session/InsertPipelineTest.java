package io.quiver.client.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.DataType;
import io.quiver.client.StatementException;
import io.quiver.client.Tablet;
import io.quiver.client.internal.DeviceRoutes;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.Statuses;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.junit.jupiter.api.Test;

/**
 * {@link InsertPipeline} over fake links that track their unanswered requests as a pipelining
 * connection does: what is sent before which answer is read, and what becomes of refusals, lost
 * answers, transient refusals and redirect hints (docs/pipelined-inserts.md).
 */
class InsertPipelineTest {
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private final FakeClock clock = new FakeClock();
  private final FakeNetwork net = new FakeNetwork(clock, 3_000);
  private InsertPipeline pipeline;
  private InsertPlanner planner;

  /** A session's insert path with pipelining {@code depth}, a window cap of {@code maxBytes}. */
  private void build(int depth, long maxBytes, DeviceRoutes routes) {
    Links links = Links.open(new Connector(List.of("127.0.0.1:6667"), net), null);
    Retrier retrier = new Retrier(new RetryPolicy(3, Duration.ofMillis(500), RetryPolicy.MAX_WAIT,
        Duration.ofSeconds(60), 0), clock);
    Supplier<Link> live = () -> links.live(() -> { });
    pipeline = new InsertPipeline(depth, maxBytes, retrier, live);
    WriteRouter router = new WriteRouter(links, retrier, () -> {
      pipeline.settle();
      return live.get();
    }, routes, 5000);
    router.pipeline(pipeline);
    planner = new InsertPlanner(retrier, live, router, pipeline);
  }

  private static Tablet rows(String table, int n) {
    Tablet.Builder b = Tablet.builder(table).tag("dev").field("v", DataType.INT64);
    for (int i = 0; i < n; i++) {
      b.row((long) i, "d" + i, (long) i);
    }
    return b.build();
  }

  private List<String> traffic() {
    return net.logged("send", "insert", "replay");
  }

  @Test
  void requestsGoOutWithoutWaitingUntilTheDepthIsReachedThenTheOldestAnswerIsReadFirst() {
    build(3, 1 << 20, null);
    for (int n = 1; n <= 5; n++) {
      planner.insert(rows("t", n));
    }
    assertEquals(List.of("send " + A + " t 1", "send " + A + " t 2", "send " + A + " t 3", "insert " + A + " t 1",
        "send " + A + " t 4", "insert " + A + " t 2", "send " + A + " t 5"), traffic());
    assertEquals(3, pipeline.inFlight());
    pipeline.settle();
    pipeline.takeFailure();
    assertEquals(0, pipeline.inFlight());
    assertEquals(List.of("insert " + A + " t 3", "insert " + A + " t 4", "insert " + A + " t 5"),
        traffic().subList(7, 10));
  }

  @Test
  void requestsWhoseAnswersNeverCameAreReplayedOnTheNextConnectionInOrderBeforeNewWork() {
    build(4, 1 << 20, null);
    planner.insert(rows("t", 1));
    planner.insert(rows("t", 2));
    planner.insert(rows("t", 3));
    net.loseAnswers(A, 1); // the connection dies with three requests in flight
    planner.insert(rows("t", 4)); // sent too, on the dying connection
    pipeline.settle();
    pipeline.takeFailure(); // nothing to report: every request was sent again and acknowledged
    List<String> t = traffic();
    assertEquals(List.of("replay " + A + " t 1", "replay " + A + " t 2", "replay " + A + " t 3",
        "replay " + A + " t 4"), t.subList(t.size() - 4, t.size()), t.toString());
    assertEquals(2, net.logged("open").size(), net.log.toString());
    planner.insert(rows("t", 5));
    pipeline.settle();
    assertEquals("insert " + A + " t 5", traffic().get(traffic().size() - 1));
  }

  @Test
  void aRefusalIsThrownByTheNextInsertBeforeItSendsAnythingAndNamesTheRefusedRequest() {
    net.answer((node, batch) -> batch.tableName().equals("bad")
        ? new TSStatus(507).setMessage("data type mismatch") : new TSStatus(Statuses.SUCCESS));
    build(2, 1 << 20, null);
    planner.insert(rows("bad", 1));
    planner.insert(rows("t", 2));
    planner.insert(rows("t", 3)); // reads the refusal of the first
    StatementException e = assertThrows(StatementException.class, () -> planner.insert(rows("t", 4)));
    assertTrue(e.getMessage().contains("insert 1 rows into table 'bad'"), e.getMessage());
    assertTrue(e.getMessage().contains("maxInFlightInserts 2"), e.getMessage());
    assertEquals(507, e.statusCode());
    assertFalse(e.isRetryable());
    assertTrue(net.logged("send " + A + " t 4").isEmpty(), "the insert that threw sent nothing");
    pipeline.settle();
    pipeline.takeFailure(); // reported once
    assertEquals(List.of("insert " + A + " t 2", "insert " + A + " t 3"), net.logged("insert " + A + " t"));
  }

  @Test
  void aTransientRefusalIsSentAgainOnceTheOtherAnswersWereRead() {
    int[] busy = {1};
    net.answer((node, batch) -> batch.tableName().equals("busy") && busy[0]-- > 0
        ? new TSStatus(606).setMessage("memory is short until a flush completes") : new TSStatus(Statuses.SUCCESS));
    build(4, 1 << 20, null);
    planner.insert(rows("busy", 1));
    planner.insert(rows("t", 2));
    pipeline.settle();
    pipeline.takeFailure();
    assertEquals(List.of("send " + A + " busy 1", "send " + A + " t 2", "insert " + A + " busy 1",
        "insert " + A + " t 2", "replay " + A + " busy 1"), traffic());
  }

  @Test
  void anAnswerWithARedirectHintEndsPipeliningSoTheRouterLearnsFromTheNextAnswers() {
    net.answer((node, batch) -> new TSStatus(Statuses.REDIRECTION_RECOMMEND));
    build(4, 1 << 20, new DeviceRoutes());
    planner.insert(rows("t", 1));
    planner.insert(rows("t", 2));
    assertFalse(pipeline.hinted());
    pipeline.settle();
    assertTrue(pipeline.hinted());
    planner.insert(rows("t", 3));
    List<String> t = traffic();
    assertEquals("insert " + A + " t 3", t.get(t.size() - 1), "sent and answered at once: " + t);
    assertTrue(net.logged("send " + A + " t 3").isEmpty());
  }

  @Test
  void aRequestLargerThanTheWindowCapIsSentTheOrdinaryWayAfterTheAnswersInFlight() {
    build(4, 2_000, null);
    planner.insert(rows("t", 1));
    planner.insert(rows("t", 500)); // its request is bounded above 2,000 bytes: not pipelined
    assertEquals(List.of("send " + A + " t 1", "insert " + A + " t 1", "insert " + A + " t 500"), traffic());
  }

  @Test
  void withDepthOneNothingIsPipelined() {
    build(1, 1 << 20, null);
    assertFalse(pipeline.enabled());
    planner.insert(rows("t", 1));
    assertFalse(pipeline.accepts(rows("t", 1), false));
  }
}
