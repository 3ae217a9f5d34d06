package io.quiver.client.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ConnectionException;
import io.quiver.client.DataType;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.PartialInsertException;
import io.quiver.client.Tablet;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.RequestSizes;
import io.quiver.client.spi.InsertBatch;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link InsertPlanner}: frame splitting, every part checked before the first is sent, and the
 * rows acknowledged counted into the final error.
 */
class InsertPlannerTest {
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private final FakeClock clock = new FakeClock();
  private final FakeNetwork net = new FakeNetwork(clock, 0);

  private static Tablet rows(int n) {
    Tablet.Builder b = Tablet.builder("t").tag("dev").field("v", DataType.DOUBLE);
    for (int i = 0; i < n; i++) {
      b.row((long) i, "d" + (i % 7), (double) i);
    }
    return b.build();
  }

  private InsertPlanner planner(int maxRetry) {
    Links links = Links.open(new Connector(List.of("127.0.0.1:6667"), net), null);
    Retrier retrier = new Retrier(new RetryPolicy(maxRetry, Duration.ofMillis(500), RetryPolicy.MAX_WAIT,
        Duration.ofSeconds(60), 0), clock);
    WriteRouter router = new WriteRouter(links, retrier, () -> links.live(() -> { }), null, 5000);
    return new InsertPlanner(retrier, () -> links.live(() -> { }), router);
  }

  @Test
  void aBatchOverTheFrameLimitIsSentAsRangesAllCheckedBeforeTheFirstIsSent() {
    Tablet batch = rows(640);
    net.serverMaxFrameSize((int) (RequestSizes.insertFrameBound(batch) / 3));
    planner(0).insert(batch);
    List<String> sent = net.logged("insert");
    assertTrue(sent.size() >= 3, sent.toString());
    int total = 0;
    for (String line : sent) {
      total += Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
    }
    assertEquals(640, total);
    assertEquals(sent.size(), net.logged("encode").size(), "every range encoded once before sending");
    int lastEncode = net.log.lastIndexOf(net.logged("encode").get(sent.size() - 1));
    assertTrue(lastEncode < net.log.indexOf(sent.get(0)), net.log.toString());
  }

  @Test
  void splittingCutsOnMultiplesOf64AndEachRangeFits() {
    Tablet batch = rows(1000);
    int limit = (int) (RequestSizes.insertFrameBound(batch) / 4);
    List<InsertBatch> parts = InsertPlanner.split(batch, limit);
    int total = 0;
    for (InsertBatch part : parts) {
      assertTrue(RequestSizes.insertFrameBound(part) <= limit);
      total += part.rowCount();
    }
    assertEquals(1000, total);
    assertEquals(0, parts.get(0).rowCount() % 64);
  }

  @Test
  void rangesThatCannotFitAreRefusedBeforeAnythingIsSent() {
    Tablet batch = rows(64);
    InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> InsertPlanner.split(batch, 100));
    assertTrue(e.getMessage().contains("dn_thrift_max_frame_size"), e.getMessage());
  }

  @Test
  void aRangeThatFailsAfterOthersWereAcknowledgedIsAPartialInsertWithTheCounts() {
    Tablet batch = rows(640);
    net.serverMaxFrameSize((int) (RequestSizes.insertFrameBound(batch) / 3));
    InsertPlanner planner = planner(0);
    net.answer((node, b) -> {
      if (net.logged("insert").size() == 2) {
        net.down(A);
      }
      return new org.apache.iotdb.common.rpc.thrift.TSStatus(200);
    });
    PartialInsertException e = assertThrows(PartialInsertException.class, () -> planner.insert(batch));
    List<String> sent = net.logged("insert");
    long acked = 0;
    for (String line : sent) {
      acked += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
    }
    assertEquals(acked, e.acknowledgedRows());
    assertEquals(acked, e.acknowledgedPrefixRows(), "consecutive ranges: everything acknowledged is a prefix");
    assertEquals(640, e.totalRows());
    assertTrue(e.isRetryable());
    assertTrue(e.getCause() instanceof ConnectionException);
  }

  @Test
  void aFailureWithNothingAcknowledgedSaysSoWithTheTries() {
    InsertPlanner planner = planner(2);
    net.down(A);
    net.opened.get(0).close(); // the session's link is gone too: every try reconnects and is refused
    ConnectionException e = assertThrows(ConnectionException.class, () -> planner.insert(rows(10)));
    assertTrue(e.getMessage().startsWith("insert 10 rows into table 't' failed (0 of 10 rows acknowledged, 10 not"
        + " acknowledged after 3 tries in 1.5 s)"), e.getMessage());
    assertEquals(3, net.logged("refused").size());
  }

  @Test
  void anEmptyBatchIsSkipped() {
    InsertPlanner planner = planner(0);
    planner.insert(Tablet.builder("t").tag("dev").build());
    assertEquals(List.of(), net.logged("insert"));
  }
}
