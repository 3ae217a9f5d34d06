package io.quiver.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.DataType;
import io.quiver.client.RedirectStats;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.TableSessionPool;
import io.quiver.client.TableSessionPoolConfig;
import io.quiver.client.Tablet;
import io.quiver.localiotdb.ClusterSpec;
import io.quiver.localiotdb.LocalCluster;
import io.quiver.localiotdb.QuiverHome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iotdb.isession.ITableSession;
import org.apache.iotdb.session.TableSessionBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redirection hints the client cannot follow (apache/iotdb#7748: a DataNode reporting an internal
 * address), on a real 1C2D cluster on loopback without replication, so each node leads one data
 * region and node 0 hints the rows of node 1's devices to node 1. The client's address map sends
 * node 1's address to a loopback port where a socket accepts connections and never answers (an
 * address that does not answer): the first redirected part costs one connect timeout, the node is
 * then passed over for the quarantine, its rows go through node 0 at once, and every row is there,
 * counted by the official client. The pool's sessions share the quarantine.
 *
 * <p>Own instance "it-bad-hints" (client ports 21667 and 21767), wiped at start, stopped at the end.
 */
class UnreachableHintIT {
  private static final String DB = "hints";
  private static final int DEVICES = 40;
  private static final int ROWS = 2_000;
  private static LocalCluster cluster;
  private static String node0;
  private static String node1;

  @BeforeAll
  static void startCluster() {
    Path home = Path.of(System.getProperty("quiver.home", QuiverHome.resolve().toString()));
    cluster = new LocalCluster(ClusterSpec.builder("it-bad-hints").dataNodes(2).build(), home, System.out);
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

  /** Rows {@code [first, first + ROWS)} of time over the devices of a site, round robin. */
  private static Tablet batch(String site, long first) {
    Tablet.Builder b = Tablet.builder("t").tag("site").tag("dev").field("v", DataType.INT64);
    for (int r = 0; r < ROWS; r++) {
      b.row(first + r, site, "dev" + (r % DEVICES), first + r);
    }
    return b.build();
  }

  /**
   * A loopback port that accepts connections and never answers; counts the connections. Closing
   * it closes them.
   */
  private static final class SilentNode implements AutoCloseable {
    final ServerSocket listener;
    final AtomicInteger accepted = new AtomicInteger();
    final List<Socket> held = new CopyOnWriteArrayList<>();
    final Thread acceptor;

    SilentNode() throws IOException {
      listener = new ServerSocket();
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      acceptor = new Thread(() -> {
        while (!listener.isClosed()) {
          try {
            held.add(listener.accept());
            accepted.incrementAndGet();
          } catch (IOException e) {
            return; // closed
          }
        }
      }, "silent-node");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String endpoint() {
      return "127.0.0.1:" + listener.getLocalPort();
    }

    /** Closes the listener (its thread ends) and the connections it holds. */
    @Override
    public void close() throws IOException {
      listener.close();
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void aHintToAnAddressThatDoesNotAnswerCostsOneConnectTimeoutThenItsRowsGoHomeAtOnce() throws Exception {
    int batches = 12;
    RedirectStats first;
    RedirectStats second;
    long millisAfterTheTimeout;
    try (SilentNode silent = new SilentNode()) {
      TableSessionPoolConfig config = TableSessionPoolConfig.builder()
          .nodeUrls(node0)
          .database(DB)
          .maxPoolSize(2)
          .enableRedirection(true)
          .connectTimeout(Duration.ofSeconds(3))
          // Node 1 as the cluster reports it is reached at the silent port (hints and discovery).
          .nodeAddressMap(Map.of(node1, silent.endpoint()))
          // Longer than the test: which batches fall in the quarantine does not depend on the machine.
          .unreachableNodeQuarantine(Duration.ofMinutes(30))
          .build();
      try (TableSessionPool pool = new TableSessionPool(config);
          TableSession a = pool.getSession();
          TableSession b = pool.getSession()) {
        // Batch 0 teaches where the devices live; batch 1, cut per node, meets the silent node.
        a.insert(batch("s", 0));
        assertTrue(a.redirectStats().devicesKnown() > 0, "node 0 hinted about node 1's devices: " + a.redirectStats());
        a.insert(batch("s", ROWS));
        assertEquals(1, silent.accepted.get(), "the first redirected part tried the silent node once");
        first = a.redirectStats();
        assertEquals(1, first.fallbacks(), "its rows went through node 0: " + first);
        // The rest alternate between the pool's two sessions: hints are learned again, and each cut
        // batch passes the node over without connecting.
        long t0 = System.nanoTime();
        for (int i = 2; i < batches; i++) {
          (i % 2 == 0 ? b : a).insert(batch("s", (long) i * ROWS));
        }
        millisAfterTheTimeout = (System.nanoTime() - t0) / 1_000_000;
        second = a.redirectStats();
        System.out.printf("[quiver-it] unreachable hint: %d connections to the silent node, %d fallbacks in all,"
            + " the %d batches after the first timeout took %d ms%n", silent.accepted.get(), second.fallbacks(),
            batches - 2, millisAfterTheTimeout);
        assertEquals(1, silent.accepted.get(), "no further connect within the quarantine, from either session");
        assertTrue(second.fallbacks() > first.fallbacks(), "later cut batches fell back too: " + second);
        assertEquals(0, second.redirectedRequests(), "nothing was sent to the silent node: " + second);
        assertEquals(0, second.redirectConnections());
      }
    }
    try (ITableSession official = new TableSessionBuilder().nodeUrls(new ArrayList<>(List.of(node0, node1)))
        .database(DB).build()) {
      assertEquals((long) batches * ROWS, count(official, "site = 's'"), "every row, read by the official client");
      for (int d = 0; d < DEVICES; d++) {
        assertEquals((long) batches * ROWS / DEVICES, count(official, "site = 's' AND dev = 'dev" + d + "'"),
            "device dev" + d);
      }
    }
  }

  private static long count(ITableSession official, String where) throws Exception {
    try (org.apache.iotdb.isession.SessionDataSet rs =
        official.executeQueryStatement("SELECT count(*) FROM t WHERE " + where)) {
      org.apache.iotdb.isession.SessionDataSet.DataIterator it = rs.iterator();
      assertTrue(it.next(), "count(*) answers one row");
      return it.getLong(1);
    }
  }
}
