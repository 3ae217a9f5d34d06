package io.quiver.benchmarks;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import io.quiver.client.internal.encoding.EncodedRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.iotdb.session.rpccompress.TabletEncoder;
import org.apache.iotdb.session.util.SessionUtils;
import org.apache.tsfile.enums.TSDataType;
import org.apache.tsfile.file.metadata.enums.CompressionType;
import org.apache.tsfile.file.metadata.enums.TSEncoding;
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
 *   <li>{@link #floorSwap}: the floor for IoTDB's layout: a hand-written loop writing the bytes
 *       Quiver writes (times and fixed-width values byte-swapped one by one, a byte per BOOLEAN,
 *       strings as a big-endian length then a bulk copy per value, the null bitmaps inverted),
 *       with no checks, no null masking and no type conversion (a DATE is swapped, not turned
 *       into yyyymmdd). Quiver / floorSwap is the encoder's own overhead;
 *   <li>{@link #quiverEncoded}: Quiver's column-encoded request ({@code encodeInserts}): the plain
 *       buffers, then TS_2DIFF / GORILLA per column ({@link EncodedRequest});
 *   <li>{@link #quiverEncodedGzip}: the same, then GZIP ({@code gzipInserts});
 *   <li>{@link #officialEncoded}: the official client's default table insert path: the copy into
 *       its Tablet, then its {@code TabletEncoder} with its default encodings (RLE booleans);
 *   <li>{@link #officialArrowToTabletToBuffers}: the official client's cheapest path for a user who
 *       holds Arrow: copy the root into an {@code org.apache.tsfile} Tablet cell by cell, then
 *       {@code SessionUtils.getTimeBuffer/getValueBuffer} (its plain, uncompressed request buffers).
 * </ul>
 *
 * Every invocation encodes 100,000 rows (10 batches of 10,000 or 1 of 100,000), so scores read as
 * ns per row and {@code gc.alloc.rate.norm} divided by 100,000 is bytes per row. The secondary
 * results {@code cpuNanos} and {@code rows} ({@link EncodeCpu}) give the thread's CPU time per
 * row, which a busy machine disturbs less than the wall-time score.
 *
 * <p>Targets (issue 15): Quiver within 1.2x of floorSwap on the mixed schema, 1.3x on the
 * fixed-width types, 1.5x on strings; under 1 byte allocated per row.
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

  /**
   * The column types: see {@link BenchData}; {@code sensor} is the mixed shape with the values of
   * {@link SensorData} (no nulls).
   */
  @Param({"mixed", "sensor", "int32", "int64", "float", "double", "boolean", "string", "date", "timestamp"})
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
      if (schema.equals("sensor")) {
        // The mixed shape with sensor-like values (SensorData), no nulls.
        batches[b] = SensorData.allocate(allocator, rows);
        new SensorData("sensor", 42, (long) b * rows).fill(batches[b]);
      } else {
        batches[b] = BenchData.generate(allocator, schema, rows, nullRatio, (long) b * rows, 42 + b);
      }
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
    if (BenchData.hasTag(schema) || schema.equals("sensor")) {
      b.tag(BenchData.TAG);
    }
    return b.build();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public int quiverArrowTablet(EncodeCpu cpu) {
    long start = EncodeCpu.now();
    int bytes = 0;
    for (VectorSchemaRoot root : batches) {
      ArrowTablet t = tablet(root);
      out.position(0);
      out.ensureRemaining(8L * t.rowCount() + t.valuesSize());
      t.writeTimestamps(out, TimePrecision.MILLISECONDS);
      t.writeValues(out, TimePrecision.MILLISECONDS);
      bytes += out.position();
    }
    cpu.add(start, ROWS_PER_INVOCATION);
    return bytes;
  }

  private final EncodedRequest encoded = new EncodedRequest();
  private final EncodedRequest gzipped = new EncodedRequest(EncodedRequest.GZIP);

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public int quiverEncodedGzip(EncodeCpu cpu) {
    long start = EncodeCpu.now();
    int bytes = 0;
    for (VectorSchemaRoot root : batches) {
      gzipped.encode(tablet(root), TimePrecision.MILLISECONDS);
      bytes += gzipped.times().position() + gzipped.values().position();
    }
    cpu.add(start, ROWS_PER_INVOCATION);
    return bytes;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public int quiverEncoded(EncodeCpu cpu) {
    long start = EncodeCpu.now();
    int bytes = 0;
    for (VectorSchemaRoot root : batches) {
      encoded.encode(tablet(root), TimePrecision.MILLISECONDS);
      bytes += encoded.times().position() + encoded.values().position();
    }
    cpu.add(start, ROWS_PER_INVOCATION);
    return bytes;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public void officialEncoded(Blackhole bh, EncodeCpu cpu) {
    long start = EncodeCpu.now();
    for (VectorSchemaRoot root : batches) {
      Tablet t = OfficialTablets.fromArrow("t", root);
      TabletEncoder encoder = new TabletEncoder(CompressionType.UNCOMPRESSED, defaultEncodings(t));
      bh.consume(encoder.encodeTime(t));
      bh.consume(encoder.encodeValues(t));
    }
    cpu.add(start, ROWS_PER_INVOCATION);
  }

  /** The official builder's default encodings: the time column's first, then one per column. */
  static List<TSEncoding> defaultEncodings(Tablet t) {
    List<TSEncoding> encodings = new ArrayList<>();
    encodings.add(TSEncoding.TS_2DIFF);
    for (int c = 0; c < t.getSchemas().size(); c++) {
      TSDataType type = t.getSchemas().get(c).getType();
      switch (type) {
        case BOOLEAN:
          encodings.add(TSEncoding.RLE);
          break;
        case INT32:
        case INT64:
        case DATE:
        case TIMESTAMP:
          encodings.add(TSEncoding.TS_2DIFF);
          break;
        case FLOAT:
        case DOUBLE:
          encodings.add(TSEncoding.GORILLA);
          break;
        default:
          encodings.add(TSEncoding.PLAIN);
          break;
      }
    }
    return encodings;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public int floorCopy(EncodeCpu cpu) {
    long start = EncodeCpu.now();
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
    cpu.add(start, ROWS_PER_INVOCATION);
    return at;
  }

  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_NATIVE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public int floorSwap(EncodeCpu cpu) {
    long start = EncodeCpu.now();
    int at = 0;
    for (VectorSchemaRoot root : batches) {
      at = 0;
      int rows = root.getRowCount();
      boolean anyNull = false;
      for (FieldVector v : root.getFieldVectors()) {
        at = swapColumn(v, rows, floor, at);
        anyNull |= v.getNullCount() > 0;
      }
      if (anyNull) {
        for (FieldVector v : root.getFieldVectors()) {
          if (v.getNullCount() == 0) {
            floor[at++] = 0;
            continue;
          }
          floor[at++] = 1;
          long valid = v.getValidityBuffer().memoryAddress();
          int words = rows >>> 6;
          for (int k = 0; k < words; k++) {
            LONG_NATIVE.set(floor, at + (k << 3), ~MemoryUtil.getLong(valid + ((long) k << 3)));
          }
          for (int b = words << 3; b <= rows / 8; b++) {
            floor[at + b] = (byte) ~MemoryUtil.getByte(valid + b);
          }
          at += rows / 8 + 1;
        }
      }
    }
    cpu.add(start, ROWS_PER_INVOCATION);
    return at;
  }

  private static int swapColumn(FieldVector v, int rows, byte[] dst, int at) {
    if (v instanceof BitVector) {
      long bits = v.getDataBuffer().memoryAddress();
      for (int r = 0; r < rows; r++) {
        dst[at + r] = (byte) ((MemoryUtil.getByte(bits + (r >>> 3)) >>> (r & 7)) & 1);
      }
      return at + rows;
    }
    if (v instanceof BaseVariableWidthVector) {
      long offsets = v.getOffsetBuffer().memoryAddress();
      long data = v.getDataBuffer().memoryAddress();
      int s = MemoryUtil.getInt(offsets);
      for (int r = 0; r < rows; r++) {
        int e = MemoryUtil.getInt(offsets + ((long) (r + 1) << 2));
        INT_BE.set(dst, at, e - s);
        MemoryUtil.copyFromMemory(data + s, dst, at + 4, e - s);
        at += 4 + e - s;
        s = e;
      }
      return at;
    }
    int width = ((BaseFixedWidthVector) v).getTypeWidth();
    long src = v.getDataBuffer().memoryAddress();
    if (width == 8) {
      for (int r = 0; r < rows; r++) {
        LONG_BE.set(dst, at + (r << 3), MemoryUtil.getLong(src + ((long) r << 3)));
      }
    } else {
      for (int r = 0; r < rows; r++) {
        INT_BE.set(dst, at + (r << 2), MemoryUtil.getInt(src + ((long) r << 2)));
      }
    }
    return at + width * rows;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public void officialArrowToTabletToBuffers(Blackhole bh, EncodeCpu cpu) {
    long start = EncodeCpu.now();
    for (VectorSchemaRoot root : batches) {
      Tablet t = OfficialTablets.fromArrow("t", root);
      bh.consume(SessionUtils.getTimeBuffer(t));
      bh.consume(SessionUtils.getValueBuffer(t));
    }
    cpu.add(start, ROWS_PER_INVOCATION);
  }
}
