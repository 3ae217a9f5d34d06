package io.quiver.it.support;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.TimeStampSecVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ViewVarBinaryVector;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * An Arrow IPC file (or stream) with a column of every Arrow type the loader takes, each value a
 * function of its row number, with nulls in a pattern of its own per column: so a reader can check
 * any cell, and any aggregate, against {@link Column#expected} without keeping the data.
 *
 * <p>Columns: {@code time} (Timestamp ms, {@link #BASE} + row), {@code device} (dictionary-encoded
 * Utf8 with Int32 indices, 16 devices, the TAG), {@code site} (Utf8, one per device, the
 * ATTRIBUTE), and FIELDs of Bool, Int8/16/32/64, UInt8/16/32/64, Float32/64, Utf8, LargeUtf8,
 * Utf8View, Binary, LargeBinary, BinaryView, FixedSizeBinary(3), dictionary-encoded Binary (Int8
 * indices), Date (day, millisecond) and Timestamp (second, microsecond, nanosecond, millisecond
 * with the zone UTC).
 */
public final class EveryArrowTypeFile {
  /** The time of row 0, in milliseconds. */
  public static final long BASE = 1_700_000_000_000L;
  public static final int DEVICES = 16;
  private static final long DAY_MS = 86_400_000L;
  private static final byte[][] BLOB_DICTIONARY = {
      {}, {1}, {2, 2}, {(byte) 0xff, 0, 1}, "dictionary blob".getBytes(StandardCharsets.UTF_8)};

  /**
   * One column besides the time.
   *
   * @param name its name
   * @param type the IoTDB type it is stored as
   * @param category its category in IoTDB
   * @param isNull whether a row's value is null
   * @param expected the value IoTDB returns for a row (as {@code SessionDataSet.getObject} does)
   */
  public record Column(String name, DataType type, ColumnCategory category, LongPredicate isNull,
      LongFunction<Object> expected) {}

  /** The columns besides the time, in file order. */
  public static final List<Column> COLUMNS = List.of(
      new Column("device", DataType.STRING, ColumnCategory.TAG, r -> false, EveryArrowTypeFile::device),
      new Column("site", DataType.STRING, ColumnCategory.ATTRIBUTE, r -> false, r -> "site-" + (r % DEVICES) / 4),
      field("b", DataType.BOOLEAN, 11, 1, r -> r % 3 == 0),
      field("i8", DataType.INT32, 11, 2, r -> (int) (byte) (r * 7)),
      field("i16", DataType.INT32, 11, 3, r -> (int) (short) (r * 31)),
      field("i32", DataType.INT32, 11, 4, r -> (int) (r * 2_147 - 1_000_000_000L)),
      field("i64", DataType.INT64, 11, 5, r -> r * 1_000_003L - 7),
      field("u8", DataType.INT32, 13, 1, r -> (int) (128 + r % 128)),
      field("u16", DataType.INT32, 13, 2, r -> (int) (32_768 + r % 32_768)),
      field("u32", DataType.INT64, 13, 3, r -> 3_000_000_000L + r),
      field("u64", DataType.INT64, 13, 4, r -> (1L << 62) + r),
      field("f32", DataType.FLOAT, 13, 5, r -> (r % 1024) * 0.25f),
      field("f64", DataType.DOUBLE, 13, 6, r -> r * 0.5),
      field("s", DataType.STRING, 17, 1, r -> "s" + r),
      field("ls", DataType.STRING, 17, 2, r -> "L" + r),
      field("vs", DataType.STRING, 17, 3, r -> r % 2 == 0 ? "v" + r : "a longer view string " + r),
      field("bin", DataType.BLOB, 17, 4, r -> ByteBuffer.allocate(4).putInt((int) r).array()),
      field("lbin", DataType.BLOB, 17, 5, r -> ("lb" + r).getBytes(StandardCharsets.UTF_8)),
      field("vbin", DataType.BLOB, 17, 6, r -> ("view binary value " + r).getBytes(StandardCharsets.UTF_8)),
      field("fbin", DataType.BLOB, 17, 7, r -> new byte[] {(byte) r, (byte) (r >> 8), (byte) (r >> 16)}),
      field("dbin", DataType.BLOB, 17, 8, r -> BLOB_DICTIONARY[(int) (r % BLOB_DICTIONARY.length)]),
      field("dday", DataType.DATE, 19, 1, r -> LocalDate.ofEpochDay(7_000 + r % 20_000)),
      field("dms", DataType.DATE, 19, 2, r -> LocalDate.ofEpochDay(7_000 + r % 20_000)),
      field("tss", DataType.TIMESTAMP, 19, 3, r -> Instant.ofEpochSecond(1_600_000_000L + r)),
      field("tsus", DataType.TIMESTAMP, 19, 4, r -> Instant.ofEpochMilli(1_600_000_000_000L + r)),
      field("tsns", DataType.TIMESTAMP, 19, 5, r -> Instant.ofEpochMilli(1_600_000_000_000L + r)),
      field("tstz", DataType.TIMESTAMP, 19, 6, r -> Instant.ofEpochMilli(BASE - r)));

  private static Column field(String name, DataType type, int every, int at, LongFunction<Object> value) {
    return new Column(name, type, ColumnCategory.FIELD, r -> r % every == at, value);
  }

  private EveryArrowTypeFile() {}

  public static String device(long row) {
    return "dev" + (row % DEVICES);
  }

  /** The column of that name. */
  public static Column column(String name) {
    for (Column c : COLUMNS) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(name);
  }

  /**
   * Writes rows {@code [0, rows)} in record batches of {@code batchRows} rows.
   *
   * @param stream the IPC stream format instead of the file format
   */
  public static void write(Path file, BufferAllocator allocator, int rows, int batchRows, boolean stream)
      throws IOException {
    DictionaryEncoding deviceEncoding = new DictionaryEncoding(1L, false, new ArrowType.Int(32, true));
    DictionaryEncoding blobEncoding = new DictionaryEncoding(2L, false, new ArrowType.Int(8, true));
    List<FieldVector> vectors = new ArrayList<>();
    try (VarCharVector deviceValues = new VarCharVector("device-dictionary", allocator);
        VarBinaryVector blobValues = new VarBinaryVector("dbin-dictionary", allocator)) {
      for (int d = 0; d < DEVICES; d++) {
        deviceValues.setSafe(d, device(d).getBytes(StandardCharsets.UTF_8));
      }
      deviceValues.setValueCount(DEVICES);
      for (int i = 0; i < BLOB_DICTIONARY.length; i++) {
        blobValues.setSafe(i, BLOB_DICTIONARY[i]);
      }
      blobValues.setValueCount(BLOB_DICTIONARY.length);
      DictionaryProvider.MapDictionaryProvider dictionaries = new DictionaryProvider.MapDictionaryProvider(
          new Dictionary(deviceValues, deviceEncoding), new Dictionary(blobValues, blobEncoding));

      vectors.add(new TimeStampMilliVector("time", allocator));
      vectors.add(new IntVector("device", new FieldType(false, new ArrowType.Int(32, true), deviceEncoding), allocator));
      vectors.add(new VarCharVector("site", allocator));
      vectors.add(new BitVector("b", allocator));
      vectors.add(new TinyIntVector("i8", allocator));
      vectors.add(new SmallIntVector("i16", allocator));
      vectors.add(new IntVector("i32", allocator));
      vectors.add(new BigIntVector("i64", allocator));
      vectors.add(new UInt1Vector("u8", allocator));
      vectors.add(new UInt2Vector("u16", allocator));
      vectors.add(new UInt4Vector("u32", allocator));
      vectors.add(new UInt8Vector("u64", allocator));
      vectors.add(new Float4Vector("f32", allocator));
      vectors.add(new Float8Vector("f64", allocator));
      vectors.add(new VarCharVector("s", allocator));
      vectors.add(new LargeVarCharVector("ls", allocator));
      vectors.add(new ViewVarCharVector("vs", allocator));
      vectors.add(new VarBinaryVector("bin", allocator));
      vectors.add(new LargeVarBinaryVector("lbin", allocator));
      vectors.add(new ViewVarBinaryVector("vbin", allocator));
      vectors.add(new FixedSizeBinaryVector("fbin", allocator, 3));
      vectors.add(new TinyIntVector("dbin", new FieldType(true, new ArrowType.Int(8, true), blobEncoding), allocator));
      vectors.add(new DateDayVector("dday", allocator));
      vectors.add(new DateMilliVector("dms", allocator));
      vectors.add(new TimeStampSecVector("tss", allocator));
      vectors.add(new TimeStampMicroVector("tsus", allocator));
      vectors.add(new TimeStampNanoVector("tsns", allocator));
      vectors.add(new TimeStampMilliTZVector("tstz", allocator, "UTC"));
      try (VectorSchemaRoot root = new VectorSchemaRoot(vectors);
          FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
          ArrowWriter writer = stream ? new ArrowStreamWriter(root, dictionaries, channel)
              : new ArrowFileWriter(root, dictionaries, channel)) {
        writer.start();
        for (int start = 0; start < rows; start += batchRows) {
          int n = Math.min(batchRows, rows - start);
          root.allocateNew();
          for (int i = 0; i < n; i++) {
            fill(vectors, i, start + i);
          }
          root.setRowCount(n);
          writer.writeBatch();
        }
        writer.end();
      }
    }
  }

  private static void fill(List<FieldVector> v, int i, long r) {
    ((TimeStampMilliVector) v.get(0)).setSafe(i, BASE + r);
    ((IntVector) v.get(1)).setSafe(i, (int) (r % DEVICES));
    ((VarCharVector) v.get(2)).setSafe(i, utf8((String) column("site").expected().apply(r)));
    int k = 3;
    for (Column c : COLUMNS.subList(2, COLUMNS.size())) {
      FieldVector vector = v.get(k++);
      if (c.isNull().test(r)) {
        vector.setNull(i);
        continue;
      }
      Object x = c.expected().apply(r);
      switch (c.name()) {
        case "b" -> ((BitVector) vector).setSafe(i, (Boolean) x ? 1 : 0);
        case "i8" -> ((TinyIntVector) vector).setSafe(i, (byte) (int) (Integer) x);
        case "i16" -> ((SmallIntVector) vector).setSafe(i, (short) (int) (Integer) x);
        case "i32" -> ((IntVector) vector).setSafe(i, (Integer) x);
        case "i64" -> ((BigIntVector) vector).setSafe(i, (Long) x);
        case "u8" -> ((UInt1Vector) vector).setSafe(i, (Integer) x);
        case "u16" -> ((UInt2Vector) vector).setSafe(i, (Integer) x);
        case "u32" -> ((UInt4Vector) vector).setSafe(i, (int) (long) (Long) x);
        case "u64" -> ((UInt8Vector) vector).setSafe(i, (Long) x);
        case "f32" -> ((Float4Vector) vector).setSafe(i, (Float) x);
        case "f64" -> ((Float8Vector) vector).setSafe(i, (Double) x);
        case "s" -> ((VarCharVector) vector).setSafe(i, utf8((String) x));
        case "ls" -> ((LargeVarCharVector) vector).setSafe(i, utf8((String) x));
        case "vs" -> ((ViewVarCharVector) vector).setSafe(i, utf8((String) x));
        case "bin" -> ((VarBinaryVector) vector).setSafe(i, (byte[]) x);
        case "lbin" -> ((LargeVarBinaryVector) vector).setSafe(i, (byte[]) x);
        case "vbin" -> ((ViewVarBinaryVector) vector).setSafe(i, (byte[]) x);
        case "fbin" -> ((FixedSizeBinaryVector) vector).setSafe(i, (byte[]) x);
        case "dbin" -> ((TinyIntVector) vector).setSafe(i, (byte) (r % BLOB_DICTIONARY.length));
        case "dday" -> ((DateDayVector) vector).setSafe(i, (int) ((LocalDate) x).toEpochDay());
        // An hour into the day: the loader floors milliseconds to the day.
        case "dms" -> ((DateMilliVector) vector).setSafe(i, ((LocalDate) x).toEpochDay() * DAY_MS + 3_600_000L);
        case "tss" -> ((TimeStampSecVector) vector).setSafe(i, ((Instant) x).getEpochSecond());
        // Sub-millisecond parts that the server's millisecond precision floors away.
        case "tsus" -> ((TimeStampMicroVector) vector).setSafe(i, ((Instant) x).toEpochMilli() * 1_000 + 999);
        case "tsns" -> ((TimeStampNanoVector) vector).setSafe(i, ((Instant) x).toEpochMilli() * 1_000_000 + 123_456);
        case "tstz" -> ((TimeStampMilliTZVector) vector).setSafe(i, ((Instant) x).toEpochMilli());
        default -> throw new IllegalStateException(c.name());
      }
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
