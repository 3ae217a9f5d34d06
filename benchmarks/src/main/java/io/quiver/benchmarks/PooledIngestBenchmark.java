package io.quiver.benchmarks;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.TableSessionPool;
import io.quiver.client.TableSessionPoolConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iotdb.isession.ITableSession;
import org.apache.iotdb.isession.pool.ITableSessionPool;
import org.apache.iotdb.session.pool.TableSessionPoolBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End-to-end ingest into a real local IoTDB from a team of threads sharing a session pool of as
 * many sessions: rows per second and client CPU per row, for the same Arrow data as {@link
 * IngestBenchmark} (1 TAG + 5 DOUBLE + time, batches of 10,000 rows).
 *
 * <ul>
 *   <li>{@code quiver}: Quiver's {@code TableSessionPool}; each batch borrows a session, inserts an
 *       {@link ArrowTablet}, and hands the session back;
 *   <li>{@code official}: the official client's pool as built by {@code TableSessionPoolBuilder}
 *       (its defaults), borrowing and returning the same way; each thread first copies the Arrow
 *       batch into the official Tablet (as a user holding Arrow must), which is part of its score.
 * </ul>
 *
 * Each invocation writes {@value #ROWS_PER_INVOCATION} rows: {@value #BATCHES} batches, split evenly
 * over the {@code threads} workers (1, 2 or 4), each with its own batches; every batch gets times no
 * batch had before, so rows are new, never overwrites. What it isolates: the pool's borrow/return
 * path and how ingest scales with connections on one server, client and server sharing the cores.
 * The score is rows/s; the auxiliary counters {@code rows} and {@code clientCpuNanos} (CPU time of
 * the worker threads) give client CPU per row. Each trial starts a fresh server (instance "bench",
 * or uses {@code QUIVER_IOTDB_URL}) and warms it with 1,000,000 rows before measuring.
 *
 * <p>Regressions it catches: a lock held across network calls (rows/s stops growing with threads),
 * a slow borrow path (a per-borrow round trip or allocation), sessions not reused (connections
 * reopened per batch).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class PooledIngestBenchmark {
  static final int BATCH_ROWS = 10_000;
  static final int BATCHES = 8;
  static final int ROWS_PER_INVOCATION = BATCH_ROWS * BATCHES;

  @Param({"quiver", "official"})
  public String client;

  @Param({"1", "2", "4"})
  public int threads;

  private static final ThreadMXBean THREAD_CPU = ManagementFactory.getThreadMXBean();

  private BenchServer server;
  private BufferAllocator allocator;
  private VectorSchemaRoot[] batches;
  private ExecutorService team;
  private TableSessionPool quiver;
  private ITableSessionPool official;
  private final AtomicLong nextTime = new AtomicLong();


  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (BATCHES % threads != 0) {
      throw new IllegalArgumentException("threads: " + threads + " does not divide the " + BATCHES + " batches");
    }
    server = new BenchServer();
    allocator = new RootAllocator();
    batches = new VectorSchemaRoot[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
      batches[b] = BenchData.generate(allocator, "mixed", BATCH_ROWS, 0, 0, 7 + b);
    }
    server.createMixedTable("pooled_ingest");
    if (client.equals("quiver")) {
      quiver = new TableSessionPool(TableSessionPoolConfig.builder().nodeUrls(server.endpoint())
          .database("bench").maxPoolSize(threads).build());
    } else {
      official = new TableSessionPoolBuilder().nodeUrls(List.of(server.endpoint())).database("bench")
          .maxSize(threads).build();
    }
    team = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < 1_000_000 / ROWS_PER_INVOCATION; i++) {
      insertAll(null);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try {
      team.shutdownNow();
      if (!team.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the worker threads did not stop within 30 s");
      }
      if (quiver != null) {
        quiver.close();
      }
      if (official != null) {
        official.close();
      }
      for (VectorSchemaRoot r : batches) {
        r.close();
      }
      allocator.close();
    } finally {
      server.close();
    }
  }

  /** Worker {@code w} writes batches w, w + threads, ...; returns its CPU time. */
  private long work(int w) throws Exception {
    long cpu0 = THREAD_CPU.getCurrentThreadCpuTime();
    for (int b = w; b < BATCHES; b += threads) {
      VectorSchemaRoot root = batches[b];
      retime(root);
      if (quiver != null) {
        try (TableSession session = quiver.getSession()) {
          session.insert(ArrowTablet.builder("pooled_ingest", root).tag(BenchData.TAG).build());
        }
      } else {
        var tablet = OfficialTablets.fromArrow("pooled_ingest", root);
        try (ITableSession session = official.getSession()) {
          session.insert(tablet);
        }
      }
    }
    return THREAD_CPU.getCurrentThreadCpuTime() - cpu0;
  }

  /** Gives a batch times no batch had before, so every insert writes new rows. */
  private void retime(VectorSchemaRoot root) {
    TimeStampMilliVector time = (TimeStampMilliVector) root.getVector("time");
    long base = nextTime.getAndAdd(BATCH_ROWS);
    for (int r = 0; r < BATCH_ROWS; r++) {
      time.set(r, base + r);
    }
  }

  private void insertAll(ClientCpu cpu) throws Exception {
    List<Future<Long>> parts = new ArrayList<>(threads);
    for (int w = 0; w < threads; w++) {
      int worker = w;
      parts.add(team.submit(() -> work(worker)));
    }
    long cpuNanos = 0;
    for (Future<Long> part : parts) {
      cpuNanos += part.get(5, TimeUnit.MINUTES);
    }
    if (cpu != null) {
      cpu.clientCpuNanos += cpuNanos;
      cpu.rows += ROWS_PER_INVOCATION;
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public void insert(ClientCpu cpu) throws Exception {
    insertAll(cpu);
  }
}
