package io.quiver.benchmarks;

import io.quiver.arrow.ArrowDeviceBatch;
import io.quiver.client.Session;
import io.quiver.client.SessionConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.tsfile.enums.TSDataType;
import org.apache.tsfile.write.record.Tablet;
import org.apache.tsfile.write.schema.IMeasurementSchema;
import org.apache.tsfile.write.schema.MeasurementSchema;
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
 * End-to-end tree-model ingest into a real local IoTDB over one connection, many devices per
 * call: the Arrow batches of {@link IngestBenchmark} ({@code mixed}: time, a device column of 10
 * devices, 5 DOUBLE), written as series {@code root.bench_tree.<device>.m0..m4}.
 *
 * <ul>
 *   <li>{@code quiver}: an {@code ArrowDeviceBatch} per batch through {@code
 *       Session.insertTablets}: rows grouped by device in one pass, encoded once, one {@code
 *       insertTablets} request;
 *   <li>{@code official}: the official {@code Session.insertTablets} after copying the batch into
 *       one {@code Tablet} per device, cell by cell (what a user holding Arrow must do; the copy is
 *       part of the score).
 * </ul>
 *
 * Rows/s ({@code @OperationsPerInvocation}) and client CPU per row ({@code clientCpuNanos / rows}).
 * Each trial uses a fresh server ("bench") or {@code QUIVER_IOTDB_URL}, warmed with 1,000,000
 * rows. Regressions it catches: a per-value object or a copy added to the device grouping or the
 * one-pass encoding (CPU per row grows toward the official client's). Not measured here: the
 * replay ceiling of {@link IngestBenchmark} (its {@code ReplayClient} frames table requests only).
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
  static final String PREFIX = "root.bench_tree";

  @Param({"quiver", "official"})
  public String client;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private BenchServer server;
  private BufferAllocator allocator;
  private VectorSchemaRoot[] batches;
  private Session quiver;
  private org.apache.iotdb.session.Session official;
  private long nextTime;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = new BenchServer();
    allocator = new RootAllocator();
    batches = new VectorSchemaRoot[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
      batches[b] = BenchData.generate(allocator, "mixed", BATCH_ROWS, 0, 0, 7 + b);
    }
    try (Session admin = Session.open(SessionConfig.builder().nodeUrls(server.endpoint()).build())) {
      try {
        admin.executeNonQueryStatement("DELETE DATABASE " + PREFIX);
      } catch (io.quiver.client.StatementException absent) {
        // a fresh server has none
      }
      admin.executeNonQueryStatement("CREATE DATABASE " + PREFIX);
    }
    if (client.equals("quiver")) {
      quiver = Session.open(SessionConfig.builder().nodeUrls(server.endpoint()).build());
    } else {
      String[] hp = server.endpoint().split(":");
      official = new org.apache.iotdb.session.Session.Builder().host(hp[0]).port(Integer.parseInt(hp[1])).build();
      official.open(false);
    }
    for (int i = 0; i < 1_000_000 / ROWS_PER_INVOCATION; i++) {
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
      for (VectorSchemaRoot r : batches) {
        r.close();
      }
      allocator.close();
    } finally {
      server.close();
    }
  }

  /** Shifts a batch's times so every insert writes new rows (10 devices: each time once per device). */
  private void retime(VectorSchemaRoot root) {
    TimeStampMilliVector time = (TimeStampMilliVector) root.getVector("time");
    for (int r = 0; r < BATCH_ROWS; r++) {
      time.set(r, nextTime + r / 10);
    }
    nextTime += BATCH_ROWS / 10;
  }

  /** The official client's input: one Tablet per device, copied cell by cell from the batch. */
  static Map<String, Tablet> officialTablets(VectorSchemaRoot root) {
    List<IMeasurementSchema> schemas = new ArrayList<>();
    for (int f = 0; f < BenchData.FIELDS; f++) {
      schemas.add(new MeasurementSchema("m" + f, TSDataType.DOUBLE));
    }
    TimeStampMilliVector time = (TimeStampMilliVector) root.getVector("time");
    VarCharVector dev = (VarCharVector) root.getVector(BenchData.TAG);
    Map<String, Tablet> tablets = new HashMap<>();
    int rows = root.getRowCount();
    for (int r = 0; r < rows; r++) {
      String device = PREFIX + "." + new String(dev.get(r), StandardCharsets.UTF_8);
      Tablet t = tablets.computeIfAbsent(device, d -> new Tablet(d, schemas, rows / 10 + 1));
      int row = t.getRowSize();
      t.addTimestamp(row, time.get(r));
      for (int f = 0; f < BenchData.FIELDS; f++) {
        Float8Vector v = (Float8Vector) root.getVector("m" + f);
        if (!v.isNull(r)) {
          t.addValue("m" + f, row, v.get(r));
        }
      }
    }
    return tablets;
  }

  private void insertAll(ClientCpu cpu) throws Exception {
    for (VectorSchemaRoot root : batches) {
      retime(root);
      long t0 = cpu == null ? 0 : THREADS.getCurrentThreadCpuTime();
      if (quiver != null) {
        quiver.insertTablets(ArrowDeviceBatch.builder(root, BenchData.TAG).prefix(PREFIX).build(), false);
      } else {
        official.insertTablets(officialTablets(root), true);
      }
      if (cpu != null) {
        cpu.clientCpuNanos += THREADS.getCurrentThreadCpuTime() - t0;
        cpu.rows += BATCH_ROWS;
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public void insert(ClientCpu cpu) throws Exception {
    insertAll(cpu);
  }
}
