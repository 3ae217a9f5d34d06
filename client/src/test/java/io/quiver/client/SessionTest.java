package io.quiver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.RequestWriting;
import io.quiver.client.internal.session.FakeClock;
import io.quiver.client.internal.session.FakeNetwork;
import io.quiver.client.internal.session.SessionWiring;
import io.quiver.client.internal.tree.TreeTablet;
import io.quiver.client.internal.tree.TreeTablets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.junit.jupiter.api.Test;

/**
 * The tree {@link Session} over a fake network and clock: its inserts go through the table
 * session's core (retry on the next node after the window's replay), as requests that write
 * themselves; many devices are packed into requests under the server's frame limit, and a failure
 * after some were acknowledged counts them.
 */
class SessionTest {
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private final FakeClock clock = new FakeClock();
  private final FakeNetwork net = new FakeNetwork(clock, 3_000);
  private final List<Object> sent = new ArrayList<>();

  private Session open() {
    net.answer((node, batch) -> {
      sent.add(batch);
      return new TSStatus(200);
    });
    return Session.open(SessionConfig.builder().nodeUrls("127.0.0.1:6667", "127.0.0.1:6668")
        .replayWindow(Duration.ofSeconds(3)).build(), new SessionWiring(net, clock));
  }

  static Tablet device(String path, int rows) {
    Tablet.Builder b = Tablet.builder(path).field("v", DataType.DOUBLE);
    for (int r = 0; r < rows; r++) {
      b.row((long) r, r * 1.0);
    }
    return b.build();
  }

  @Test
  void aTreeInsertThatMeetsACrashIsRetriedOnTheNextNodeAfterTheWindowIsReplayed() {
    try (Session s = open()) {
      s.insertAlignedTablet(device("root.sg.d1", 2));
      net.failInserts(A, 1);
      net.down(A);
      s.insertAlignedTablet(device("root.sg.d1", 2));
      assertEquals(List.of("insert 127.0.0.1:6667 root.sg.d1 2", "lost insert 127.0.0.1:6667 2",
          "open 127.0.0.1:6668", "replay 127.0.0.1:6668 root.sg.d1 2", "insert 127.0.0.1:6668 root.sg.d1 2"),
          net.log.subList(1, 6));
      assertEquals(1, s.replayStats().replayedFrames());
      assertTrue(sent.stream().allMatch(b -> b instanceof TreeTablet && b instanceof RequestWriting), sent.toString());
    }
  }

  @Test
  void manyDevicesArePackedIntoRequestsUnderTheFrameLimit() {
    net.serverMaxFrameSize(4096);
    try (Session s = open()) {
      List<Tablet> devices = new ArrayList<>();
      for (int d = 0; d < 10; d++) {
        devices.add(device("root.sg.d" + d, 20)); // about 400 bytes each
      }
      s.insertTablets(devices);
      assertTrue(sent.size() > 1 && sent.size() < 10, sent.toString());
      int rows = 0;
      for (Object b : sent) {
        assertTrue(b instanceof TreeTablets, b.toString());
        rows += ((TreeTablets) b).rowCount();
      }
      assertEquals(200, rows);
      assertEquals("root.sg.d0", ((TreeTablets) sent.get(0)).devices().get(0).devicePath());
    }
  }

  @Test
  void aFailureAfterSomeRequestsWereAcknowledgedCountsTheRows() {
    net.serverMaxFrameSize(4096);
    try (Session s = open()) {
      net.answer((node, batch) -> batch.tableName().startsWith("root.sg.d0")
          ? new TSStatus(200) : new TSStatus(507).setMessage("data type of root.sg.d9.v is not consistent"));
      List<Tablet> devices = new ArrayList<>();
      for (int d = 0; d < 10; d++) {
        devices.add(device("root.sg.d" + d, 20));
      }
      PartialInsertException e = assertThrows(PartialInsertException.class, () -> s.insertTablets(devices));
      assertTrue(e.acknowledgedRows() > 0 && e.acknowledgedRows() < 200, e.getMessage());
      assertEquals(e.acknowledgedRows(), e.acknowledgedPrefixRows());
      assertTrue(e.getMessage().contains("wrote the request's other measurements and devices"), e.getMessage());
    }
  }

  @Test
  void withRedirectionATreeSessionSendsEachNodeItsDevicesLearnedFromPerDeviceHints() {
    Endpoint b = new Endpoint("127.0.0.1", 6668);
    try (Session s = open()) {
      // Node B leads the odd devices: an insertTablets answer names it per device (400).
      net.answer((node, batch) -> {
        List<TSStatus> subs = new ArrayList<>();
        for (io.quiver.client.internal.tree.DeviceBatch d : ((TreeTablets) batch).devices()) {
          TSStatus sub = new TSStatus(200);
          if (d.devicePath().endsWith("1") || d.devicePath().endsWith("3")) {
            sub.setRedirectNode(new org.apache.iotdb.common.rpc.thrift.TEndPoint(b.host(), b.port()));
          }
          subs.add(sub);
        }
        return new TSStatus(400).setSubStatus(subs);
      });
      List<Tablet> devices = new ArrayList<>();
      for (int d = 0; d < 4; d++) {
        devices.add(device("root.sg.d" + d, 3));
      }
      s.insertTablets(devices);
      s.insertTablets(devices);
      assertEquals(List.of("insert 127.0.0.1:6667 root.sg.d0 and 3 more devices 12",
          "insert 127.0.0.1:6667 root.sg.d0 and 1 more devices 6", "insert 127.0.0.1:6668 root.sg.d1 and 1 more devices 6"),
          net.logged("insert"));
      RedirectStats stats = s.redirectStats();
      assertEquals(4, stats.devicesKnown());
      assertEquals(1, stats.redirectedRequests());
      assertEquals(6, stats.redirectedRows());
    }
  }

  @Test
  void aBadPathFailsBeforeAnythingIsSent() {
    try (Session s = open()) {
      int logged = net.log.size();
      InvalidBatchException e = assertThrows(InvalidBatchException.class,
          () -> s.insertTablets(List.of(device("root.sg.ok", 1), device("root.sg.d 1", 1))));
      assertTrue(e.getMessage().contains("root.sg.d 1"), e.getMessage());
      assertEquals(logged, net.log.size(), "no call");
      assertEquals(List.of(), sent);
    }
  }
}
