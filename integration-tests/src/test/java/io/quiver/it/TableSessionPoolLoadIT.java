package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.PoolExhaustedException;
import io.quiver.client.PoolStats;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionPool;
import io.quiver.client.TableSessionPoolConfig;
import io.quiver.it.support.Databases;
import io.quiver.it.support.Eventually;
import io.quiver.it.support.OpenSockets;
import io.quiver.it.support.ServerSessions;
import io.quiver.it.support.TestIoTDB;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads over one {@link TableSessionPool}: every acknowledged row arrives, nothing leaks, and
 * an exhausted pool answers with its timeout, never a hang. Bounded in time: each run has a deadline
 * and the test fails, rather than waits, past it. Prints rows/s and the pool's figures (a
 * correctness test under load; speed is measured in the benchmarks module).
 */
class TableSessionPoolLoadIT {
  private static final String DB = "it_pool_load";
  private static final int BATCH_ROWS = 10_000;
  private static final Duration DEADLINE = Duration.ofMinutes(5);

  private static TableSession observer;
  private static int serverPort;
  private int baselineSockets;
  private Set<String> baselineSessions;

  @BeforeAll
  static void createDatabase() {
    Databases.recreate(DB);
    String endpoint = TestIoTDB.endpoint();
    serverPort = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    observer = Databases.quiver(DB);
    observer.executeNonQueryStatement(
        "CREATE TABLE load (d STRING TAG, a DOUBLE FIELD, b INT64 FIELD, c FLOAT FIELD)");
    observer.executeNonQueryStatement("CREATE TABLE contended (d STRING TAG, a DOUBLE FIELD, b INT64 FIELD, c FLOAT FIELD)");
  }

  @AfterAll
  static void dropDatabase() {
    if (observer != null) {
      observer.close();
    }
    Databases.drop(DB);
  }

  @BeforeEach
  void recordBaseline() {
    assumeTrue(OpenSockets.supported(), "counting sockets needs Linux's /proc");
    baselineSockets = OpenSockets.connectedTo(serverPort);
    baselineSessions = ServerSessions.ids(observer);
  }

  @AfterEach
  void nothingLeaked() {
    Eventually.assertEventuallyEquals(baselineSockets, () -> OpenSockets.connectedTo(serverPort),
        "this JVM's sockets to the server", Duration.ofSeconds(30));
    Eventually.assertEventuallyEquals(baselineSessions, () -> ServerSessions.ids(observer),
        "the server's sessions", Duration.ofSeconds(30));
  }

  @Test
  void eightThreadsOverFiveSessionsWriteFiveMillionRowsAndEveryAcknowledgedRowArrives() throws Exception {
    int threads = 8;
    int batches = 500; // 5,000,000 rows
    TableSessionPoolConfig config = TableSessionPoolConfig.builder().nodeUrls(TestIoTDB.endpoint())
        .database(DB).maxPoolSize(5).waitTimeout(Duration.ofSeconds(60)).build();
    AtomicInteger nextBatch = new AtomicInteger();
    long[] acknowledged = new long[threads];
    ExecutorService pool8 = Executors.newFixedThreadPool(threads);
    PoolStats stats;
    long elapsedNanos;
    try (BufferAllocator allocator = new RootAllocator();
        TableSessionPool pool = new TableSessionPool(config)) {
      long t0 = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(pool8.submit(() -> {
          try (BufferAllocator mine = allocator.newChildAllocator("thread-" + id, 0, Long.MAX_VALUE);
              VectorSchemaRoot root = newRoot(mine)) {
            for (int b = nextBatch.getAndIncrement(); b < batches; b = nextBatch.getAndIncrement()) {
              fill(root, b);
              try (TableSession session = pool.getSession()) {
                session.insert(ArrowTablet.builder("load", root).tag("d").build());
              }
              acknowledged[id] += BATCH_ROWS;
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      }
      elapsedNanos = System.nanoTime() - t0;
      stats = pool.stats();
      assertEquals(5, stats.total(), "the pool grew to its limit and kept every session: " + stats);
      assertEquals(5, stats.opened(), "no session was replaced: " + stats);
      assertEquals(0, stats.inUse(), stats.toString());
    } finally {
      pool8.shutdownNow();
      assertTrue(pool8.awaitTermination(10, TimeUnit.SECONDS));
    }
    long acked = 0;
    for (long a : acknowledged) {
      acked += a;
    }
    assertEquals((long) batches * BATCH_ROWS, acked);
    assertEquals(acked, Databases.count(observer, "load"), "count(*) equals the rows acknowledged");
    System.out.printf(Locale.ROOT, "[pool-load] %d threads, pool of 5: %,d rows in %.2f s = %,.0f rows/s;"
        + " borrowed %d, opened %d, discarded %d, exhausted %d, total wait %.2f s (%.2f ms per borrow)%n",
        threads, acked, elapsedNanos / 1e9, acked / (elapsedNanos / 1e9), stats.borrowed(), stats.opened(),
        stats.discarded(), stats.exhausted(), stats.totalWait().toMillis() / 1e3,
        stats.totalWait().toNanos() / 1e6 / stats.borrowed());
  }

  @Test
  void anExhaustedPoolAnswersContendingThreadsWithItsTimeoutNeverAHang() throws Exception {
    int threads = 4;
    int attempts = 6;
    Duration wait = Duration.ofMillis(200);
    TableSessionPoolConfig config = TableSessionPoolConfig.builder().nodeUrls(TestIoTDB.endpoint())
        .database(DB).maxPoolSize(1).waitTimeout(wait).build();
    AtomicInteger timeouts = new AtomicInteger();
    AtomicInteger written = new AtomicInteger();
    AtomicInteger batchIds = new AtomicInteger(1_000);
    ExecutorService team = Executors.newFixedThreadPool(threads);
    try (BufferAllocator allocator = new RootAllocator();
        TableSessionPool pool = new TableSessionPool(config)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(team.submit(() -> {
          try (BufferAllocator mine = allocator.newChildAllocator("contender-" + id, 0, Long.MAX_VALUE);
              VectorSchemaRoot root = newRoot(mine)) {
            for (int i = 0; i < attempts; i++) {
              fill(root, batchIds.getAndIncrement());
              long t0 = System.nanoTime();
              try (TableSession session = pool.getSession()) {
                session.insert(ArrowTablet.builder("contended", root).tag("d").build());
                Thread.sleep(150); // hold the only session, as a slow caller would
                written.incrementAndGet();
              } catch (PoolExhaustedException e) {
                long waitedMs = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(waitedMs >= 180 && waitedMs < 5_000, "a 200 ms timeout after " + waitedMs + " ms");
                assertTrue(e.isRetryable());
                timeouts.incrementAndGet();
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS); // never a hang
      }
      PoolStats stats = pool.stats();
      System.out.printf(Locale.ROOT, "[pool-load] pool of 1, %d threads x %d attempts, 150 ms holds, 200 ms wait:"
          + " %d written, %d timed out; %s%n", threads, attempts, written.get(), timeouts.get(), stats);
      assertTrue(timeouts.get() > 0, "contention produced timeouts");
      assertTrue(written.get() > 0, "some callers got the session");
      assertEquals(threads * attempts, written.get() + timeouts.get());
      assertEquals(timeouts.get(), stats.exhausted());
      assertEquals(1, stats.opened(), stats.toString());
      assertEquals(0, stats.waiting(), stats.toString());
    } finally {
      team.shutdownNow();
      assertTrue(team.awaitTermination(10, TimeUnit.SECONDS));
    }
    assertEquals((long) written.get() * BATCH_ROWS, Databases.count(observer, "contended"));
  }

  private static VectorSchemaRoot newRoot(BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.of(new TimeStampMilliVector("time", allocator),
        new VarCharVector("d", allocator), new Float8Vector("a", allocator), new BigIntVector("b", allocator),
        new Float4Vector("c", allocator));
    root.allocateNew();
    return root;
  }

  /** Batch {@code b}: times b*10,000 .. b*10,000+9,999 (unique over all batches), 50 devices. */
  private static void fill(VectorSchemaRoot root, int b) {
    TimeStampMilliVector time = (TimeStampMilliVector) root.getVector("time");
    VarCharVector d = (VarCharVector) root.getVector("d");
    Float8Vector a = (Float8Vector) root.getVector("a");
    BigIntVector bv = (BigIntVector) root.getVector("b");
    Float4Vector c = (Float4Vector) root.getVector("c");
    byte[][] devices = new byte[50][];
    for (int i = 0; i < devices.length; i++) {
      devices[i] = ("dev-" + i).getBytes(StandardCharsets.UTF_8);
    }
    for (int r = 0; r < BATCH_ROWS; r++) {
      long t = (long) b * BATCH_ROWS + r;
      time.setSafe(r, t);
      d.setSafe(r, devices[r % devices.length]);
      a.setSafe(r, t * 0.5);
      bv.setSafe(r, t);
      c.setSafe(r, r);
    }
    root.setRowCount(BATCH_ROWS);
  }
}
