package io.quiver.arrow;

import static io.quiver.arrow.TestVectors.field;
import static io.quiver.arrow.TestVectors.root;
import static io.quiver.arrow.TestVectors.timestamp;
import static io.quiver.arrow.TestVectors.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.arrow.ArrowTabletRandomizedTest.Kind;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.InsertBatch;
import io.quiver.client.spi.WireBuffer;
import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ArrowTablet#rows}: a range of a tablet writes exactly what an ArrowTablet over a root
 * holding only those rows (copied with {@code copyFromSafe}) writes, for every supported Arrow type
 * with and without nulls; consecutive ranges add up to the whole; bad arguments and bad values
 * inside a range are reported against the root's rows.
 */
class ArrowTabletRangesTest {
  private static final long SEED = 0x7A_B1_E7L;
  private static final Kind[] TIME_KINDS =
      {Kind.INT64, Kind.TS_SEC, Kind.TS_MILLI_TZ, Kind.TS_MICRO, Kind.TS_NANO_TZ};

  private BufferAllocator allocator;

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close(); // fails the test if any buffer leaked
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    int t = 0;
    for (int rows : new int[] {0, 1, 64, 130, 256, 300, 1000}) {
      for (double ratio : new double[] {0.0, 0.05, 0.5, 1.0}) {
        cases.add(Arguments.of(rows, ratio, TIME_KINDS[t++ % TIME_KINDS.length]));
      }
    }
    return cases.stream();
  }

  /** The ranges checked for a tablet of {@code n} rows: all valid ones among the usual edges. */
  private static List<int[]> ranges(int n) {
    int lastWord = n & ~63;
    int[][] candidates = {
      {0, 0}, {0, 1}, {0, 64}, {64, 128}, {64, n}, {128, 130}, {128, n}, {0, n}, {n, n},
      {lastWord, n}, {lastWord, lastWord}, {0, n - 1}, {64, n - 1}, {192, 193}, {256, n},
      {640, 1000}, {0, 63}, {0, 65},
    };
    List<int[]> ranges = new ArrayList<>();
    for (int[] r : candidates) {
      if (r[0] >= 0 && r[0] <= r[1] && r[1] <= n && r[0] % 64 == 0) {
        ranges.add(r);
      }
    }
    return ranges;
  }

  @ParameterizedTest(name = "{0} rows, null ratio {1}, time {2}")
  @MethodSource("cases")
  void aRangeWritesWhatATabletOverOnlyItsRowsWrites(int rows, double nullRatio, Kind timeKind) {
    long seed = SEED ^ (rows * 1_000_003L) ^ Double.doubleToLongBits(nullRatio);
    Random random = new Random(seed);
    try (DictionaryProvider.MapDictionaryProvider dictionaries =
            ArrowTabletRandomizedTest.dictionaries(allocator, random);
        VectorSchemaRoot whole = allKinds(timeKind, rows, nullRatio, random)) {
      ArrowTablet tablet = tablet(whole, dictionaries);
      assertSame(tablet, tablet.rows(0, rows), "the whole range is the tablet itself");
      for (int[] r : ranges(rows)) {
        String context = "seed " + seed + ", rows [" + r[0] + ", " + r[1] + ") of " + rows;
        ArrowTablet range = tablet.rows(r[0], r[1]);
        assertEquals(r[1] - r[0], range.rowCount(), context);
        assertEquals(r[0], range.firstRow(), context);
        try (VectorSchemaRoot copy = copy(whole, r[0], r[1])) {
          ArrowTablet expected = tablet(copy, dictionaries);
          for (TimePrecision precision : TimePrecision.values()) {
            Wire.assertSameRequest(expected, range, precision, context);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} rows, null ratio {1}, time {2}")
  @MethodSource("cases")
  void consecutiveRangesAddUpToTheWhole(int rows, double nullRatio, Kind timeKind) {
    long seed = SEED ^ (rows * 7_919L) ^ Double.doubleToLongBits(nullRatio);
    Random random = new Random(seed);
    try (DictionaryProvider.MapDictionaryProvider dictionaries =
            ArrowTabletRandomizedTest.dictionaries(allocator, random);
        VectorSchemaRoot whole = allKinds(timeKind, rows, nullRatio, random)) {
      ArrowTablet tablet = tablet(whole, dictionaries);
      for (int chunk : new int[] {64, 128, 192, 512}) {
        String context = "seed " + seed + ", " + rows + " rows in chunks of " + chunk;
        for (TimePrecision precision : TimePrecision.values()) {
          ByteArrayOutputStream times = new ByteArrayOutputStream();
          int covered = 0;
          for (int from = 0; from < rows; from += chunk) {
            InsertBatch part = tablet.rows(from, Math.min(rows, from + chunk));
            Wire.Encoded e = Wire.encode(part, precision);
            times.writeBytes(e.times);
            covered += part.rowCount();
          }
          assertEquals(rows, covered, context);
          Wire.assertSameBytes(Wire.encode(tablet, precision).times, times.toByteArray(),
              context + ", " + precision + ", timestamps");
        }
      }
    }
  }

  @Test
  void aRangeOfARangeIsTheRangeOfTheSum() {
    Random random = new Random(SEED);
    try (DictionaryProvider.MapDictionaryProvider dictionaries =
            ArrowTabletRandomizedTest.dictionaries(allocator, random);
        VectorSchemaRoot whole = allKinds(Kind.TS_MICRO, 700, 0.2, random)) {
      ArrowTablet tablet = tablet(whole, dictionaries);
      ArrowTablet outer = tablet.rows(128, 650);
      ArrowTablet inner = outer.rows(64, 300);
      assertEquals(192, inner.firstRow());
      assertEquals(236, inner.rowCount());
      assertSame(outer, outer.rows(0, outer.rowCount()));
      try (VectorSchemaRoot copy = copy(whole, 192, 428)) {
        ArrowTablet expected = tablet(copy, dictionaries);
        for (TimePrecision precision : TimePrecision.values()) {
          Wire.assertSameRequest(expected, inner, precision, "rows [64, 300) of rows [128, 650)");
          Wire.assertSameRequest(tablet.rows(192, 428), inner, precision, "same as rows [192, 428)");
        }
      }
      assertThrows(IllegalArgumentException.class, () -> outer.rows(32, 100));
      assertThrows(IllegalArgumentException.class, () -> outer.rows(0, 523));
    }
  }

  /** Nulls outside a range leave no trace in it: no bitmap section when the range has none. */
  @Test
  void theBitmapSectionDependsOnlyOnTheRangesNulls() {
    Object[] times = new Object[200];
    Object[] values = new Object[200];
    for (int r = 0; r < 200; r++) {
      times[r] = (long) r;
      values[r] = r >= 64 && r < 128 ? null : r;
    }
    try (VectorSchemaRoot root = root(vector(allocator, field("time", new ArrowType.Int(64, true)),
        times), vector(allocator, field("v", new ArrowType.Int(32, true)), values))) {
      ArrowTablet tablet = ArrowTablet.of("t1", root);
      assertEquals(4L * 200 + 1 + 26, tablet.valuesSize());
      assertEquals(4L * 64, tablet.rows(0, 64).valuesSize(), "no nulls in [0, 64)");
      assertEquals(4L * 72, tablet.rows(128, 200).valuesSize(), "no nulls in [128, 200)");
      assertEquals(4L * 64 + 1 + 9, tablet.rows(64, 128).valuesSize(), "all null in [64, 128)");
      assertEquals(4L * 70 + 1 + 9, tablet.rows(64, 134).valuesSize(), "nulls in [64, 134)");
      Wire.Encoded e = Wire.encode(tablet.rows(64, 128), TimePrecision.MILLISECONDS);
      byte[] v = e.values;
      assertEquals(1, v[256], "the marker");
      for (int b = 0; b < 8; b++) {
        assertEquals((byte) 0xFF, v[257 + b], "bitmap byte " + b);
      }
      assertEquals(0, v[265], "the spare byte");
    }
  }

  @Test
  void argumentsAreChecked() {
    try (VectorSchemaRoot root = root(vector(allocator, field("time", new ArrowType.Int(64, true)),
        longs(200)))) {
      ArrowTablet tablet = ArrowTablet.of("t1", root);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> tablet.rows(1, 100));
      assertTrue(e.getMessage().contains("multiple of 64"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> tablet.rows(100, 150));
      assertTrue(e.getMessage().contains("multiple of 64"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> tablet.rows(128, 64));
      assertTrue(e.getMessage().contains("0 <= from <= to <= 200"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> tablet.rows(0, 201));
      assertTrue(e.getMessage().contains("0 <= from <= to <= 200"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> tablet.rows(-64, 10));
      assertTrue(e.getMessage().contains("0 <= from <= to <= 200"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> tablet.rows(256, 256));
      assertEquals(0, tablet.rows(192, 192).rowCount());
    }
  }

  @Test
  void aNullTimeInARangeIsReportedAtItsRowInTheRoot() {
    Object[] times = longs(300);
    times[10] = null;
    times[130] = null;
    try (VectorSchemaRoot root = root(vector(allocator, field("time", new ArrowType.Int(64, true)),
        times))) {
      ArrowTablet tablet = ArrowTablet.of("t1", root);
      // The null at row 10 is outside [64, 128): that range writes.
      Wire.encode(tablet.rows(64, 128), TimePrecision.MILLISECONDS);
      InvalidBatchException e = assertThrows(InvalidBatchException.class,
          () -> tablet.rows(128, 300).writeTimestamps(new WireBuffer(16), TimePrecision.MILLISECONDS));
      assertEquals(130, e.row());
      assertTrue(e.getMessage().contains("row 130"), e.getMessage());
      e = assertThrows(InvalidBatchException.class, () -> tablet.rows(64, 300).rows(64, 100)
          .writeTimestamps(new WireBuffer(16), TimePrecision.MILLISECONDS));
      assertEquals(130, e.row(), "a range of a range");
    }
  }

  @Test
  void badValuesInARangeAreReportedAtTheirRowInTheRoot() {
    int n = 300;
    Object[] dates = new Object[n];
    Object[] seconds = new Object[n];
    Object[] unsigned = new Object[n];
    for (int r = 0; r < n; r++) {
      dates[r] = (int) LocalDate.of(2024, 1, 1).toEpochDay();
      seconds[r] = (long) r;
      unsigned[r] = (long) r;
    }
    dates[70] = (int) LocalDate.of(999, 12, 31).toEpochDay();
    seconds[200] = Long.MAX_VALUE / 10;
    unsigned[257] = -1L;
    try (VectorSchemaRoot root = root(
        vector(allocator, field("time", new ArrowType.Int(64, true)), longs(n)),
        vector(allocator, field("d", new ArrowType.Date(DateUnit.DAY)), dates),
        vector(allocator, field("s", timestamp(TimeUnit.SECOND, null)), seconds),
        vector(allocator, field("u", new ArrowType.Int(64, false)), unsigned))) {
      ArrowTablet tablet = ArrowTablet.of("t1", root);
      assertInvalid(tablet.rows(64, 128), "d", 70);
      assertInvalid(tablet.rows(128, 256), "s", 200);
      assertInvalid(tablet.rows(256, 300), "u", 257);
      assertInvalid(tablet.rows(192, 300).rows(64, 108), "u", 257);
      // [0, 64) holds none of them.
      Wire.encode(tablet.rows(0, 64), TimePrecision.NANOSECONDS);
    }
  }

  /** The vector count is checked against the root's rows, not the range's. */
  @Test
  void aRootChangedAfterBuildFailsARange() {
    try (VectorSchemaRoot root = root(
        vector(allocator, field("time", new ArrowType.Int(64, true)), longs(200)),
        vector(allocator, field("v", new ArrowType.Int(32, true)), ints(200)))) {
      ArrowTablet range = ArrowTablet.of("t1", root).rows(64, 128);
      Wire.encode(range, TimePrecision.MILLISECONDS);
      root.setRowCount(128);
      InvalidBatchException e = assertThrows(InvalidBatchException.class,
          () -> range.writeValues(new WireBuffer(16), TimePrecision.MILLISECONDS));
      assertTrue(e.getMessage().contains("built for 200 rows"), e.getMessage());
    }
  }

  /**
   * A range is checked against the buffers up to its last row: a vector whose data (or validity)
   * buffer holds only 128 rows of its 200 writes rows [0, 128) and fails rows [128, 200) rather
   * than reading past the buffer.
   */
  @ParameterizedTest(name = "short {0} buffer")
  @ValueSource(strings = {"data", "validity"})
  void aRangeIsBoundsCheckedUpToItsLastRow(String shortBuffer) {
    boolean shortData = shortBuffer.equals("data");
    try (ArrowBuf validity = allocator.buffer(shortData ? 32 : 16);
        ArrowBuf data = allocator.buffer(shortData ? 512 : 800)) {
      validity.setOne(0, (int) validity.capacity());
      data.setZero(0, data.capacity());
      IntVector imported = new IntVector("v", allocator);
      imported.loadFieldBuffers(new ArrowFieldNode(200, 0), List.of(validity, data));
      try (VectorSchemaRoot root = root(
          vector(allocator, field("time", new ArrowType.Int(64, true)), longs(200)), imported)) {
        ArrowTablet tablet = ArrowTablet.of("t1", root);
        Wire.encode(tablet.rows(0, 128), TimePrecision.MILLISECONDS);
        InvalidBatchException e = assertThrows(InvalidBatchException.class,
            () -> tablet.rows(128, 200).writeValues(new WireBuffer(16), TimePrecision.MILLISECONDS));
        assertEquals("v", e.column(), e.getMessage());
        assertTrue(e.getMessage().contains("its " + shortBuffer + " buffer holds "
            + (shortData ? 512 : 16) + " bytes but 200 rows need " + (shortData ? 800 : 25)),
            e.getMessage());
      }
    }
  }

  private static void assertInvalid(ArrowTablet tablet, String column, int row) {
    InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> {
      WireBuffer out = new WireBuffer(16);
      tablet.writeTimestamps(out, TimePrecision.NANOSECONDS);
      tablet.writeValues(out, TimePrecision.NANOSECONDS);
    });
    assertEquals(column, e.column(), e.getMessage());
    assertEquals(row, e.row(), e.getMessage());
    assertTrue(e.getMessage().contains("row " + row), e.getMessage());
  }

  private static Object[] longs(int n) {
    Object[] a = new Object[n];
    for (int i = 0; i < n; i++) {
      a[i] = (long) i * 1000;
    }
    return a;
  }

  private static Object[] ints(int n) {
    Object[] a = new Object[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /**
   * A root of {@code rows} rows: a time column of {@code timeKind} (no nulls) named "time", then
   * one column of every kind, "c0", "c1", ..., with about {@code nullRatio} nulls.
   */
  private VectorSchemaRoot allKinds(Kind timeKind, int rows, double nullRatio, Random random) {
    List<FieldVector> vectors = new ArrayList<>();
    try {
      vectors.add(timeKind.fill(allocator, "time", rows, 0.0, random));
      Kind[] kinds = Kind.values();
      for (int c = 0; c < kinds.length; c++) {
        vectors.add(kinds[c].fill(allocator, "c" + c, rows, nullRatio, random));
      }
      VectorSchemaRoot root = root(vectors);
      root.setRowCount(rows);
      return root;
    } catch (RuntimeException | Error e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
  }

  /** The tablet of a root made by {@link #allKinds}, with a TAG, an ATTRIBUTE and a TEXT column. */
  private static ArrowTablet tablet(VectorSchemaRoot root, DictionaryProvider dictionaries) {
    return ArrowTablet.builder("t1", root)
        .dictionaries(dictionaries)
        .tag("c" + Kind.UTF8.ordinal())
        .attribute("c" + Kind.LARGE_UTF8.ordinal())
        .asText("c" + Kind.UTF8_VIEW.ordinal())
        .build();
  }

  /** A new root holding rows {@code [from, to)} of {@code whole}, copied with copyFromSafe. */
  private VectorSchemaRoot copy(VectorSchemaRoot whole, int from, int to) {
    List<FieldVector> vectors = new ArrayList<>();
    try {
      for (FieldVector source : whole.getFieldVectors()) {
        FieldVector v = source.getField().createVector(allocator);
        vectors.add(v);
        v.setInitialCapacity(Math.max(1, to - from));
        v.allocateNew();
        for (int r = from; r < to; r++) {
          v.copyFromSafe(r, r - from, source);
        }
        v.setValueCount(to - from);
      }
      VectorSchemaRoot root = root(vectors);
      root.setRowCount(to - from);
      return root;
    } catch (RuntimeException | Error e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
  }
}
