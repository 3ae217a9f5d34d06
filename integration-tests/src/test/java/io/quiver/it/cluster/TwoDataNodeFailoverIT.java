package io.quiver.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.DataType;
import io.quiver.client.QuiverException;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real 1C2D cluster on loopback (one ConfigNode, two DataNodes, data and schema replicated on
 * both). Two threads write through a pool given both nodes; the DataNode the sessions are connected
 * to is stopped, and later started again. Every batch the client acknowledged must be on the
 * server, whole; batches that failed are reported, never counted as written.
 *
 * <p>What IoTDB 2.0.10 does meanwhile (seen here): with one of two DataNodes down, the surviving
 * node's consensus groups cannot reach a majority, so it accepts connections but does not answer
 * writes; the client's read timeout turns that into a retryable failure. Sessions move to the
 * surviving node at once (a connection to the stopped node is refused), and writes succeed again
 * once the stopped node is back.
 */
class TwoDataNodeFailoverIT {
  private static final int ROWS_PER_BATCH = 2_000;
  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() {
    Path home = Path.of(System.getProperty("quiver.home", QuiverHome.resolve().toString()));
    ClusterSpec spec = ClusterSpec.builder("it-1c2d")
        .dataNodes(2)
        .property("data_replication_factor", "2")
        .property("schema_replication_factor", "2")
        .build();
    cluster = new LocalCluster(spec, home, System.out);
    System.out.println("[quiver-it] " + cluster.start(true).summary());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  /** One batch: rows [first, first + ROWS_PER_BATCH) of time, over 4 devices. */
  private static Tablet batch(long first) {
    Tablet.Builder b = Tablet.builder("t").tag("dev").field("v", DataType.INT64);
    for (int r = 0; r < ROWS_PER_BATCH; r++) {
      b.row(first + r, "d" + (r % 4), first + r);
    }
    return b.build();
  }

  private static TableSessionPool pool(List<String> nodes, int maxRetry, Duration readTimeout, boolean awaitWindowOnClose) {
    TableSessionConfig session = TableSessionConfig.builder()
        .nodeUrls(nodes)
        .database("failover")
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(readTimeout)
        .retryInterval(Duration.ofMillis(200))
        .maxRetry(maxRetry)
        .awaitWindowOnClose(awaitWindowOnClose)
        .build();
    return new TableSessionPool(TableSessionPoolConfig.builder().sessionConfig(session).maxPoolSize(2).build());
  }

  /** Two threads write {@code batches} batches each; acknowledged first-times go to {@code acked}. */
  private static int writeConcurrently(TableSessionPool pool, AtomicInteger nextBatch, int batches,
      List<Long> acked, List<String> endpoints) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    AtomicInteger failed = new AtomicInteger();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        done.add(threads.submit(() -> {
          for (int i = 0; i < batches; i++) {
            long first = (long) nextBatch.getAndIncrement() * ROWS_PER_BATCH;
            try (TableSession s = pool.getSession()) {
              s.insert(batch(first));
              acked.add(first);
              endpoints.add(s.endpoint());
            } catch (QuiverException e) {
              failed.incrementAndGet();
              System.out.println("[quiver-it] batch at time " + first + " not acknowledged: " + e.getMessage());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      threads.shutdownNow();
    }
    return failed.get();
  }

  @Test
  void poolWritesThroughADataNodeStopAndEveryAcknowledgedRowIsThere() throws Exception {
    List<String> nodes = cluster.rpcEndpoints();
    try (TableSession admin = TableSession.open(TableSessionConfig.builder().nodeUrls(nodes).build())) {
      admin.executeNonQueryStatement("CREATE DATABASE failover");
      admin.executeNonQueryStatement("USE failover");
      admin.executeNonQueryStatement("CREATE TABLE t (dev STRING TAG, v INT64 FIELD)");
      // The first write creates the data regions (replicated on both nodes), which takes seconds.
      admin.insert(Tablet.builder("t").tag("dev").field("v", DataType.INT64).row(-1L, "d0", -1L).build());
      admin.executeNonQueryStatement("DELETE FROM t WHERE time = -1");
    }
    List<Long> acked = Collections.synchronizedList(new ArrayList<>());
    List<String> endpoints = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger nextBatch = new AtomicInteger();
    int failedWhileDown;
    // This pool closes while node 0 is down, and node 1 alone takes no writes: waiting for the
    // replay windows would mean replaying them on node 1, which does not answer, and close() would
    // report them unconfirmed. Node 0 was stopped cleanly (SIGTERM flushes), so nothing is at risk.
    try (TableSessionPool before = pool(nodes, 1, Duration.ofSeconds(5), false)) {
      assertEquals(0, writeConcurrently(before, nextBatch, 5, acked, endpoints), "all nodes up: nothing fails");
      assertTrue(endpoints.stream().allMatch(nodes.get(0)::equals), "sessions start on the first node " + nodes + ": " + endpoints);
      cluster.stopDataNode(0);
      endpoints.clear();
      failedWhileDown = writeConcurrently(before, nextBatch, 3, acked, endpoints);
      assertTrue(endpoints.stream().allMatch(nodes.get(1)::equals),
          "what was written while node 0 was down went through node 1: " + endpoints);
    }
    cluster.startDataNode(0);
    try (TableSessionPool after = pool(nodes, 10, Duration.ofSeconds(30), true)) {
      assertEquals(0, writeConcurrently(after, nextBatch, 5, acked, endpoints), "node back: nothing fails");
    }
    int attempted = nextBatch.get();
    System.out.printf("[quiver-it] 1C2D failover: %d batches acknowledged (%d rows), %d not acknowledged while"
        + " DataNode 0 was down%n", acked.size(), (long) acked.size() * ROWS_PER_BATCH, failedWhileDown);
    assertEquals(attempted, acked.size() + failedWhileDown);

    try (TableSession s = TableSession.open(TableSessionConfig.builder().nodeUrls(nodes).database("failover").build())) {
      for (long first : acked) {
        try (SessionDataSet rs = s.executeQueryStatement("SELECT count(*) FROM t WHERE time >= " + first
            + " AND time < " + (first + ROWS_PER_BATCH))) {
          assertTrue(rs.next());
          assertEquals(ROWS_PER_BATCH, rs.getLong(0), "acknowledged batch at time " + first + " is whole");
        }
      }
      try (SessionDataSet rs = s.executeQueryStatement("SELECT count(*) FROM t")) {
        assertTrue(rs.next());
        long total = rs.getLong(0);
        assertTrue(total >= (long) acked.size() * ROWS_PER_BATCH, "every acknowledged row is there");
        assertTrue(total <= (long) attempted * ROWS_PER_BATCH, "no row that was never sent");
      }
    }
  }
}
