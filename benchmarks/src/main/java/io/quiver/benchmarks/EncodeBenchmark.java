package io.quiver.benchmarks;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iotdb.session.util.SessionUtils;
import org.apache.tsfile.write.record.Tablet;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The client-side cost of turning Arrow data into IoTDB's insert buffers (timestamps + values), with
 * no network: what each path costs per row, and what it allocates ({@code -prof gc}).
 *
 * <ul>
 *   <li>{@link #quiverArrowTablet}: Quiver's path: build an {@link ArrowTablet} over the root and
 *       write it into a reused {@link WireBuffer}, exactly what {@code TableSession.insert} does
 *       before the socket;
 *   <li>{@link #floorCopy}: the physical floor: a plain copy (no byte swap) of the same Arrow buffers
 *       (data, offsets, validity) into a reused array;
 *   <li>{@link #officialArrowToTabletToBuffers}: the official client's cheapest path for a user who
 *       holds Arrow: copy the root into an {@code org.apache.tsfile} Tablet cell by cell, then
 *       {@code SessionUtils.getTimeBuffer/getValueBuffer} (its plain, uncompressed request buffers).
 * </ul>
 *
 * Every invocation encodes 100,000 rows (10 batches of 10,000 or 1 of 100,000), so scores read as
 * ns per row and {@code gc.alloc.rate.norm} divided by 100,000 is bytes per row.
 *
 * <p>Regressions it catches: a per-value allocation or bounds-checked access creeping into the
 * encoders (quiver drifts away from the floor, B/row above 0), a lost bulk path for a type.
 *
 * <p>Run: {@code benchmarks/run EncodeBenchmark -prof gc} (see benchmarks/RESULTS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EncodeBenchmark {
  static final int ROWS_PER_INVOCATION = 100_000;

  /** The column types: see {@link BenchData}. */
  @Param({"mixed", "int32", "int64", "float", "double", "boolean", "string", "date", "timestamp"})
  public String schema;

  /** Rows per batch. */
  @Param({"10000", "100000"})
  public int rows;

  /** Share of null values in the field columns. */
  @Param({"0", "0.1"})
  public double nullRatio;

  private BufferAllocator allocator;
  private VectorSchemaRoot[] batches;
  private WireBuffer out;
  private byte[] floor;

  @Setup(Level.Trial)
  public void setUp() {
    allocator = new RootAllocator();
    int n = ROWS_PER_INVOCATION / rows;
    batches = new VectorSchemaRoot[n];
    for (int b = 0; b < n; b++) {
      batches[b] = BenchData.generate(allocator, schema, rows, nullRatio, (long) b * rows, 42 + b);
    }
    out = new WireBuffer(64 * 1024 * 1024);
    floor = new byte[64 * 1024 * 1024];
    if (nullRatio == 0) {
      checkSameBytesAsOfficial();
    }
  }

  /** The comparison is fair only if both paths produce the same bytes: check it once. */
  private void checkSameBytesAsOfficial() {
    VectorSchemaRoot root = batches[0];
    ArrowTablet t = tablet(root);
    out.position(0);
    t.writeTimestamps(out, TimePrecision.MILLISECONDS);
    t.writeValues(out, TimePrecision.MILLISECONDS);
    byte[] ours = Arrays.copyOf(out.array(), out.position());
    Tablet official = OfficialTablets.fromArrow("t", root);
    ByteBuffer times = SessionUtils.getTimeBuffer(official);
    ByteBuffer values = SessionUtils.getValueBuffer(official);
    byte[] theirs = new byte[times.remaining() + values.remaining()];
    times.duplicate().get(theirs, 0, times.remaining());
    values.duplicate().get(theirs, times.remaining(), values.remaining());
    // The official buffer may end with a bitmap section of zero markers even without nulls.
    byte[] theirsTrimmed = Arrays.copyOf(theirs, Math.min(theirs.length, ours.length));
    if (theirs.length < ours.length || !Arrays.equals(ours, theirsTrimmed)) {
      throw new IllegalStateException("Quiver and the official client encode schema '" + schema
          + "' differently; the benchmark would compare different work");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (VectorSchemaRoot r : batches) {
      r.close();
    }
    allocator.close();
  }

  private ArrowTablet tablet(VectorSchemaRoot root) {
    ArrowTablet.Builder b = ArrowTablet.builder("t", root);
    if (BenchData.hasTag(schema)) {
      b.tag(BenchData.TAG);
    }
    return b.build();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public int quiverArrowTablet() {
    int bytes = 0;
    for (VectorSchemaRoot root : batches) {
      ArrowTablet t = tablet(root);
      out.position(0);
      out.ensureRemaining(8L * t.rowCount() + t.valuesSize());
      t.writeTimestamps(out, TimePrecision.MILLISECONDS);
      t.writeValues(out, TimePrecision.MILLISECONDS);
      bytes += out.position();
    }
    return bytes;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public int floorCopy() {
    int at = 0;
    for (VectorSchemaRoot root : batches) {
      at = 0;
      for (FieldVector v : root.getFieldVectors()) {
        for (ArrowBuf buf : v.getFieldBuffers()) {
          int len = (int) buf.readableBytes();
          buf.getBytes(0, floor, at, len);
          at += len;
        }
      }
    }
    return at;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public void officialArrowToTabletToBuffers(Blackhole bh) {
    for (VectorSchemaRoot root : batches) {
      Tablet t = OfficialTablets.fromArrow("t", root);
      bh.consume(SessionUtils.getTimeBuffer(t));
      bh.consume(SessionUtils.getValueBuffer(t));
    }
  }
}
