package io.quiver.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.DataType;
import io.quiver.client.QuiverException;
import io.quiver.client.ReplayStats;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iotdb.isession.ITableSession;
import org.apache.iotdb.session.TableSessionBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real 1C2D cluster on loopback (one ConfigNode, two DataNodes, data and schema replicated on
 * both).
 *
 * <p>First, two threads write through a pool given both nodes; the DataNode the sessions are
 * connected to is stopped, and later started again. Every batch the client acknowledged must be on
 * the server, whole; batches that failed are reported, never counted as written. Which node the
 * sessions start on is up to the machine (a slow first answer moves a session to the other node),
 * so the test stops the node they are on, whichever it is.
 *
 * <p>Then failover replay: a session's DataNode is killed with SIGKILL mid-ingest; the session
 * fails over to the other node, re-sends there the inserts the dead node acknowledged within the
 * replay window, and every acknowledged row is on the server, read back by the official client.
 *
 * <p>What IoTDB 2.0.10 does meanwhile (seen here): with one of two DataNodes down, the surviving
 * node's consensus groups may not reach a majority, so it can accept connections and not answer
 * writes until the other node is back; the client's read timeout turns that into a retryable
 * failure. A connection to the stopped node is refused, so sessions move to the surviving node at
 * once. After a DataNode restarts, the other node's first request to it can fail with status 301
 * "Fail to send plan node ... Broken pipe" (a stale internal connection), which the client retries.
 *
 * <p>Timeouts are sized for a busy 2-core machine; every wait has a bound.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoDataNodeFailoverIT {
  private static final int ROWS_PER_BATCH = 2_000;
  /**
   * The warm-up row's time: in the time partition the test writes in (IoTDB's default is 7 days
   * from 0), far after its rows, and kept (a DELETE is replicated on its own path and may reach a
   * replica after the rows written at that time).
   */
  private static final long WARM_UP = 600_000_000L;
  /** How long the replicas may take to agree after a node came back (IoTConsensus syncs them). */
  private static final Duration CONVERGE = Duration.ofMinutes(2);
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
        .connectTimeout(Duration.ofSeconds(10))
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
        f.get(10, TimeUnit.MINUTES);
      }
    } finally {
      threads.shutdownNow();
    }
    return failed.get();
  }

  @Test
  @Order(1)
  void poolWritesThroughADataNodeStopAndEveryAcknowledgedRowIsThere() throws Exception {
    List<String> nodes = cluster.rpcEndpoints();
    try (TableSession admin = TableSession.open(TableSessionConfig.builder().nodeUrls(nodes).build())) {
      admin.executeNonQueryStatement("CREATE DATABASE failover");
      admin.executeNonQueryStatement("USE failover");
      admin.executeNonQueryStatement("CREATE TABLE t (dev STRING TAG, v INT64 FIELD)");
      // The first write creates the data regions (replicated on both nodes) and the time partition
      // the test writes in, which takes seconds: done here, with the default 60 s read timeout.
      admin.insert(Tablet.builder("t").tag("dev").field("v", DataType.INT64).row(WARM_UP, "warm-up", 0L).build());
    }
    List<Long> acked = Collections.synchronizedList(new ArrayList<>());
    List<String> endpoints = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger nextBatch = new AtomicInteger();
    int failedWhileDown;
    int stopped;
    // This pool closes while a node is down, and the other alone may take no writes: waiting for the
    // replay windows would mean replaying them on a node that may not answer, and close() would
    // report them unconfirmed. The node was stopped cleanly (SIGTERM flushes), so nothing is at risk.
    // Its read timeout (15 s) is what turns a node that does not answer into a failed try.
    try (TableSessionPool before = pool(nodes, 1, Duration.ofSeconds(15), false)) {
      assertEquals(0, writeConcurrently(before, nextBatch, 5, acked, endpoints), "all nodes up: nothing fails");
      // Stop the node most sessions are on (normally the first; a slow first answer may have moved one).
      long onFirst = endpoints.stream().filter(nodes.get(0)::equals).count();
      stopped = onFirst * 2 >= endpoints.size() ? 0 : 1;
      String survivor = nodes.get(1 - stopped);
      System.out.println("[quiver-it] sessions wrote through " + endpoints + "; stopping DataNode " + stopped);
      cluster.stopDataNode(stopped);
      endpoints.clear();
      failedWhileDown = writeConcurrently(before, nextBatch, 2, acked, endpoints);
      assertTrue(endpoints.stream().allMatch(survivor::equals),
          "what was written while node " + stopped + " was down went through " + survivor + ": " + endpoints);
    }
    cluster.startDataNode(stopped);
    try (TableSessionPool after = pool(nodes, 10, Duration.ofSeconds(30), true)) {
      assertEquals(0, writeConcurrently(after, nextBatch, 5, acked, endpoints), "node back: nothing fails");
    }
    int attempted = nextBatch.get();
    System.out.printf("[quiver-it] 1C2D failover: %d batches acknowledged (%d rows), %d not acknowledged while"
        + " DataNode %d was down%n", acked.size(), (long) acked.size() * ROWS_PER_BATCH, failedWhileDown, stopped);
    assertEquals(attempted, acked.size() + failedWhileDown);

    try (TableSession s = TableSession.open(TableSessionConfig.builder().nodeUrls(nodes).database("failover").build())) {
      // A query may be answered by either replica; one that was down catches up in the background.
      for (long first : acked) {
        Eventually.assertEventuallyEquals((long) ROWS_PER_BATCH, () -> count(s, first),
            "acknowledged batch at time " + first + " is whole", CONVERGE);
      }
      try (SessionDataSet rs = s.executeQueryStatement("SELECT count(*) FROM t WHERE time < " + WARM_UP)) {
        assertTrue(rs.next());
        long total = rs.getLong(0);
        assertTrue(total >= (long) acked.size() * ROWS_PER_BATCH, "every acknowledged row is there");
        assertTrue(total <= (long) attempted * ROWS_PER_BATCH, "no row that was never sent");
      }
    }
  }

  /**
   * Failover replay: a session writes batches; its DataNode is killed with SIGKILL right after a
   * batch is acknowledged (so the window holds what that node acknowledged in its last seconds, not
   * all of it on disk: IoTDB syncs its log about once a second); the next insert meets the broken
   * connection, the session reconnects to the other node (the killed one refuses connections until
   * it is started again, 5 s later), re-sends the window there first, then goes on. Every
   * acknowledged batch is whole afterwards, counted by the official client.
   */
  @Test
  @Order(2)
  void aSessionWhoseNodeIsKilledReplaysItsWindowOnTheOtherNodeAndEveryAcknowledgedRowIsThere()
      throws Exception {
    List<String> nodes = cluster.rpcEndpoints();
    try (TableSession admin = TableSession.open(TableSessionConfig.builder().nodeUrls(nodes).build())) {
      admin.executeNonQueryStatement("CREATE DATABASE replay");
      admin.executeNonQueryStatement("USE replay");
      admin.executeNonQueryStatement("CREATE TABLE t (dev STRING TAG, v INT64 FIELD)");
      admin.insert(Tablet.builder("t").tag("dev").field("v", DataType.INT64).row(WARM_UP, "warm-up", 0L).build());
    }
    int batches = 40;
    int killAfter = 20;
    boolean[] acknowledged = new boolean[batches];
    ExecutorService restarter = Executors.newSingleThreadExecutor();
    Future<?> restart = null;
    String killedNode;
    String afterFailover;
    ReplayStats replay;
    int failedInserts = 0;
    // The read timeout is long: the surviving node may hold writes until the killed one is back
    // (a replicated region without its majority), and the replay must wait for that, not give up.
    TableSessionConfig config = TableSessionConfig.builder().nodeUrls(nodes).database("replay")
        .connectTimeout(Duration.ofSeconds(20)).readTimeout(Duration.ofSeconds(180))
        .retryInterval(Duration.ofMillis(200)).maxRetry(60).retryBudget(Duration.ofMinutes(5)).build();
    try (TableSession s = TableSession.open(config)) {
      killedNode = s.endpoint(); // whichever node the session is on; the test kills that one
      int k = killedNode.equals(nodes.get(0)) ? 0 : 1;
      String other = nodes.get(1 - k);
      afterFailover = null;
      for (int b = 0; b < batches; b++) {
        for (int attempt = 1; ; attempt++) {
          try {
            s.insert(batch((long) b * ROWS_PER_BATCH));
            break;
          } catch (QuiverException e) {
            failedInserts++;
            if (!e.isRetryable() || attempt >= 30) {
              throw new AssertionError("batch " + b + " failed for good: " + e.getMessage(), e);
            }
            System.out.println("[quiver-it] batch " + b + " not acknowledged, trying again: " + e.getMessage());
            Thread.sleep(1_000);
          }
        }
        acknowledged[b] = true;
        if (b == killAfter) {
          assertTrue(s.replayStats().frames() > 0, "the window holds the last inserts: " + s.replayStats());
          cluster.killDataNode(k);
          System.out.println("[quiver-it] killed DataNode " + k + " (" + killedNode + ") after batch " + b
              + " with " + s.replayStats().frames() + " inserts in the window");
          restart = restarter.submit(() -> {
            Thread.sleep(5_000);
            return cluster.startDataNode(k);
          });
        }
        if (b == killAfter + 1) {
          afterFailover = s.endpoint();
          assertEquals(other, afterFailover, "the session failed over to the node that was not killed");
        }
      }
      replay = s.replayStats();
      restart.get(10, TimeUnit.MINUTES);
    } finally {
      restarter.shutdownNow();
    }
    System.out.printf("[quiver-it] failover replay: killed %s, session went on through %s, replayed %d inserts (%d"
        + " rows), %d inserts retried by the test%n", killedNode, afterFailover, replay.replayedFrames(),
        replay.replayedRows(), failedInserts);
    assertTrue(replay.replayedFrames() > 0, "the window was re-sent to the node the session failed over to: " + replay);
    assertEquals(0, replay.refusedFrames(), replay.toString());
    try (ITableSession official = new TableSessionBuilder().nodeUrls(new ArrayList<>(nodes)).database("replay")
        .build()) {
      for (int b = 0; b < batches; b++) {
        if (!acknowledged[b]) {
          continue;
        }
        long first = (long) b * ROWS_PER_BATCH;
        // A query may be answered by either replica; the killed one catches up in the background.
        Eventually.assertEventuallyEquals((long) ROWS_PER_BATCH, () -> officialCount(official, first),
            "acknowledged batch " + b + " is whole", CONVERGE);
      }
    }
  }

  /** Rows of batch {@code [first, first + ROWS_PER_BATCH)} of time, as Quiver reads them. */
  private static long count(TableSession s, long first) {
    try (SessionDataSet rs = s.executeQueryStatement("SELECT count(*) FROM t WHERE time >= " + first
        + " AND time < " + (first + ROWS_PER_BATCH))) {
      assertTrue(rs.next());
      return rs.getLong(0);
    }
  }

  /** As {@link #count}, read by the official client. */
  private static long officialCount(ITableSession official, long first) {
    try (org.apache.iotdb.isession.SessionDataSet rs = official.executeQueryStatement(
        "SELECT count(*) FROM t WHERE time >= " + first + " AND time < " + (first + ROWS_PER_BATCH))) {
      org.apache.iotdb.isession.SessionDataSet.DataIterator it = rs.iterator();
      assertTrue(it.next());
      return it.getLong(1);
    } catch (Exception e) {
      throw new AssertionError("the official client could not count batch at time " + first, e);
    }
  }
}
