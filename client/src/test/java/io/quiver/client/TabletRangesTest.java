package io.quiver.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.spi.WireBuffer;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Tablet#rows}: a range of a tablet encodes exactly as a tablet made from only those rows,
 * with nulls, strings, blobs and Instants; consecutive ranges add up to the whole; bad arguments
 * are refused and errors name the row of the whole tablet.
 */
class TabletRangesTest {
  private static final List<String> NAMES =
      List.of("region", "model", "b", "i", "l", "f", "d", "x", "blob", "date", "ts");
  private static final List<DataType> TYPES = List.of(DataType.STRING, DataType.STRING,
      DataType.BOOLEAN, DataType.INT32, DataType.INT64, DataType.FLOAT, DataType.DOUBLE,
      DataType.TEXT, DataType.BLOB, DataType.DATE, DataType.TIMESTAMP);
  private static final List<ColumnCategory> CATEGORIES = List.of(ColumnCategory.TAG,
      ColumnCategory.ATTRIBUTE, ColumnCategory.FIELD, ColumnCategory.FIELD, ColumnCategory.FIELD,
      ColumnCategory.FIELD, ColumnCategory.FIELD, ColumnCategory.FIELD, ColumnCategory.FIELD,
      ColumnCategory.FIELD, ColumnCategory.FIELD);

  /** Random rows, about {@code nullRatio} of the values null; some times are Instants. */
  private static List<List<Object>> randomRows(Random random, int n, double nullRatio) {
    List<List<Object>> rows = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      Object[] row = {
        "region-" + random.nextInt(5),
        random.nextBoolean() ? "mödel" : "",
        random.nextBoolean(),
        random.nextInt(),
        random.nextLong(),
        random.nextFloat(),
        random.nextDouble(),
        "text " + random.nextInt(1000),
        bytes(random),
        LocalDate.ofEpochDay(random.nextInt(20_000)),
        random.nextBoolean() ? (Object) random.nextLong() : Instant.ofEpochMilli(random.nextInt()),
      };
      for (int c = 0; c < row.length; c++) {
        if (random.nextDouble() < nullRatio) {
          row[c] = null;
        }
      }
      rows.add(Arrays.asList(row));
    }
    return rows;
  }

  private static byte[] bytes(Random random) {
    byte[] b = new byte[random.nextInt(12)];
    random.nextBytes(b);
    return b;
  }

  private static List<Object> randomTimes(Random random, int n) {
    List<Object> times = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      times.add(random.nextBoolean() ? (Object) (long) r : Instant.ofEpochSecond(r, 123_456_789));
    }
    return times;
  }

  private static Tablet tablet(List<List<Object>> rows, List<Object> times) {
    return new Tablet("t1", NAMES, TYPES, CATEGORIES, rows, times);
  }

  private static byte[] times(Tablet t, TimePrecision p) {
    WireBuffer out = new WireBuffer(16);
    t.writeTimestamps(out, p);
    assertEquals(8L * t.rowCount(), out.position(), "8 bytes per row");
    return Arrays.copyOf(out.array(), out.position());
  }

  private static byte[] values(Tablet t, TimePrecision p) {
    WireBuffer out = new WireBuffer(16);
    t.writeValues(out, p);
    assertEquals(t.valuesSize(), out.position(), "valuesSize() must equal the bytes written");
    return Arrays.copyOf(out.array(), out.position());
  }

  @ParameterizedTest(name = "null ratio {0}")
  @ValueSource(doubles = {0.0, 0.02, 0.3, 1.0})
  void aRangeEncodesLikeATabletOfOnlyItsRows(double nullRatio) {
    for (int n : new int[] {0, 1, 64, 130, 256, 300}) {
      Random random = new Random(n * 31L + Double.doubleToLongBits(nullRatio));
      List<List<Object>> rows = randomRows(random, n, nullRatio);
      List<Object> times = randomTimes(random, n);
      Tablet whole = tablet(rows, times);
      assertSame(whole, whole.rows(0, n));
      int[][] ranges = {{0, 0}, {0, 1}, {0, 64}, {64, 128}, {64, n}, {128, 130}, {128, n},
          {n & ~63, n}, {n, n}, {0, n - 1}, {192, 193}, {256, n}};
      for (int[] range : ranges) {
        int from = range[0];
        int to = range[1];
        if (from % 64 != 0 || to < from || to > n) {
          continue;
        }
        String context = n + " rows, null ratio " + nullRatio + ", rows [" + from + ", " + to + ")";
        Tablet part = whole.rows(from, to);
        Tablet expected = tablet(rows.subList(from, to), times.subList(from, to));
        assertEquals(to - from, part.rowCount(), context);
        assertEquals(expected.valuesSize(), part.valuesSize(), context + ": valuesSize");
        for (TimePrecision p : TimePrecision.values()) {
          assertArrayEquals(times(expected, p), times(part, p), context + ", " + p + ": times");
          assertArrayEquals(values(expected, p), values(part, p), context + ", " + p + ": values");
        }
      }
    }
  }

  @Test
  void consecutiveRangesAndRangesOfRangesAddUp() {
    Random random = new Random(7);
    List<List<Object>> rows = randomRows(random, 500, 0.1);
    List<Object> times = randomTimes(random, 500);
    Tablet whole = tablet(rows, times);
    for (TimePrecision p : TimePrecision.values()) {
      ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
      for (int from = 0; from < 500; from += 128) {
        concatenated.writeBytes(times(whole.rows(from, Math.min(500, from + 128)), p));
      }
      assertArrayEquals(times(whole, p), concatenated.toByteArray(), p + ": times");
      Tablet inner = whole.rows(64, 450).rows(128, 300);
      Tablet expected = tablet(rows.subList(192, 364), times.subList(192, 364));
      assertEquals(172, inner.rowCount());
      assertArrayEquals(times(expected, p), times(inner, p), p + ": range of a range, times");
      assertArrayEquals(values(expected, p), values(inner, p), p + ": range of a range, values");
    }
  }

  /** Nulls outside a range leave no bitmap section in it. */
  @Test
  void theBitmapSectionFollowsOnlyTheRangesNulls() {
    Tablet.Builder b = Tablet.builder("t").tag("s").field("v", DataType.INT32);
    for (int r = 0; r < 130; r++) {
      b.row((long) r, r < 64 ? null : "x", r == 129 ? null : r);
    }
    Tablet t = b.build();
    // [64, 128): no nulls, so no section: 64 * (4 + 1) + 64 * 4 bytes.
    assertEquals(64 * 5 + 64 * 4, values(t.rows(64, 128), TimePrecision.MILLISECONDS).length);
    // [128, 130): only column v has a null, in its row 1: markers 0, 1 and one bitmap byte 0x02.
    byte[] v = values(t.rows(128, 130), TimePrecision.MILLISECONDS);
    assertArrayEquals(Hex.bytes("00000001 78 00000001 78 | 00000080 00000000 | 00 | 01 02"), v);
  }

  @Test
  void argumentsAreChecked() {
    Tablet t = tablet(randomRows(new Random(1), 200, 0.1), randomTimes(new Random(2), 200));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.rows(1, 100));
    assertTrue(e.getMessage().contains("multiple of 64"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> t.rows(128, 64));
    assertTrue(e.getMessage().contains("0 <= from <= to <= 200"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> t.rows(0, 201));
    assertTrue(e.getMessage().contains("0 <= from <= to <= 200"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> t.rows(-64, 0));
    assertEquals(0, t.rows(192, 192).rowCount());
  }

  @Test
  void anInstantOutOfRangeInARangeIsReportedAtItsRowInTheWholeTablet() {
    Tablet.Builder b = Tablet.builder("t").field("ts", DataType.TIMESTAMP);
    for (int r = 0; r < 200; r++) {
      Object time = r == 150 ? Instant.parse("2300-01-01T00:00:00Z") : (Object) (long) r;
      b.row(time, r == 70 ? Instant.parse("2300-01-01T00:00:00Z") : (Object) (long) r);
    }
    Tablet t = b.build();
    InvalidBatchException e = assertThrows(InvalidBatchException.class,
        () -> values(t.rows(64, 128), TimePrecision.NANOSECONDS));
    assertEquals("ts", e.column());
    assertEquals(70, e.row());
    e = assertThrows(InvalidBatchException.class,
        () -> times(t.rows(128, 200), TimePrecision.NANOSECONDS));
    assertEquals("time", e.column());
    assertEquals(150, e.row());
    assertTrue(e.getMessage().contains("row 150"), e.getMessage());
    values(t.rows(128, 200), TimePrecision.NANOSECONDS); // row 70 is not in it
  }
}
