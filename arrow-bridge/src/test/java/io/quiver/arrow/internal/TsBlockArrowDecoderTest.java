package io.quiver.arrow.internal;

import static io.quiver.arrow.internal.TsBlockBytes.BOOLEAN;
import static io.quiver.arrow.internal.TsBlockBytes.DOUBLE;
import static io.quiver.arrow.internal.TsBlockBytes.FLOAT;
import static io.quiver.arrow.internal.TsBlockBytes.INT32;
import static io.quiver.arrow.internal.TsBlockBytes.INT64;
import static io.quiver.arrow.internal.TsBlockBytes.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.arrow.ResultConversionException;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TsBlocks written by the test-side {@link TsBlockBytes} decoded into Arrow vectors: every
 * encoding and type, with and without nulls, run-length and dictionary columns, several blocks per
 * fetch at unaligned rows, column mappings, and malformed input. Expected values are written as
 * Arrow sees them (days for DATE, raw counts for TIMESTAMP). Every test closes its allocator, so a
 * leaked buffer fails it.
 */
class TsBlockArrowDecoderTest {
  private BufferAllocator allocator;
  private final List<VectorSchemaRoot> roots = new ArrayList<>();

  @BeforeEach
  void open() {
    allocator = org.apache.arrow.memory.PoisonedMemory.allocator(); // new memory reads 0xA5: every byte exposed must be written
  }

  @AfterEach
  void close() {
    roots.forEach(VectorSchemaRoot::close);
    allocator.close();
  }

  /** A result of these columns, output column i reading block column {@code blockColumns[i]}. */
  private final class Result {
    final VectorSchemaRoot root;
    final TsBlockArrowDecoder decoder;

    Result(List<String> names, List<DataType> types, int... blockColumns) {
      root = VectorSchemaRoot.create(ResultSchema.of(names, types, TimePrecision.MILLISECONDS, ZoneOffset.UTC),
          allocator);
      roots.add(root);
      decoder = new TsBlockArrowDecoder(names, types, blockColumns, root.getFieldVectors());
    }

    /** Decodes one fetch as a stream batch; returns the root. */
    VectorSchemaRoot fetch(ByteBuffer... blocks) {
      int n = decoder.decode(List.of(blocks), 0, 0);
      root.setRowCount(n);
      return root;
    }
  }

  private Result result(DataType... types) {
    List<String> names = new ArrayList<>();
    int[] map = new int[types.length];
    for (int i = 0; i < types.length; i++) {
      names.add("c" + i);
      map[i] = i;
    }
    return new Result(names, List.of(types), map);
  }

  private static int day(int y, int m, int d) {
    return (int) LocalDate.of(y, m, d).toEpochDay();
  }

  /** Checks a vector cell by cell against Arrow-side values (null = null). */
  static void assertColumn(FieldVector v, Object... expected) {
    assertEquals(expected.length, v.getValueCount(), v.getName() + " value count");
    int nulls = 0;
    for (int i = 0; i < expected.length; i++) {
      String where = v.getName() + " row " + i;
      Object e = expected[i];
      if (e == null) {
        assertTrue(v.isNull(i), where + " should be null");
        nulls++;
        continue;
      }
      assertFalse(v.isNull(i), where + " should not be null");
      if (v instanceof BitVector) {
        assertEquals(e, ((BitVector) v).get(i) == 1, where);
      } else if (v instanceof IntVector) {
        assertEquals(e, ((IntVector) v).get(i), where);
      } else if (v instanceof DateDayVector) {
        assertEquals(e, ((DateDayVector) v).get(i), where);
      } else if (v instanceof BigIntVector) {
        assertEquals(e, ((BigIntVector) v).get(i), where);
      } else if (v instanceof TimeStampMilliTZVector) {
        assertEquals(e, ((TimeStampMilliTZVector) v).get(i), where);
      } else if (v instanceof Float4Vector) {
        assertEquals(Float.floatToRawIntBits((Float) e), Float.floatToRawIntBits(((Float4Vector) v).get(i)), where);
      } else if (v instanceof Float8Vector) {
        assertEquals(Double.doubleToRawLongBits((Double) e), Double.doubleToRawLongBits(((Float8Vector) v).get(i)),
            where);
      } else if (v instanceof VarCharVector) {
        assertEquals(e, new String(((VarCharVector) v).get(i), StandardCharsets.UTF_8), where);
      } else if (v instanceof VarBinaryVector) {
        assertArrayEquals((byte[]) e, ((VarBinaryVector) v).get(i), where);
      } else {
        throw new AssertionError("no check for " + v.getClass());
      }
    }
    assertEquals(nulls, v.getNullCount(), v.getName() + " null count");
    int n = expected.length;
    if (n % 8 != 0) {
      int last = v.getValidityBuffer().getByte(n / 8) & 0xFF;
      assertEquals(0, last >>> (n % 8), v.getName() + ": validity bits past the last row are clear");
      if (v instanceof BitVector) {
        int values = ((BitVector) v).getDataBuffer().getByte(n / 8) & 0xFF;
        assertEquals(0, values >>> (n % 8), v.getName() + ": value bits past the last row are clear");
      }
    }
    for (int i = 0; i < n; i++) {
      if (expected[i] == null) {
        assertNullSlotIsBlank(v, i);
      }
    }
  }

  /** A null row's slot holds 0, false or an empty value, never leftover memory. */
  private static void assertNullSlotIsBlank(FieldVector v, int i) {
    String where = v.getName() + " null row " + i;
    if (v instanceof BitVector) {
      assertEquals(0, ((BitVector) v).getDataBuffer().getByte(i / 8) >>> (i % 8) & 1, where);
    } else if (v instanceof VarCharVector || v instanceof VarBinaryVector) {
      org.apache.arrow.vector.BaseVariableWidthVector w = (org.apache.arrow.vector.BaseVariableWidthVector) v;
      assertEquals(w.getStartOffset(i), w.getEndOffset(i), where);
    } else {
      int width = ((org.apache.arrow.vector.BaseFixedWidthVector) v).getTypeWidth();
      for (int b = 0; b < width; b++) {
        assertEquals(0, v.getDataBuffer().getByte((long) i * width + b), where);
      }
    }
  }

  private static Object[] a(Object... values) {
    return values;
  }

  @Test
  void everyTypeWithoutNullsKeepsItsValues() {
    Result r = result(DataType.BOOLEAN, DataType.INT32, DataType.INT64, DataType.FLOAT, DataType.DOUBLE,
        DataType.TEXT, DataType.STRING, DataType.BLOB, DataType.DATE, DataType.TIMESTAMP);
    ByteBuffer block = new TsBlockBytes(3)
        .column(BOOLEAN, true, false, true)
        .column(INT32, Integer.MIN_VALUE, 0, Integer.MAX_VALUE)
        .column(INT64, Long.MIN_VALUE, -1L, Long.MAX_VALUE)
        .column(FLOAT, Float.NaN, -0.0f, Float.NEGATIVE_INFINITY)
        .column(DOUBLE, Double.MAX_VALUE, -0.0, Double.POSITIVE_INFINITY)
        .column(TEXT, "", "温度 ✓", "x")
        .column(TEXT, "a", "bc", "Ünïcødé 😀")
        .column(TEXT, new byte[] {0, (byte) 0xFF}, new byte[0], new byte[] {7})
        .column(INT32, 10000101, 19700101, 99991231)
        .column(INT64, 1_700_000_000_000L, -1L, 0L)
        .build();
    VectorSchemaRoot root = r.fetch(block);
    assertEquals(3, root.getRowCount());
    assertColumn(root.getVector(0), true, false, true);
    assertColumn(root.getVector(1), Integer.MIN_VALUE, 0, Integer.MAX_VALUE);
    assertColumn(root.getVector(2), Long.MIN_VALUE, -1L, Long.MAX_VALUE);
    assertColumn(root.getVector(3), Float.NaN, -0.0f, Float.NEGATIVE_INFINITY);
    assertColumn(root.getVector(4), Double.MAX_VALUE, -0.0, Double.POSITIVE_INFINITY);
    assertColumn(root.getVector(5), "", "温度 ✓", "x");
    assertColumn(root.getVector(6), "a", "bc", "Ünïcødé 😀");
    assertColumn(root.getVector(7), new byte[] {0, (byte) 0xFF}, new byte[0], new byte[] {7});
    assertColumn(root.getVector(8), day(1000, 1, 1), 0, day(9999, 12, 31));
    assertColumn(root.getVector(9), 1_700_000_000_000L, -1L, 0L);
  }

  @Test
  void packedValuesAreScatteredBackToTheirRowsAroundNulls() {
    Result r = result(DataType.BOOLEAN, DataType.INT32, DataType.INT64, DataType.FLOAT, DataType.DOUBLE,
        DataType.STRING, DataType.BLOB, DataType.DATE, DataType.TIMESTAMP);
    Object[] b = a(null, true, null, false, true, null, true, true, null, false, true);
    Object[] i = a(1, null, null, 4, 5, 6, null, 8, 9, null, 11);
    Object[] l = a(null, 2L, 3L, null, null, 6L, 7L, 8L, 9L, 10L, null);
    Object[] f = a(1.5f, null, 3.5f, null, 5.5f, null, 7.5f, null, 9.5f, null, 11.5f);
    Object[] d = a(null, null, null, null, null, null, null, null, 9.25, null, null);
    Object[] s = a("a", null, "", null, "ddd", "e", null, null, "h", "i", null);
    Object[] blob = a(null, new byte[] {1}, null, new byte[0], null, null, null, null, null, null, new byte[] {2, 3});
    Object[] date = a(20240229, null, 20000101, null, null, null, null, null, null, null, 19991231);
    Object[] ts = a(null, null, null, null, null, null, null, null, null, null, 42L);
    VectorSchemaRoot root = r.fetch(new TsBlockBytes(11)
        .column(BOOLEAN, b).column(INT32, i).column(INT64, l).column(FLOAT, f).column(DOUBLE, d)
        .column(TEXT, s).column(TEXT, blob).column(INT32, date).column(INT64, ts).build());
    assertColumn(root.getVector(0), b);
    assertColumn(root.getVector(1), i);
    assertColumn(root.getVector(2), l);
    assertColumn(root.getVector(3), f);
    assertColumn(root.getVector(4), d);
    assertColumn(root.getVector(5), s);
    assertColumn(root.getVector(6), blob);
    assertColumn(root.getVector(7), day(2024, 2, 29), null, day(2000, 1, 1), null, null, null, null, null, null,
        null, day(1999, 12, 31));
    assertColumn(root.getVector(8), ts);
  }

  @Test
  void nullSlotsHoldZeroFalseOrEmpty() {
    Result r = result(DataType.BOOLEAN, DataType.INT64, DataType.STRING);
    VectorSchemaRoot root = r.fetch(new TsBlockBytes(2)
        .column(BOOLEAN, null, true).column(INT64, null, 5L).column(TEXT, null, "x").build());
    assertEquals(0, ((BitVector) root.getVector(0)).getDataBuffer().getByte(0) & 1);
    assertEquals(0L, ((BigIntVector) root.getVector(1)).getDataBuffer().getLong(0));
    VarCharVector s = (VarCharVector) root.getVector(2);
    assertEquals(0, s.getStartOffset(0));
    assertEquals(0, s.getEndOffset(0));
  }

  @Test
  void nullFlagsDeclaredWithoutNullsReadAsNoNulls() {
    Result r = result(DataType.BOOLEAN, DataType.INT32, DataType.DOUBLE, DataType.STRING);
    VectorSchemaRoot root = r.fetch(new TsBlockBytes(9).declareNullsAlways()
        .column(BOOLEAN, true, true, false, true, false, false, true, true, true)
        .column(INT32, 1, 2, 3, 4, 5, 6, 7, 8, 9)
        .column(DOUBLE, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0)
        .column(TEXT, "1", "2", "3", "4", "5", "6", "7", "8", "9").build());
    assertColumn(root.getVector(0), true, true, false, true, false, false, true, true, true);
    assertColumn(root.getVector(1), 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertColumn(root.getVector(2), 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0);
    assertColumn(root.getVector(3), "1", "2", "3", "4", "5", "6", "7", "8", "9");
  }

  @Test
  void runLengthColumnsRepeatTheirValueOnEveryRow() {
    Result r = result(DataType.BOOLEAN, DataType.INT32, DataType.INT64, DataType.FLOAT, DataType.DOUBLE,
        DataType.STRING, DataType.BLOB, DataType.DATE, DataType.TIMESTAMP);
    int n = 77;
    VectorSchemaRoot root = r.fetch(new TsBlockBytes(n)
        .rle(BOOLEAN, true).rle(INT32, -7).rle(INT64, 1L << 40).rle(FLOAT, 2.5f).rle(DOUBLE, Double.NaN)
        .rle(TEXT, "device-01").rle(TEXT, new byte[] {9, 8}).rle(INT32, 20240101).rle(INT64, 123L).build());
    Object[][] expected = {{true}, {-7}, {1L << 40}, {2.5f}, {Double.NaN}, {"device-01"}, {new byte[] {9, 8}},
        {day(2024, 1, 1)}, {123L}};
    for (int c = 0; c < expected.length; c++) {
      Object[] column = new Object[n];
      Arrays.fill(column, expected[c][0]);
      assertColumn(root.getVector(c), column);
    }
  }

  @Test
  void aNullRunMakesEveryRowNull() {
    Result r = result(DataType.BOOLEAN, DataType.INT32, DataType.DOUBLE, DataType.STRING, DataType.DATE);
    int n = 19;
    VectorSchemaRoot root = r.fetch(new TsBlockBytes(n)
        .rle(BOOLEAN, null).rle(INT32, null).rle(DOUBLE, null).rle(TEXT, null).rle(INT32, null).build());
    for (int c = 0; c < 5; c++) {
      assertColumn(root.getVector(c), new Object[n]);
    }
  }

  @Test
  void anEmptyStringRunStaysEmptyNotNull() {
    Result r = result(DataType.STRING);
    VectorSchemaRoot root = r.fetch(new TsBlockBytes(3).rle(TEXT, "").build());
    assertColumn(root.getVector(0), "", "", "");
  }

  @Test
  void dictionaryColumnsAreExpanded() {
    Result r = result(DataType.BOOLEAN, DataType.INT32, DataType.INT64, DataType.FLOAT, DataType.DOUBLE,
        DataType.STRING, DataType.BLOB, DataType.DATE, DataType.TIMESTAMP);
    int[] ids = {2, 0, 1, 1, 0, 2, 2, 0, 1, 0};
    Object[][] dictionaries = {
        a(true, null, false), a(10, 20, null), a(null, 5L, 6L), a(1f, null, 3f), a(0.5, 1.5, null),
        a("zero", null, "two"), a(new byte[] {0}, new byte[] {1, 1}, null), a(20200101, null, 20211231),
        a(100L, 200L, null)};
    int[] types = {BOOLEAN, INT32, INT64, FLOAT, DOUBLE, TEXT, TEXT, INT32, INT64};
    TsBlockBytes block = new TsBlockBytes(ids.length);
    for (int c = 0; c < types.length; c++) {
      block.dictionary(types[c], dictionaries[c], ids);
    }
    VectorSchemaRoot root = r.fetch(block.build());
    for (int c = 0; c < types.length; c++) {
      Object[] expected = new Object[ids.length];
      for (int k = 0; k < ids.length; k++) {
        Object v = dictionaries[c][ids[k]];
        expected[k] = c == 7 && v != null ? (Object) (int) LocalDate.of((Integer) v / 10000,
            (Integer) v / 100 % 100, (Integer) v % 100).toEpochDay() : v;
      }
      assertColumn(root.getVector(c), expected);
    }
  }

  @Test
  void aRunOfADictionaryValueIsRepeated() {
    Result r = result(DataType.STRING, DataType.INT64);
    VectorSchemaRoot root = r.fetch(new TsBlockBytes(4)
        .rleOfDictionary(TEXT, a("a", "bb", "ccc"), 1).rleOfDictionary(INT64, a(1L, null), 1).build());
    assertColumn(root.getVector(0), "bb", "bb", "bb", "bb");
    assertColumn(root.getVector(1), null, null, null, null);
  }

  @Test
  void blocksOfAFetchFollowEachOtherAtUnalignedRows() {
    Result r = result(DataType.BOOLEAN, DataType.INT32, DataType.STRING, DataType.DOUBLE);
    Random random = new Random(7);
    int[] sizes = {13, 7, 1, 64, 21, 0, 9};
    List<Object[]> expected = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      expected.add(new Object[Arrays.stream(sizes).sum()]);
    }
    List<ByteBuffer> blocks = new ArrayList<>();
    int row = 0;
    for (int size : sizes) {
      Object[][] cols = new Object[4][size];
      for (int k = 0; k < size; k++) {
        boolean isNull = random.nextInt(4) == 0;
        cols[0][k] = isNull ? null : random.nextBoolean();
        cols[1][k] = random.nextInt(3) == 0 ? null : random.nextInt();
        cols[2][k] = random.nextInt(5) == 0 ? null : "v" + (row + k);
        cols[3][k] = random.nextInt(6) == 0 ? null : random.nextDouble();
      }
      TsBlockBytes b = new TsBlockBytes(size).column(BOOLEAN, cols[0]).column(INT32, cols[1]);
      if (size == 21) {
        b.rle(TEXT, "same");
        Arrays.fill(cols[2], "same");
      } else {
        b.column(TEXT, cols[2]);
      }
      b.column(DOUBLE, cols[3]);
      blocks.add(b.build());
      for (int c = 0; c < 4; c++) {
        System.arraycopy(cols[c], 0, expected.get(c), row, size);
      }
      row += size;
    }
    VectorSchemaRoot root = r.fetch(blocks.toArray(new ByteBuffer[0]));
    assertEquals(row, root.getRowCount());
    for (int c = 0; c < 4; c++) {
      assertColumn(root.getVector(c), expected.get(c));
    }
  }

  @Test
  void columnsAreMappedThroughTheBlockColumnIndexAndUnreadColumnsSkipped() {
    // Block value columns: 0 INT64 (unread), 1 TEXT, 2 dictionary TEXT (unread), 3 INT32, 4 BOOLEAN (unread).
    // Output: c3 as "a", c1 as "b", c3 again as "c".
    Result r = new Result(List.of("a", "b", "c"), List.of(DataType.INT32, DataType.STRING, DataType.INT32), 3, 1, 3);
    ByteBuffer block = TsBlockBytes.withPlainTime(100, 200, 300)
        .column(INT64, 1L, null, 3L)
        .column(TEXT, "x", null, "zz")
        .dictionary(TEXT, a("p", "q"), 1, 0, 1)
        .column(INT32, null, 5, 6)
        .column(BOOLEAN, true, null, false)
        .build();
    VectorSchemaRoot root = r.fetch(block);
    assertEquals(List.of("a", "b", "c"), root.getSchema().getFields().stream().map(f -> f.getName()).toList());
    assertColumn(root.getVector(0), null, 5, 6);
    assertColumn(root.getVector(1), "x", null, "zz");
    assertColumn(root.getVector(2), null, 5, 6);
  }

  @Test
  void theTreeModelsTimeColumnIsReadFromTheBlocksTimeColumnAsTimestampOrInt64() {
    // Output: Time (block time column, -1) as TIMESTAMP, then value column 1, Time again as INT64.
    Result r = new Result(List.of("Time", "v", "t"), List.of(DataType.TIMESTAMP, DataType.INT32, DataType.INT64),
        -1, 1, -1);
    ByteBuffer first = TsBlockBytes.withPlainTime(100, 200, 300)
        .column(TEXT, "x", null, "zz")
        .column(INT32, null, 5, 6)
        .build();
    ByteBuffer second = TsBlockBytes.withPlainTime(400)
        .column(TEXT, "y")
        .column(INT32, 7)
        .build();
    VectorSchemaRoot root = r.fetch(first, second);
    assertColumn(root.getVector(0), 100L, 200L, 300L, 400L);
    assertColumn(root.getVector(1), null, 5, 6, 7);
    assertColumn(root.getVector(2), 100L, 200L, 300L, 400L);
  }

  @Test
  void zeroRowBlocksAndFetchesAddNothing() {
    Result r = result(DataType.INT32, DataType.STRING);
    assertEquals(0, r.decoder.decode(List.of(), 0, 0));
    assertEquals(0, r.decoder.decode(List.of(new TsBlockBytes(0).column(INT32).column(TEXT).build()), 0, 0));
    VectorSchemaRoot root = r.fetch(new TsBlockBytes(0).column(INT32).column(TEXT).build(),
        new TsBlockBytes(2).column(INT32, 1, 2).column(TEXT, "a", "b").build(),
        new TsBlockBytes(0).column(INT32).column(TEXT).build());
    assertColumn(root.getVector(0), 1, 2);
    assertColumn(root.getVector(1), "a", "b");
  }

  @Test
  void appendingKeepsEarlierRowsAndGrowsTheVectors() {
    Result r = result(DataType.INT64, DataType.STRING, DataType.BOOLEAN);
    List<Object[]> expected = List.of(new Object[5000], new Object[5000], new Object[5000]);
    int rows = 0;
    for (int f = 0; f < 10; f++) {
      int n = 500;
      Object[][] cols = new Object[3][n];
      for (int k = 0; k < n; k++) {
        int at = rows + k;
        cols[0][k] = at % 11 == 0 ? null : (long) at;
        cols[1][k] = at % 13 == 0 ? null : "row " + at + " " + "x".repeat(at % 50);
        cols[2][k] = at % 3 == 0 ? null : at % 2 == 0;
      }
      ByteBuffer block = new TsBlockBytes(n).column(INT64, cols[0]).column(TEXT, cols[1]).column(BOOLEAN, cols[2])
          .build();
      rows += r.decoder.decode(List.of(block), rows, rows);
      for (int c = 0; c < 3; c++) {
        System.arraycopy(cols[c], 0, expected.get(c), rows - n, n);
      }
    }
    r.root.setRowCount(rows);
    for (int c = 0; c < 3; c++) {
      assertColumn(r.root.getVector(c), expected.get(c));
    }
  }

  @Test
  void aNewFetchNeverWritesIntoBuffersTakenFromTheLastOne() {
    Result r = result(DataType.INT64, DataType.STRING);
    VectorSchemaRoot root = r.fetch(new TsBlockBytes(3).column(INT64, 1L, 2L, 3L).column(TEXT, "a", "b", "c").build());
    VectorSchemaRoot slice = root.slice(0, 3);
    roots.add(slice);
    TransferPair longs = root.getVector(0).getTransferPair(allocator);
    longs.transfer();
    try (FieldVector kept = (FieldVector) longs.getTo()) {
      r.fetch(new TsBlockBytes(2).column(INT64, 8L, 9L).column(TEXT, "y", "z").build());
      assertColumn(kept, 1L, 2L, 3L);
      assertColumn(slice.getVector(1), "a", "b", "c");
      assertColumn(root.getVector(0), 8L, 9L);
      assertColumn(root.getVector(1), "y", "z");
    }
  }

  @Test
  void blocksInReadOnlyOrDirectBuffersAreReadToo() {
    Result r = result(DataType.INT32, DataType.STRING);
    ByteBuffer heap = new TsBlockBytes(2).column(INT32, 1, null).column(TEXT, "a", "b").build();
    ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining());
    direct.put(heap.duplicate()).flip();
    VectorSchemaRoot root = r.fetch(heap.asReadOnlyBuffer(), direct, heap.slice());
    assertColumn(root.getVector(0), 1, null, 1, null, 1, null);
    assertColumn(root.getVector(1), "a", "b", "a", "b", "a", "b");
    assertEquals(7, heap.position(), "the blocks' buffers are not moved");
  }

  @Test
  void theSchemaFollowsTheMapping() {
    Result r = result(DataType.TIMESTAMP, DataType.DATE, DataType.TEXT, DataType.BLOB);
    assertEquals("Timestamp(MILLISECOND, +00:00)", r.root.getSchema().getFields().get(0).getType().toString());
    assertSame(TimeStampMilliTZVector.class, r.root.getVector(0).getClass());
    assertSame(DateDayVector.class, r.root.getVector(1).getClass());
    assertSame(VarCharVector.class, r.root.getVector(2).getClass());
    assertSame(VarBinaryVector.class, r.root.getVector(3).getClass());
    assertEquals("TEXT", r.root.getSchema().getFields().get(2).getMetadata().get(ResultSchema.IOTDB_TYPE));
    assertNull(r.root.getSchema().getFields().get(2).getDictionary());
  }

  // ---- errors: each names what is wrong, and leaks nothing (the allocator closes in @AfterEach)

  @Test
  void anIntThatIsNoDateFailsNamingColumnAndRow() {
    Result r = result(DataType.INT32, DataType.DATE);
    r.fetch(new TsBlockBytes(2).column(INT32, 1, 2).column(INT32, 20240101, 20240102).build());
    ResultConversionException e = assertThrows(ResultConversionException.class, () -> r.decoder.decode(
        List.of(new TsBlockBytes(3).column(INT32, 1, 2, 3).column(INT32, 20240101, null, 20230229).build()), 0, 2));
    assertEquals("c1", e.column());
    assertEquals(4, e.row());
    assertTrue(e.getMessage().contains("20230229"), e.getMessage());
    assertTrue(e.getMessage().contains("'c1'") && e.getMessage().contains("row 4"), e.getMessage());
  }

  @Test
  void aPhysicalTypeThatDoesNotMatchTheMetadataIsRefused() {
    Result r = result(DataType.DOUBLE);
    ResultConversionException e = assertThrows(ResultConversionException.class,
        () -> r.fetch(new TsBlockBytes(1).column(INT64, 1L).build()));
    assertEquals("c0", e.column());
    assertTrue(e.getMessage().contains("physical type 2"), e.getMessage());
  }

  @Test
  void truncatedBlocksAreRefusedNotReadPastTheirEnd() {
    Result r = result(DataType.INT64, DataType.STRING);
    byte[] whole = new TsBlockBytes(3).column(INT64, 1L, 2L, 3L).column(TEXT, "a", "bb", "ccc").bytes();
    for (int cut = 0; cut < whole.length; cut++) {
      ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(whole, whole.length + 64), 0, cut);
      int at = cut;
      ResultConversionException e = assertThrows(ResultConversionException.class, () -> r.fetch(b),
          "cut at " + at);
      assertTrue(e.getMessage().contains("not a well-formed TsBlock"), e.getMessage());
    }
  }

  @Test
  void malformedColumnsAreRefused() {
    Result r = result(DataType.STRING);
    List<ByteBuffer> bad = List.of(
        new TsBlockBytes(1).raw(TEXT, 9, (byte) 0).build(),                               // unknown encoding
        new TsBlockBytes(1).raw(TEXT, 1, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 1).build(), // INT32_ARRAY for TEXT
        new TsBlockBytes(1).raw(TEXT, 4, (byte) 4).build(),                               // a run of a run
        new TsBlockBytes(1).raw(TEXT, 3, (byte) 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF).build(), // length -1
        new TsBlockBytes(2).dictionary(TEXT, a("x"), 0, 1).build(),                      // id out of range
        new TsBlockBytes(1).raw(TEXT, 5, (byte) 3, (byte) 0x7F, (byte) 0, (byte) 0, (byte) 0).build(), // huge dictionary
        new TsBlockBytes(1).build());                                                    // no value column
    for (ByteBuffer b : bad) {
      assertThrows(ResultConversionException.class, () -> r.fetch(b));
    }
  }

  @Test
  void aFailedFetchLeavesNothingThatOutlivesTheRoot() {
    Result r = result(DataType.STRING, DataType.INT64);
    r.fetch(new TsBlockBytes(2).column(TEXT, "a".repeat(10_000), "b").column(INT64, 1L, 2L).build());
    assertThrows(ResultConversionException.class, () -> r.fetch(new TsBlockBytes(2)
        .column(TEXT, "x".repeat(100_000), "y").raw(INT64, 2, (byte) 0, (byte) 1).build()));
    assertTrue(allocator.getAllocatedMemory() > 0);
    r.root.close();
    assertEquals(0, allocator.getAllocatedMemory());
  }
}
