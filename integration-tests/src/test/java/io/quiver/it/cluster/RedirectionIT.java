package io.quiver.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.DataType;
import io.quiver.client.QuiverException;
import io.quiver.client.RedirectStats;
import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.TableSessionPool;
import io.quiver.client.TableSessionPoolConfig;
import io.quiver.client.Tablet;
import io.quiver.localiotdb.ClusterSpec;
import io.quiver.localiotdb.LocalCluster;
import io.quiver.localiotdb.QuiverHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iotdb.isession.ITableSession;
import org.apache.iotdb.session.TableSessionBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Write redirection on a real 1C2D cluster on loopback (one ConfigNode, two DataNodes, no
 * replication, so each database's two data regions are led one by each node, and a device's rows
 * belong to one node). Sessions are given only node 0: they learn from the server's hints which
 * devices node 1 leads, send those rows straight to node 1, and fall back to node 0 when node 1 is
 * stopped. Every acknowledged row is counted on the server, read back by the official client.
 *
 * <p>Own instance "it-redirect" (client ports 27667 and 27767), wiped at start, stopped at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedirectionIT {
  private static final String DB = "redir";
  private static final int DEVICES = 40;
  private static LocalCluster cluster;
  private static String node0;
  private static String node1;

  @BeforeAll
  static void startCluster() {
    Path home = Path.of(System.getProperty("quiver.home", QuiverHome.resolve().toString()));
    ClusterSpec spec = ClusterSpec.builder("it-redirect").dataNodes(2).portOffset(21000).build();
    cluster = new LocalCluster(spec, home, System.out);
    System.out.println("[quiver-it] " + cluster.start(true).summary());
    node0 = cluster.rpcEndpoints().get(0);
    node1 = cluster.rpcEndpoints().get(1);
    try (TableSession admin = TableSession.open(TableSessionConfig.builder().nodeUrls(node0).build())) {
      admin.executeNonQueryStatement("CREATE DATABASE " + DB);
      admin.executeNonQueryStatement("USE " + DB);
      admin.executeNonQueryStatement("CREATE TABLE t (site STRING TAG, dev STRING TAG, v INT64 FIELD)");
    }
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  private static TableSessionConfig.Builder session(List<String> nodes) {
    return TableSessionConfig.builder().nodeUrls(nodes).database(DB).connectTimeout(Duration.ofSeconds(10))
        .retryInterval(Duration.ofMillis(200));
  }

  /** Rows {@code [first, first + rows)} of time over the devices {@code dev0..dev(devices-1)} of a site, round robin. */
  private static Tablet batch(String site, int devices, long first, int rows) {
    Tablet.Builder b = Tablet.builder("t").tag("site").tag("dev").field("v", DataType.INT64);
    for (int r = 0; r < rows; r++) {
      b.row(first + r, site, "dev" + (r % devices), first + r);
    }
    return b.build();
  }

  /** The official client, given both nodes (it shuffles them, so the list must be mutable). */
  private static ITableSession official() throws Exception {
    return new TableSessionBuilder().nodeUrls(new ArrayList<>(List.of(node0, node1))).database(DB).build();
  }

  private static long count(ITableSession official, String where) throws Exception {
    try (org.apache.iotdb.isession.SessionDataSet rs =
        official.executeQueryStatement("SELECT count(*) FROM t WHERE " + where)) {
      org.apache.iotdb.isession.SessionDataSet.DataIterator it = rs.iterator();
      assertTrue(it.next(), "count(*) answers one row");
      return it.getLong(1);
    }
  }

  @Test
  @Order(1)
  void aSessionLearnsWhereDevicesLiveAndSendsTheirRowsStraightThere() throws Exception {
    try (TableSession s = TableSession.open(session(List.of(node0)).build())) {
      s.insert(batch("a", DEVICES, 0, 2_000));
      RedirectStats first = s.redirectStats();
      assertTrue(first.enabled());
      assertEquals(1, first.hintedResponses(), "node 0 hints about the devices node 1 leads: " + first);
      assertEquals(DEVICES, first.devicesKnown(), "every device of the batch is placed: " + first);
      assertEquals(0, first.redirectedRequests(), "nothing was known before the first answer: " + first);

      s.insert(batch("a", DEVICES, 2_000, 2_000));
      RedirectStats second = s.redirectStats();
      assertEquals(1, second.hintedResponses(), "each node now gets only its own devices, so no new hint: " + second);
      assertEquals(1, second.redirectedRequests(), "node 1's rows went in one request: " + second);
      assertTrue(second.redirectedRows() > 0 && second.redirectedRows() < 2_000,
          "the devices are spread over both nodes: " + second);
      assertEquals(1, second.redirectConnections());

      // A batch of one device that node 1 leads goes there whole; one of an unknown device goes home.
      s.insert(batch("a", DEVICES, 4_000, 2_000));
      long rowsToNode1PerBatch = second.redirectedRows();
      assertEquals(2 * rowsToNode1PerBatch, s.redirectStats().redirectedRows(), "the same split each time");
      RedirectStats before = s.redirectStats();
      s.insert(batch("new-site", 20, 0, 400));
      RedirectStats after = s.redirectStats();
      assertEquals(before.redirectedRequests(), after.redirectedRequests(), "unknown devices are sent home: " + after);
      assertEquals(before.hintedResponses() + 1, after.hintedResponses(), "and their hint learned: " + after);
      assertEquals(DEVICES + 20, after.devicesKnown());
    }
    try (ITableSession official = official()) {
      assertEquals(6_000, count(official, "site = 'a'"), "every row of site a, read by the official client");
      assertEquals(400, count(official, "site = 'new-site'"));
      for (int d = 0; d < DEVICES; d++) {
        assertEquals(150, count(official, "site = 'a' AND dev = 'dev" + d + "'"), "device dev" + d);
      }
    }
  }

  @Test
  @Order(2)
  void withRedirectionOffNothingIsLearnedAndEverythingGoesHome() throws Exception {
    try (TableSession s = TableSession.open(session(List.of(node0)).enableRedirection(false).build())) {
      s.insert(batch("off", DEVICES, 0, 1_000));
      s.insert(batch("off", DEVICES, 1_000, 1_000));
      RedirectStats stats = s.redirectStats();
      assertFalse(stats.enabled());
      assertEquals(0, stats.redirectConnections());
    }
    try (ITableSession official = official()) {
      assertEquals(2_000, count(official, "site = 'off'"));
    }
  }

  @Test
  @Order(3)
  void aPoolWritesWhileTheRedirectNodeIsStoppedAndEveryAcknowledgedRowIsThere() throws Exception {
    int rowsPerBatch = 1_000;
    List<Long> acked = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger nextBatch = new AtomicInteger();
    AtomicLong redirected = new AtomicLong();
    AtomicLong fallbacks = new AtomicLong();
    int failedWhileDown;
    // The pooled sessions are given node 0 only, so node 0 is their own node and node 1 is only
    // ever a redirect target: stopping node 1 must make them fall back, wherever the machine's speed
    // would otherwise have put them. Three retries: after node 1 is back, node 0's first requests to
    // it may meet a stale internal connection (status 301 "Fail to send plan node ... Broken pipe"),
    // which the client retries; while it is down, the same status ("... Connection refused") makes
    // the rows of the regions node 1 leads fail after those retries.
    TableSessionPoolConfig config = TableSessionPoolConfig.builder()
        .sessionConfig(session(List.of(node0)).readTimeout(Duration.ofSeconds(30)).maxRetry(3).build())
        .enableRedirection(true).maxPoolSize(2).build();
    try (TableSessionPool pool = new TableSessionPool(config)) {
      assertEquals(0, write(pool, nextBatch, 4, rowsPerBatch, acked, redirected, fallbacks), "all nodes up");
      assertTrue(redirected.get() > 0, "the pooled sessions (on node 0) sent node 1's rows there");
      cluster.stopDataNode(1);
      failedWhileDown = write(pool, nextBatch, 2, rowsPerBatch, acked, redirected, fallbacks);
      assertTrue(fallbacks.get() > 0, "the redirect connections to the stopped node fell back to node 0");
      cluster.startDataNode(1);
      assertEquals(0, write(pool, nextBatch, 4, rowsPerBatch, acked, redirected, fallbacks), "node 1 back");
    }
    int attempted = nextBatch.get();
    System.out.printf("[quiver-it] redirection 1C2D: %d batches acknowledged (%d rows), %d not acknowledged while"
        + " DataNode 1 was down; %d rows sent straight to node 1, %d fallbacks%n", acked.size(),
        (long) acked.size() * rowsPerBatch, failedWhileDown, redirected.get(), fallbacks.get());
    assertEquals(attempted, acked.size() + failedWhileDown);
    try (ITableSession official = official()) {
      for (long first : acked) {
        assertEquals(rowsPerBatch, count(official, "site = 'pool' AND time >= " + first + " AND time < "
            + (first + rowsPerBatch)), "acknowledged batch at time " + first + " is whole");
      }
      long total = count(official, "site = 'pool'");
      assertTrue(total >= (long) acked.size() * rowsPerBatch, "every acknowledged row is there: " + total);
      assertTrue(total <= (long) attempted * rowsPerBatch, "no row that was never sent: " + total);
    }
  }

  /**
   * After a DataNode restarts, the other node's pooled internal connection to it is stale: IoTDB
   * 2.0.10 answers the first write it must pass on with status 301 "Fail to send plan node ...
   * Broken pipe", then drops the stale connection. The session sends the write again (a transient
   * status) and the caller sees no failure. Node 1 is restarted with no write in between, so node
   * 0's connection to it is left over from before.
   */
  @Test
  @Order(4)
  void writesRightAfterANodeRestartsAreRiddenOut() throws Exception {
    // Redirection off and node 0 only: every row goes through node 0, which passes the rows of the
    // regions node 1 leads on to it over its own internal connection.
    TableSessionConfig config = session(List.of(node0)).enableRedirection(false).maxRetry(10).build();
    try (TableSession s = TableSession.open(config)) {
      s.insert(batch("restart", DEVICES, 0, 1_000));
      printDataNodes(s, "all up");
    }
    cluster.stopDataNode(1);
    try (TableSession s = TableSession.open(config)) {
      printDataNodes(s, "node 1 stopped");
    }
    cluster.startDataNode(1);
    int batches = 5;
    try (TableSession s = TableSession.open(config)) {
      for (int b = 1; b <= batches; b++) {
        s.insert(batch("restart", DEVICES, b * 1_000L, 1_000));
      }
      printDataNodes(s, "node 1 back");
    }
    try (ITableSession official = official()) {
      assertEquals((batches + 1) * 1_000L, count(official, "site = 'restart'"), "every row, official client");
    }
  }

  /** Prints what SHOW DATANODES answers (what node discovery would read), for the record. */
  private static void printDataNodes(TableSession s, String when) {
    try (SessionDataSet rs = s.executeQueryStatement("SHOW DATANODES")) {
      StringBuilder sb = new StringBuilder("[quiver-it] SHOW DATANODES (" + when + "): " + rs.getColumnNames());
      while (rs.next()) {
        sb.append(" | ");
        for (int c = 0; c < rs.columnCount(); c++) {
          sb.append(c == 0 ? "" : ", ").append(rs.isNull(c) ? "null" : String.valueOf(rs.getObject(c)));
        }
      }
      System.out.println(sb);
    }
  }

  /** Two threads write {@code batches} batches each through the pool; returns how many failed. */
  private static int write(TableSessionPool pool, AtomicInteger nextBatch, int batches, int rows, List<Long> acked,
      AtomicLong redirected, AtomicLong fallbacks) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    AtomicInteger failed = new AtomicInteger();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        done.add(threads.submit(() -> {
          for (int i = 0; i < batches; i++) {
            long first = (long) nextBatch.getAndIncrement() * rows;
            TableSession s = pool.getSession();
            try {
              s.insert(batch("pool", DEVICES, first, rows));
              acked.add(first);
            } catch (QuiverException e) {
              failed.incrementAndGet();
              System.out.println("[quiver-it] batch at time " + first + " not acknowledged: " + e.getMessage());
            } finally {
              RedirectStats stats = s.redirectStats();
              redirected.addAndGet(stats.redirectedRows());
              fallbacks.addAndGet(stats.fallbacks());
              s.close();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(10, TimeUnit.MINUTES);
      }
    } finally {
      threads.shutdownNow();
    }
    return failed.get();
  }
}
