package io.quiver.client.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quiver.client.DataType;
import io.quiver.client.RedirectStats;
import io.quiver.client.Tablet;
import io.quiver.client.internal.DeviceRoutes;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.Statuses;
import io.quiver.client.internal.tree.DeviceBatch;
import io.quiver.client.internal.tree.TreeRouting;
import io.quiver.client.internal.tree.TreeTablet;
import io.quiver.client.internal.tree.TreeTablets;
import io.quiver.client.spi.InsertBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.iotdb.common.rpc.thrift.TEndPoint;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WriteRouter} on tree requests: routes keyed by device path, learned from the per-device
 * hints of {@code insertTablets} and the {@code redirectNode} of {@code insertTablet}; a
 * multi-device request cut per node by devices, each device whole; fallback as for tables.
 */
class TreeWriteRouterTest {
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private static final Endpoint B = new Endpoint("127.0.0.1", 6668);
  /** The devices node B leads; A leads the others. */
  private static final Set<String> ON_B = Set.of("root.sg.d1", "root.sg.d3");
  private final FakeClock clock = new FakeClock();
  private final FakeNetwork net = new FakeNetwork(clock, 3_000);
  private final DeviceRoutes routes = new DeviceRoutes();
  private Links links;
  private WriteRouter router;
  private long acknowledged;

  @BeforeEach
  void setUp() {
    links = Links.open(new Connector(List.of("127.0.0.1:6667"), net), null);
    Retrier retrier = new Retrier(new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(60), 0), clock);
    router = new WriteRouter(links, retrier, () -> links.live(() -> { }), routes, 5000);
    // As IoTDB 2.0.10 answers tree inserts: insertTablets with 400 and a sub-status per device
    // naming its node; insertTablet with 200 and the device's node as the status's redirectNode.
    net.answer(TreeWriteRouterTest::answer);
  }

  private static TSStatus answer(Endpoint node, InsertBatch request) {
    if (request instanceof TreeTablets many) {
      List<TSStatus> subs = new ArrayList<>();
      for (DeviceBatch d : many.devices()) {
        subs.add(new TSStatus(200).setRedirectNode(endpointOf(d.devicePath())));
      }
      return new TSStatus(Statuses.REDIRECTION_RECOMMEND).setSubStatus(subs);
    }
    return new TSStatus(200).setRedirectNode(endpointOf(request.tableName()));
  }

  private static TEndPoint endpointOf(String device) {
    Endpoint e = ON_B.contains(device) ? B : A;
    return new TEndPoint(e.host(), e.port());
  }

  private static DeviceBatch device(String path, int rows) {
    Tablet.Builder b = Tablet.builder(path).field("s", DataType.DOUBLE);
    for (int r = 0; r < rows; r++) {
      b.row((long) r, (double) r);
    }
    return new DeviceBatch(path, b.build());
  }

  /** Devices d0..d3 with 1, 2, 3 and 4 rows. */
  private static TreeTablets fourDevices() {
    return new TreeTablets(List.of(device("root.sg.d0", 1), device("root.sg.d1", 2), device("root.sg.d2", 3),
        device("root.sg.d3", 4)), false);
  }

  @Test
  void insertTabletsHintsTeachEveryDeviceAndTheNextRequestIsCutByDevicesPerNode() {
    router.deliver(fourDevices(), n -> acknowledged += n);
    assertEquals(List.of("insert 127.0.0.1:6667 root.sg.d0 and 3 more devices 10"), net.logged("insert"));
    assertEquals(4, routes.size(), "one route per device path");
    net.log.clear();

    router.deliver(fourDevices(), n -> acknowledged += n);
    assertEquals(List.of(
        "send 127.0.0.1:6667 root.sg.d0 and 1 more devices 4",
        "send 127.0.0.1:6668 root.sg.d1 and 1 more devices 6",
        "insert 127.0.0.1:6667 root.sg.d0 and 1 more devices 4",
        "insert 127.0.0.1:6668 root.sg.d1 and 1 more devices 6"), net.logged("send", "insert"),
        "d0 and d2 home, d1 and d3 to B, both sent before either answer is read");
    assertEquals(20, acknowledged);
    assertEquals(new RedirectStats(true, 4, 1, 1, 6, 0, 1), router.stats(),
        "one hinted answer (the first), one request of 6 rows redirected");
  }

  @Test
  void anInsertTabletsRedirectNodeIsTheStatusOwnAndTheDeviceGoesThereWhole() {
    TreeTablet d1 = new TreeTablet(device("root.sg.d1", 5).batch(), true);
    router.deliver(d1, n -> acknowledged += n);
    assertEquals(1, routes.size());
    router.deliver(d1, n -> acknowledged += n);
    assertEquals(List.of("insert 127.0.0.1:6667 root.sg.d1 5", "insert 127.0.0.1:6668 root.sg.d1 5"),
        net.logged("insert"));
    assertEquals(10, acknowledged);
    assertEquals(1, router.stats().hintedResponses(), "the second answer (from B, naming B) hints nothing new");
  }

  @Test
  void aHintNamingTheAnsweringNodeIsNotCountedAndKeepsTheDeviceHome() {
    TreeTablet d0 = new TreeTablet(device("root.sg.d0", 3).batch(), false);
    router.deliver(d0, n -> { });
    router.deliver(d0, n -> { });
    assertEquals(List.of("insert 127.0.0.1:6667 root.sg.d0 3", "insert 127.0.0.1:6667 root.sg.d0 3"),
        net.logged("insert"));
    assertEquals(0, router.stats().hintedResponses());
    assertEquals(0, router.stats().redirectConnections());
  }

  @Test
  void whenTheRedirectNodeIsDownItsDevicesGoHomeAndAreForgotten() {
    router.deliver(fourDevices(), n -> { });
    router.deliver(fourDevices(), n -> { });
    net.down(B);
    net.log.clear();
    router.deliver(fourDevices(), n -> acknowledged += n);
    assertEquals(List.of(
        "send 127.0.0.1:6667 root.sg.d0 and 1 more devices 4",
        "insert 127.0.0.1:6667 root.sg.d0 and 1 more devices 4",
        "close 127.0.0.1:6668",
        "replay 127.0.0.1:6667 root.sg.d1 and 1 more devices 6",
        "insert 127.0.0.1:6667 root.sg.d1 and 1 more devices 6"), net.logged("send", "insert", "close", "replay"),
        "B's acknowledged request replayed home first, then B's devices sent home");
    assertEquals(10, acknowledged);
    assertEquals(1, router.stats().fallbacks());
  }

  @Test
  void devicePathKeysAreStableNonZeroAndDistinguishPaths() {
    assertEquals(TreeRouting.pathKey("root.sg.d1"), TreeRouting.pathKey(new String("root.sg.d1")));
    assertNotEquals(TreeRouting.pathKey("root.sg.d1"), TreeRouting.pathKey("root.sg.d2"));
    assertNotEquals(0, TreeRouting.pathKey(""));
  }
}
