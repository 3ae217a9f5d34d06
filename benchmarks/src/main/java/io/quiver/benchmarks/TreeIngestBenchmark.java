package io.quiver.benchmarks;

import io.quiver.client.Session;
import io.quiver.client.SessionConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
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
 * End-to-end tree-model ingest into a real local IoTDB over one connection, in JMH: the clients
 * and shapes of {@link TreeClients} ({@code quiver}, {@code official}, {@code replay}; {@code one}
 * device per {@code insertTablet}, {@code many} devices per {@code insertTablets}), ten batches of
 * 10,000 fresh rows ({@link SensorData}) per invocation. The replay client's frames are encoded
 * before each invocation, outside the timer.
 *
 * <p>Rows/s ({@code @OperationsPerInvocation}) and client CPU per row ({@code clientCpuNanos /
 * rows}). JMH measures each client in its own trial, so rows/s ratios mix in the server's drift
 * between trials; {@link TreeIngestRounds} alternates the clients on one warm server and is the
 * better comparison. Each trial uses a fresh server ("bench") or {@code QUIVER_IOTDB_URL}, warmed
 * with 1,000,000 rows. Regressions it catches: a per-value object or a copy added to the device
 * grouping or the one-pass encoding (CPU per row grows toward the official client's); Quiver
 * falling from the replay ceiling.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class TreeIngestBenchmark {
  static final int BATCH_ROWS = 10_000;
  static final int BATCHES = 10;
  static final int ROWS_PER_INVOCATION = BATCH_ROWS * BATCHES;
  /** The time of row 0 of {@link SensorData}'s {@code random} set (a row per ms after it). */
  static final long RANDOM_T0 = 1_700_000_000_000L;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Param({"quiver", "official", "replay"})
  public String client;

  @Param({"one", "many"})
  public String shape;

  private BenchServer server;
  private BufferAllocator allocator;
  private VectorSchemaRoot[] batches;
  private TreeClients.Client writer;
  private SensorData data;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = new BenchServer();
    allocator = new RootAllocator();
    batches = new VectorSchemaRoot[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
      batches[b] = SensorData.allocate(allocator, BATCH_ROWS);
    }
    try (Session admin =
        Session.open(SessionConfig.builder().nodeUrls(server.endpoint()).build())) {
      try {
        admin.executeNonQueryStatement("CREATE DATABASE " + TreeClients.PREFIX);
      } catch (io.quiver.client.StatementException exists) {
        // created by an earlier trial on the same server
      }
      // Each trial's rows start after the rows earlier trials wrote on the same server (times far
      // ahead of the clock are refused: IoTDB's timestamp precision check).
      data = new SensorData("random", 7, Math.max(0, lastTime(admin) + 1 - RANDOM_T0));
    }
    writer = TreeClients.open(client, shape, server.endpoint(), allocator);
    for (int i = 0; i < 1_000_000 / ROWS_PER_INVOCATION; i++) {
      refill();
      insertAll(null);
    }
  }

  /** The latest time of any series under the prefix, or 0. */
  private static long lastTime(Session admin) {
    long last = 0;
    try (io.quiver.client.SessionDataSet ds = admin.executeQueryStatement("select max_time(*) from "
        + TreeClients.PREFIX + ".**")) {
      while (ds.next()) {
        for (int i = 0; i < ds.columnCount(); i++) {
          if (!ds.isNull(i)) {
            last = Math.max(last, ds.getLong(i));
          }
        }
      }
    }
    return last;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try {
      if (writer != null) {
        writer.close();
      }
      for (VectorSchemaRoot r : batches) {
        r.close();
      }
      allocator.close();
    } finally {
      server.close();
    }
  }

  /** Fresh rows for the next invocation, and the replay client's frames, outside the timer. */
  @Setup(Level.Invocation)
  public void refill() throws Exception {
    for (VectorSchemaRoot root : batches) {
      data.fill(root);
    }
    writer.prepare(batches);
  }

  private void insertAll(ClientCpu cpu) throws Exception {
    long t0 = cpu == null ? 0 : THREADS.getCurrentThreadCpuTime();
    for (int b = 0; b < BATCHES; b++) {
      writer.insert(batches[b], b);
    }
    if (cpu != null) {
      cpu.clientCpuNanos += THREADS.getCurrentThreadCpuTime() - t0;
      cpu.rows += ROWS_PER_INVOCATION;
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public void insert(ClientCpu cpu) throws Exception {
    insertAll(cpu);
  }
}
