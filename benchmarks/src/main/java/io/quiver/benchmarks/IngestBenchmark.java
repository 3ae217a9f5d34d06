package io.quiver.benchmarks;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iotdb.isession.ITableSession;
import org.apache.iotdb.session.TableSessionBuilder;
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
 * End-to-end ingest into a real local IoTDB over one connection: rows per second and client CPU per
 * row, for the same Arrow data (1 TAG + 5 DOUBLE + time, 10 devices) in the same tablet size.
 *
 * <ul>
 *   <li>{@code quiver}: an {@link ArrowTablet} per batch through Quiver's {@code TableSession}, with
 *       its default replay window (every acknowledged request copied into it);
 *   <li>{@code quiver_nowindow}: the same with the replay window off ({@code replayWindow(ZERO)}):
 *       the difference is the window's cost;
 *   <li>{@code official_default}: the official client as built by {@code TableSessionBuilder}, which
 *       column-encodes table inserts by default;
 *   <li>{@code official_plain}: the official client with {@code enableCompression(false)}, its
 *       cheapest request form;
 *   <li>{@code replay}: the ceiling: requests encoded before each invocation, outside the timer,
 *       and written as bytes (see {@link ReplayClient}), so the client costs nothing; like the
 *       other clients it writes fresh rows every time (overwriting the same rows, as it once did,
 *       measured a different server path).
 * </ul>
 *
 * The official clients first copy the Arrow root into their Tablet (as a user holding Arrow must);
 * that cost is part of their score. JMH measures each client in its own trial on its own fresh
 * server, so rows/s ratios between clients mix in the server's drift between trials; {@link
 * IngestRounds} alternates the clients on one warm server and is the better comparison. Each trial
 * starts a fresh server (instance "bench", or uses {@code QUIVER_IOTDB_URL}) and warms it with
 * 2,000,000 rows before measuring; before each iteration the server settles (FLUSH, then a bounded
 * wait until the DataNode is idle, as in {@link IngestRounds}). The score is rows/s
 * ({@code @OperationsPerInvocation} = rows per invocation); the auxiliary counters {@code rows} and
 * {@code clientCpuNanos} give client CPU per row = clientCpuNanos / rows.
 *
 * <p>On a 2-core machine client and server share the cores, so client CPU per row is as telling as
 * rows/s. Regressions it catches: a copy or allocation added on the insert path (CPU per row
 * grows), a lost zero-copy write (rows/s drops toward the official client).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class IngestBenchmark {
  static final int BATCH_ROWS = 10_000;
  static final int BATCHES = 10;
  static final int ROWS_PER_INVOCATION = BATCH_ROWS * BATCHES;

  @Param({"quiver", "quiver_nowindow", "official_default", "official_plain", "replay"})
  public String client;

  private BenchServer server;
  private BufferAllocator allocator;
  private VectorSchemaRoot[] batches;
  private TableSession quiver;
  private ITableSession official;
  private ReplayClient replay;
  private long nextTime;
  private io.quiver.benchmarks.rounds.Settle settle;


  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = new BenchServer();
    allocator = new RootAllocator();
    batches = new VectorSchemaRoot[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
      batches[b] = BenchData.generate(allocator, "mixed", BATCH_ROWS, 0, 0, 7 + b);
    }
    server.createMixedTable("ingest");
    settle = server.settle(server.dataNodeCpu());
    if (client.equals("replay")) {
      ArrowTablet[] tablets = new ArrowTablet[BATCHES];
      for (int b = 0; b < BATCHES; b++) {
        retime(batches[b]);
        tablets[b] = ArrowTablet.builder("ingest", batches[b]).tag(BenchData.TAG).build();
      }
      replay = new ReplayClient(server.endpoint(), "bench", tablets);
    } else if (client.startsWith("quiver")) {
      TableSessionConfig.Builder config = TableSessionConfig.builder().nodeUrls(server.endpoint()).database("bench");
      if (client.equals("quiver_nowindow")) {
        config.replayWindow(java.time.Duration.ZERO);
      }
      quiver = TableSession.open(config.build());
    } else {
      TableSessionBuilder b = new TableSessionBuilder().nodeUrls(List.of(server.endpoint())).database("bench");
      if (client.equals("official_plain")) {
        b.enableCompression(false);
      }
      official = b.build();
    }
    for (int i = 0; i < 2_000_000 / ROWS_PER_INVOCATION; i++) {
      reframe();
      insertAll(null);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try {
      if (quiver != null) {
        quiver.close();
      }
      if (official != null) {
        official.close();
      }
      if (replay != null) {
        replay.close();
      }
      for (VectorSchemaRoot r : batches) {
        r.close();
      }
      allocator.close();
    } finally {
      server.close();
    }
  }

  /** Shifts a batch's times so every insert writes new rows, not overwrites. */
  private void retime(VectorSchemaRoot root) {
    var time = (org.apache.arrow.vector.TimeStampMilliVector) root.getVector("time");
    for (int r = 0; r < BATCH_ROWS; r++) {
      time.set(r, nextTime++);
    }
  }

  private void insertAll(ClientCpu cpu) throws Exception {
    for (int b = 0; b < BATCHES; b++) {
      VectorSchemaRoot root = batches[b];
      if (replay == null) {
        retime(root);
      }
      long t0 = cpu == null ? 0 : THREADS.getCurrentThreadCpuTime();
      if (replay != null) {
        replay.insert(b);
      } else if (quiver != null) {
        quiver.insert(ArrowTablet.builder("ingest", root).tag(BenchData.TAG).build());
      } else {
        official.insert(OfficialTablets.fromArrow("ingest", root));
      }
      if (cpu != null) {
        cpu.clientCpuNanos += THREADS.getCurrentThreadCpuTime() - t0;
        cpu.rows += BATCH_ROWS;
      }
    }
  }

  /**
   * Before every iteration (warmup and measured) the server settles: FLUSH, then a bounded wait
   * until the DataNode is idle, so an iteration does not pay for the previous one's flush.
   */
  @Setup(Level.Iteration)
  public void settle() {
    settle.settle();
  }

  /** The replay client's frames for the next invocation, with fresh times, outside the timer. */
  @Setup(Level.Invocation)
  public void reframe() throws Exception {
    if (replay == null) {
      return;
    }
    ArrowTablet[] tablets = new ArrowTablet[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
      retime(batches[b]);
      tablets[b] = ArrowTablet.builder("ingest", batches[b]).tag(BenchData.TAG).build();
    }
    replay.reframe(tablets);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public void insert(ClientCpu cpu) throws Exception {
    insertAll(cpu);
  }
}
