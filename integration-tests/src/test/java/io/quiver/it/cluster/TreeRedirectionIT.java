package io.quiver.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.DataType;
import io.quiver.client.RedirectStats;
import io.quiver.client.Session;
import io.quiver.client.SessionConfig;
import io.quiver.client.Tablet;
import io.quiver.localiotdb.ClusterSpec;
import io.quiver.localiotdb.LocalCluster;
import io.quiver.localiotdb.QuiverHome;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.service.rpc.thrift.IClientRPCService;
import org.apache.iotdb.service.rpc.thrift.TSCloseSessionReq;
import org.apache.iotdb.service.rpc.thrift.TSInsertTabletReq;
import org.apache.iotdb.service.rpc.thrift.TSInsertTabletsReq;
import org.apache.iotdb.service.rpc.thrift.TSOpenSessionReq;
import org.apache.iotdb.service.rpc.thrift.TSOpenSessionResp;
import org.apache.iotdb.service.rpc.thrift.TSProtocolVersion;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.layered.TFramedTransport;
import org.apache.tsfile.read.common.RowRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Tree-model redirection and parallel per-node writes on a real 1C2D cluster on loopback (one
 * ConfigNode, two DataNodes, no replication, so a database's data regions are led by either node
 * and each device's rows belong to one node). Sessions are given node 0 only: they learn from the
 * server's per-device hints where each device path lives, cut later {@code insertTablets}
 * requests per node by devices (sent to both nodes before either answer is read) and send a single
 * device's {@code insertTablet} straight to its node. Every row is read back, cell by cell, by the
 * official {@code Session}.
 *
 * <p>Which devices a node leads is the server's choice, so the test asserts what follows from the
 * hints it got (counted by the session), not how many devices land where.
 *
 * <p>Own instance "it-parallel" (client ports 12667 and 12767), wiped at start, stopped at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TreeRedirectionIT {
  private static final String DB = "root.par";
  private static final int DEVICES = 60;
  private static final int ROWS = 50;
  private static LocalCluster cluster;
  private static String node0;
  private static String node1;

  @BeforeAll
  static void startCluster() {
    Path home = Path.of(System.getProperty("quiver.home", QuiverHome.resolve().toString()));
    ClusterSpec spec = ClusterSpec.builder("it-parallel").dataNodes(2).build();
    cluster = new LocalCluster(spec, home, System.out);
    System.out.println("[quiver-it] " + cluster.start(true).summary());
    node0 = cluster.rpcEndpoints().get(0);
    node1 = cluster.rpcEndpoints().get(1);
    try (Session admin = Session.open(config(node0).build())) {
      admin.executeNonQueryStatement("CREATE DATABASE " + DB);
    }
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  private static SessionConfig.Builder config(String node) {
    return SessionConfig.builder().nodeUrls(node).connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(60)).retryInterval(Duration.ofMillis(200)).maxRetry(3);
  }

  private static long value(int device, long time) {
    return device * 1_000_000L + time;
  }

  /** Device {@code d}'s rows {@code [first, first + rows)} of time: s_i = value, s_d = value / 4. */
  private static Tablet device(String group, int d, long first, int rows) {
    Tablet.Builder b = Tablet.builder(DB + "." + group + ".d" + d).field("s_i", DataType.INT64)
        .field("s_d", DataType.DOUBLE);
    for (int r = 0; r < rows; r++) {
      long t = first + r;
      b.row(t, value(d, t), value(d, t) / 4.0);
    }
    return b.build();
  }

  private static List<Tablet> devices(String group, long first, int rows) {
    List<Tablet> all = new ArrayList<>();
    for (int d = 0; d < DEVICES; d++) {
      all.add(device(group, d, first, rows));
    }
    return all;
  }

  /**
   * What IoTDB 2.0.10 answers tree inserts on two DataNodes, seen through a raw Thrift session on
   * node 0 (no client library in between): an {@code insertTablets} of many devices is answered
   * with 400 and one sub-status per device, each naming the device's node; an {@code
   * insertTablet} with its status's own {@code redirectNode}. Printed for the record.
   */
  @Test
  @Order(1)
  void theServerHintsEachDevicesNodeOnTreeInserts() throws Exception {
    String[] hp = node0.split(":");
    TSocket socket = new TSocket(hp[0], Integer.parseInt(hp[1]), 60_000);
    TFramedTransport transport = new TFramedTransport(socket, 64 * 1024 * 1024);
    transport.open();
    try {
      IClientRPCService.Client client = new IClientRPCService.Client(new TBinaryProtocol(transport));
      TSOpenSessionReq open = new TSOpenSessionReq(TSProtocolVersion.IOTDB_SERVICE_PROTOCOL_V3, "+00:00", "root");
      open.setPassword("root");
      open.setConfiguration(new HashMap<>(Map.of("version", "V_1_0", "sql_dialect", "tree")));
      TSOpenSessionResp opened = client.openSession(open);
      assertEquals(200, opened.getStatus().getCode(), opened.getStatus().toString());
      long sessionId = opened.getSessionId();

      TSInsertTabletsReq many = new TSInsertTabletsReq();
      many.setSessionId(sessionId);
      many.setPrefixPaths(new ArrayList<>());
      many.setMeasurementsList(new ArrayList<>());
      many.setValuesList(new ArrayList<>());
      many.setTimestampsList(new ArrayList<>());
      many.setTypesList(new ArrayList<>());
      many.setSizeList(new ArrayList<>());
      many.setIsAligned(false);
      for (int d = 0; d < DEVICES; d++) {
        TSInsertTabletReq one = rawTablet(sessionId, DB + ".raw.d" + d, 1L);
        many.addToPrefixPaths(one.getPrefixPath());
        many.addToMeasurementsList(one.getMeasurements());
        many.addToValuesList(one.bufferForValues());
        many.addToTimestampsList(one.bufferForTimestamps());
        many.addToTypesList(one.getTypes());
        many.addToSizeList(one.getSize());
      }
      TSStatus tablets = client.insertTablets(many);
      Map<String, Integer> named = namedNodes(tablets.getSubStatus());
      System.out.println("[quiver-it] insertTablets of " + DEVICES + " devices on " + node0 + ": code "
          + tablets.getCode() + ", " + tablets.getSubStatusSize() + " sub-statuses, redirectNode of the status "
          + tablets.getRedirectNode() + ", devices per named node " + named);

      // The same devices again (their series exist now), and single devices.
      TSStatus again = client.insertTablets(many);
      System.out.println("[quiver-it] insertTablets again: code " + again.getCode() + ", "
          + again.getSubStatusSize() + " sub-statuses, devices per named node " + namedNodes(again.getSubStatus()));
      List<TSStatus> singles = new ArrayList<>();
      for (int d = 0; d < DEVICES; d++) {
        singles.add(client.insertTablet(rawTablet(sessionId, DB + ".raw.d" + d, 2L)));
      }
      Map<Integer, Integer> codes = new HashMap<>();
      for (TSStatus s : singles) {
        codes.merge(s.getCode(), 1, Integer::sum);
      }
      System.out.println("[quiver-it] insertTablet of each device: codes " + codes + ", devices per named node "
          + namedNodes(singles) + ", sub-statuses " + singles.get(0).getSubStatusSize());
      client.closeSession(new TSCloseSessionReq(sessionId));

      assertTrue(tablets.getCode() == 200 || tablets.getCode() == 400, tablets.toString());
      if (tablets.getCode() == 400) {
        assertEquals(DEVICES, tablets.getSubStatusSize(), "one sub-status per device, in request order");
      }
      for (TSStatus s : singles) {
        assertTrue(s.getCode() == 200 || s.getCode() == 400, s.toString());
      }
    } finally {
      transport.close();
    }
  }

  /** How many statuses name each node (as host:port; "none" when not set). */
  private static Map<String, Integer> namedNodes(List<TSStatus> statuses) {
    Map<String, Integer> named = new HashMap<>();
    if (statuses != null) {
      for (TSStatus s : statuses) {
        String node = s.isSetRedirectNode() ? s.getRedirectNode().getIp() + ":" + s.getRedirectNode().getPort()
            : "none";
        named.merge(node, 1, Integer::sum);
      }
    }
    return named;
  }

  /** One INT64 measurement "s", one row at {@code time}. */
  private static TSInsertTabletReq rawTablet(long sessionId, String device, long time) {
    ByteBuffer t = ByteBuffer.allocate(8).putLong(0, time);
    ByteBuffer v = ByteBuffer.allocate(8).putLong(0, time);
    return new TSInsertTabletReq(sessionId, device, List.of("s"), v, t, List.of(2), 1);
  }

  @Test
  @Order(2)
  void aSessionLearnsWhereEachDeviceLivesAndCutsInsertTabletsPerNode() throws Exception {
    RedirectStats first;
    RedirectStats after;
    try (Session s = Session.open(config(node0).build())) {
      s.insertTablets(devices("many", 0, ROWS));
      first = s.redirectStats();
      System.out.println("[quiver-it] after the first insertTablets: " + first);
      assertTrue(first.enabled());
      assertEquals(0, first.redirectedRequests(), "nothing was known before the first answer: " + first);
      for (int round = 1; round < 3; round++) {
        s.insertTablets(devices("many", (long) round * ROWS, ROWS));
      }
      after = s.redirectStats();
      System.out.println("[quiver-it] after two more: " + after);
    }
    if (first.hintedResponses() > 0) {
      assertEquals(DEVICES, first.devicesKnown(), "every device placed by the first answer's hints: " + first);
      assertEquals(2, after.redirectedRequests(), "each later request cut in two, one part to node 1: " + after);
      assertTrue(after.redirectedRows() > 0 && after.redirectedRows() < 2L * DEVICES * ROWS,
          "devices on both nodes: " + after);
      assertEquals(1, after.redirectConnections());
      assertEquals(first.hintedResponses(), after.hintedResponses(), "each node got its own devices: " + after);
    } else {
      assertEquals(0, after.redirectedRequests(), "no hint, nothing redirected: " + after);
    }
    assertEquals(0, after.fallbacks());
    assertEveryRow("many", 3 * ROWS);
  }

  @Test
  @Order(3)
  void aSingleDeviceInsertTabletGoesStraightToItsNode() throws Exception {
    RedirectStats stats;
    try (Session s = Session.open(config(node0).build())) {
      for (int round = 0; round < 2; round++) {
        for (int d = 0; d < DEVICES; d++) {
          s.insertTablet(device("single", d, (long) round * ROWS, ROWS));
        }
      }
      stats = s.redirectStats();
      System.out.println("[quiver-it] after 2 insertTablet of each device: " + stats);
    }
    if (stats.hintedResponses() > 0) {
      // A device hinted elsewhere is sent there from its next insert on, and answers no new hint.
      assertEquals(stats.hintedResponses(), stats.redirectedRequests(), "one redirect per hinted device: " + stats);
      assertEquals((long) ROWS * stats.redirectedRequests(), stats.redirectedRows());
    } else {
      assertEquals(0, stats.redirectedRequests(), "no hint, nothing redirected: " + stats);
    }
    assertEveryRow("single", 2 * ROWS);
  }

  @Test
  @Order(4)
  void withRedirectionOffEverythingGoesThroughTheSessionsNode() throws Exception {
    try (Session s = Session.open(config(node0).enableRedirection(false).build())) {
      s.insertTablets(devices("off", 0, ROWS));
      s.insertTablets(devices("off", ROWS, ROWS));
      RedirectStats stats = s.redirectStats();
      assertEquals(false, stats.enabled());
      assertEquals(0, stats.redirectConnections());
    }
    assertEveryRow("off", 2 * ROWS);
  }

  /** Reads every device of the group with the official Session, given node 1: each cell exact. */
  private static void assertEveryRow(String group, int rowsPerDevice) throws Exception {
    String[] hp = node1.split(":");
    org.apache.iotdb.session.Session official =
        new org.apache.iotdb.session.Session.Builder().host(hp[0]).port(Integer.parseInt(hp[1])).build();
    official.open(false);
    try {
      for (int d = 0; d < DEVICES; d++) {
        String path = DB + "." + group + ".d" + d;
        int n = 0;
        try (org.apache.iotdb.isession.SessionDataSet rs =
            official.executeQueryStatement("select s_i, s_d from " + path + " order by time")) {
          while (rs.hasNext()) {
            RowRecord r = rs.next();
            long t = r.getTimestamp();
            assertEquals(n, t, path + " row " + n);
            assertEquals(value(d, t), r.getFields().get(0).getLongV(), path + ".s_i at " + t);
            assertEquals(value(d, t) / 4.0, r.getFields().get(1).getDoubleV(), path + ".s_d at " + t);
            n++;
          }
        }
        assertEquals(rowsPerDevice, n, path + " has every row");
      }
    } finally {
      official.close();
    }
  }
}
