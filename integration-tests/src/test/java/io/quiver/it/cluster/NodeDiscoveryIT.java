package io.quiver.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ConnectionException;
import io.quiver.client.DataType;
import io.quiver.client.QuiverException;
import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.TableSessionPool;
import io.quiver.client.TableSessionPoolConfig;
import io.quiver.client.Tablet;
import io.quiver.it.support.Eventually;
import io.quiver.localiotdb.ClusterSpec;
import io.quiver.localiotdb.LocalCluster;
import io.quiver.localiotdb.QuiverHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iotdb.isession.ITableSession;
import org.apache.iotdb.session.TableSessionBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Node discovery on a real 1C2D cluster on loopback (one ConfigNode, two DataNodes, data and
 * schema replicated on both): a pool given only DataNode 0 learns DataNode 1 from {@code SHOW
 * DATANODES}; DataNode 0 is stopped while two threads write through the pool; the writes go on
 * through DataNode 1, and every acknowledged batch is there, whole, counted by the official
 * client. A pool given only DataNode 0 with discovery off cannot get a session meanwhile.
 *
 * <p>With one of two replicas down, DataNode 1 may hold some writes until its consensus groups
 * settle; a batch that fails then is tried again by the test (a re-sent batch overwrites itself),
 * and how many were is printed. Timeouts are sized for a busy 2-core machine; every wait has a
 * bound. Own instance "it-disco" (client ports 18667 and 18767), wiped at start, stopped at the end.
 */
class NodeDiscoveryIT {
  private static final String DB = "disco";
  private static final int ROWS_PER_BATCH = 1_000;
  /** Batches acknowledged before DataNode 0 is stopped (at least). */
  private static final int BATCHES_BEFORE_STOP = 16;
  /** At most this many batches are written while DataNode 0 is stopping (it takes seconds). */
  private static final int BATCHES_WHILE_STOPPING = 200;
  /** Batches the writers go on with once DataNode 0 is down. */
  private static final int BATCHES_AFTER_STOP = 12;
  private static final int MAX_BATCHES = 1_000;
  /** The warm-up row's time: far after the test's rows, in the same time partition. */
  private static final long WARM_UP = 600_000_000L;
  private static final Duration CONVERGE = Duration.ofMinutes(2);
  private static LocalCluster cluster;
  private static String node0;
  private static String node1;

  @BeforeAll
  static void startCluster() {
    Path home = Path.of(System.getProperty("quiver.home", QuiverHome.resolve().toString()));
    ClusterSpec spec = ClusterSpec.builder("it-disco")
        .dataNodes(2)
        .property("data_replication_factor", "2")
        .property("schema_replication_factor", "2")
        .build();
    cluster = new LocalCluster(spec, home, System.out);
    System.out.println("[quiver-it] " + cluster.start(true).summary());
    node0 = cluster.rpcEndpoints().get(0);
    node1 = cluster.rpcEndpoints().get(1);
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

  /** What SHOW DATANODES answers on {@code node}, one line per DataNode. */
  private static List<String> showDataNodes(String node) {
    List<String> lines = new ArrayList<>();
    try (TableSession s = TableSession.open(TableSessionConfig.builder().nodeUrls(node).build());
        SessionDataSet rs = s.executeQueryStatement("SHOW DATANODES")) {
      while (rs.next()) {
        lines.add(rs.getInt("NodeID") + " " + rs.getString("Status") + " " + rs.getString("RpcAddress") + ":"
            + rs.getInt("RpcPort"));
      }
    }
    return lines;
  }

  @Test
  void aPoolGivenOnlyNode0WritesThroughNode1WhenNode0StopsAndEveryAcknowledgedRowIsThere() throws Exception {
    try (TableSession admin = TableSession.open(TableSessionConfig.builder().nodeUrls(node0).build())) {
      admin.executeNonQueryStatement("CREATE DATABASE " + DB);
      admin.executeNonQueryStatement("USE " + DB);
      admin.executeNonQueryStatement("CREATE TABLE t (dev STRING TAG, v INT64 FIELD)");
      // The first write creates the replicated data regions, which takes seconds: done here.
      admin.insert(Tablet.builder("t").tag("dev").field("v", DataType.INT64).row(WARM_UP, "warm-up", 0L).build());
    }
    List<String> before = showDataNodes(node0);
    System.out.println("[quiver-it] SHOW DATANODES on " + node0 + ": " + before);
    assertEquals(List.of("1 Running " + node0, "2 Running " + node1), before);

    TableSessionConfig session = TableSessionConfig.builder()
        .nodeUrls(node0) // only node 0: node 1 is learned
        .database(DB)
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .retryInterval(Duration.ofMillis(200))
        .maxRetry(5)
        .build();
    List<Long> acked = Collections.synchronizedList(new ArrayList<>());
    List<String> afterStop = new CopyOnWriteArrayList<>();
    AtomicInteger retried = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger nextBatch = new AtomicInteger();
    AtomicBoolean stopped = new AtomicBoolean();
    try (TableSessionPool pool = new TableSessionPool(
        TableSessionPoolConfig.builder().sessionConfig(session).maxPoolSize(2).build())) {
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          writers.add(threads.submit(() -> {
            // Until enough batches were written after the stop (at most MAX_BATCHES in all).
            while (afterStop.size() < BATCHES_AFTER_STOP) {
              while (!stopped.get() && done.get() >= BATCHES_BEFORE_STOP + BATCHES_WHILE_STOPPING) {
                Thread.sleep(20); // enough written while the node stops: wait until it is down
              }
              int index = nextBatch.getAndIncrement();
              if (index >= MAX_BATCHES) {
                break;
              }
              long first = (long) index * ROWS_PER_BATCH;
              boolean nodeStopped = stopped.get();
              for (int attempt = 1; ; attempt++) {
                try (TableSession s = pool.getSession()) {
                  s.insert(batch(first));
                  acked.add(first);
                  if (nodeStopped) {
                    afterStop.add(s.endpoint());
                  }
                  break;
                } catch (QuiverException e) {
                  retried.incrementAndGet();
                  if (!e.isRetryable() || attempt >= 20) {
                    throw new AssertionError("batch at time " + first + " failed for good: " + e.getMessage(), e);
                  }
                  System.out.println("[quiver-it] batch at time " + first + " not acknowledged, trying again: "
                      + e.getMessage());
                  Thread.sleep(1_000);
                }
              }
              done.incrementAndGet();
            }
            return null;
          }));
        }
        // Mid-ingest: once the writers are going, stop node 0 (SIGTERM; they go on meanwhile).
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (done.get() < BATCHES_BEFORE_STOP && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertTrue(done.get() >= BATCHES_BEFORE_STOP, "the writers got going: " + done.get());
        cluster.stopDataNode(0);
        stopped.set(true);
        System.out.println("[quiver-it] stopped DataNode 0; " + done.get() + " batches acknowledged by then");
        for (Future<?> f : writers) {
          f.get(15, TimeUnit.MINUTES);
        }
      } finally {
        threads.shutdownNow();
      }
    }
    int attempted = nextBatch.get();
    System.out.printf("[quiver-it] discovery failover: %d batches acknowledged (%d rows), %d tries repeated by the"
        + " test, %d batches written after the stop, through %s%n", acked.size(), (long) acked.size() * ROWS_PER_BATCH,
        retried.get(), afterStop.size(), afterStop);
    assertEquals(attempted, acked.size(), "every batch was acknowledged in the end");
    assertTrue(afterStop.size() >= BATCHES_AFTER_STOP, "batches were written after node 0 stopped: " + afterStop);
    assertTrue(afterStop.stream().allMatch(node1::equals), "they went through node 1: " + afterStop);

    List<String> whileDown = showDataNodes(node1);
    System.out.println("[quiver-it] SHOW DATANODES on " + node1 + " while node 0 is down: " + whileDown);

    // The same pool without discovery has nowhere to go.
    try (TableSessionPool blind = new TableSessionPool(TableSessionPoolConfig.builder()
        .sessionConfig(session.toBuilder().enableNodeDiscovery(false).build()).build())) {
      ConnectionException e = assertThrows(ConnectionException.class, blind::getSession);
      assertEquals(node0, e.endpoint(), e.getMessage());
    }

    // Read back by the official client once node 0 is back (with one of two replicas down, IoTDB
    // 2.0.10 answered the count with status 2207 here).
    System.out.println("[quiver-it] started DataNode 0 again in " + cluster.startDataNode(0));
    try (ITableSession official = new TableSessionBuilder().nodeUrls(new ArrayList<>(List.of(node0, node1)))
        .database(DB).build()) {
      for (long first : acked) {
        Eventually.assertEventuallyEquals((long) ROWS_PER_BATCH, () -> officialCount(official, first),
            "acknowledged batch at time " + first + " is whole", CONVERGE);
      }
      Eventually.assertEventuallyEquals((long) attempted * ROWS_PER_BATCH, () -> officialCount(official, 0, WARM_UP),
          "every acknowledged row, and no other", CONVERGE);
    }
  }

  private static long officialCount(ITableSession official, long first) {
    return officialCount(official, first, first + ROWS_PER_BATCH);
  }

  /**
   * Rows with time in [from, to), counted by the official client; -1 (after a pause) while the
   * cluster cannot answer yet, the reason printed.
   */
  private static long officialCount(ITableSession official, long from, long to) {
    try (org.apache.iotdb.isession.SessionDataSet rs = official.executeQueryStatement(
        "SELECT count(*) FROM t WHERE time >= " + from + " AND time < " + to)) {
      org.apache.iotdb.isession.SessionDataSet.DataIterator it = rs.iterator();
      assertTrue(it.next());
      return it.getLong(1);
    } catch (Exception e) {
      System.out.println("[quiver-it] the official client could not count rows in [" + from + ", " + to + ") yet: "
          + e);
      try {
        Thread.sleep(500);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", interrupted);
      }
      return -1;
    }
  }
}
