package io.quiver.it.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.SessionDataSet;
import io.quiver.client.Tablet;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.iotdb.isession.SessionDataSet.DataIterator;
import org.apache.tsfile.enums.TSDataType;

/**
 * A table with a column of every table-model type, and rows of edge values: extremes, NaN and
 * infinities, -0.0, empty and non-ASCII strings, a 1 MiB blob, the first and last supported dates,
 * and nulls in every field. Written by either client, checked cell by cell through either client.
 */
public final class AllTypes {
  public static final List<String> NAMES =
      List.of("dev", "attr", "b", "i", "l", "f", "d", "txt", "s", "blob", "dt", "ts");
  public static final List<DataType> TYPES = List.of(DataType.STRING, DataType.STRING, DataType.BOOLEAN,
      DataType.INT32, DataType.INT64, DataType.FLOAT, DataType.DOUBLE, DataType.TEXT, DataType.STRING,
      DataType.BLOB, DataType.DATE, DataType.TIMESTAMP);
  public static final List<ColumnCategory> CATEGORIES = List.of(ColumnCategory.TAG, ColumnCategory.ATTRIBUTE,
      ColumnCategory.FIELD, ColumnCategory.FIELD, ColumnCategory.FIELD, ColumnCategory.FIELD, ColumnCategory.FIELD,
      ColumnCategory.FIELD, ColumnCategory.FIELD, ColumnCategory.FIELD, ColumnCategory.FIELD, ColumnCategory.FIELD);

  public final List<Long> times = new ArrayList<>();
  public final List<List<Object>> rows = new ArrayList<>();

  /** The edge-value rows; {@code dev} values differ between the rows of different devices. */
  public static AllTypes edgeValues() {
    AllTypes t = new AllTypes();
    byte[] mib = new byte[1 << 20];
    new Random(42).nextBytes(mib);
    t.add(1, "d1", "a1", true, Integer.MIN_VALUE, Long.MIN_VALUE, -Float.MAX_VALUE, -Double.MAX_VALUE,
        "min", "min", new byte[] {0}, LocalDate.of(1000, 1, 1), Long.MIN_VALUE + 1);
    t.add(2, "d1", "a1", false, Integer.MAX_VALUE, Long.MAX_VALUE, Float.MAX_VALUE, Double.MAX_VALUE,
        "max", "max", new byte[] {(byte) 0xff}, LocalDate.of(9999, 12, 31), Long.MAX_VALUE);
    t.add(3, "d1", "a1", true, 0, 0L, Float.NaN, Double.NaN, "", "", new byte[0], LocalDate.of(2024, 2, 29), 0L);
    t.add(4, "d1", "a1", false, -1, -1L, Float.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        "温度 ✓ é", "Ünïcødé 😀", mib, LocalDate.of(1970, 1, 1), -1L);
    t.add(5, "d1", "a1", true, 7, 7L, -0.0f, -0.0, "x", "y", new byte[] {1, 2}, LocalDate.of(2000, 1, 1), 5L);
    t.add(6, "d2", "a2", null, null, null, null, null, null, null, null, null, null);
    t.add(7, "", "a3", true, 1, 1L, Float.MIN_VALUE, Double.MIN_VALUE, "t", "s", new byte[] {3}, null, null);
    t.add(8, null, "a4", null, 2, null, 1.5f, null, null, "only-s", null, LocalDate.of(1999, 12, 31), null);
    return t;
  }

  public void add(long time, Object... values) {
    times.add(time);
    rows.add(Arrays.asList(values));
  }

  public Tablet quiverTablet(String table) {
    return new Tablet(table, NAMES, TYPES, CATEGORIES, rows, times);
  }

  /** The same rows as an official-client tablet. */
  public org.apache.tsfile.write.record.Tablet officialTablet(String table) {
    List<TSDataType> types = new ArrayList<>();
    List<org.apache.tsfile.enums.ColumnCategory> cats = new ArrayList<>();
    for (int c = 0; c < NAMES.size(); c++) {
      types.add(TSDataType.valueOf(TYPES.get(c).name()));
      cats.add(org.apache.tsfile.enums.ColumnCategory.valueOf(CATEGORIES.get(c).name()));
    }
    org.apache.tsfile.write.record.Tablet t =
        new org.apache.tsfile.write.record.Tablet(table, NAMES, types, cats, rows.size());
    for (int r = 0; r < rows.size(); r++) {
      t.addTimestamp(r, times.get(r));
      for (int c = 0; c < NAMES.size(); c++) {
        Object v = rows.get(r).get(c);
        if (v instanceof byte[]) {
          v = new org.apache.tsfile.utils.Binary((byte[]) v);
        }
        if (v != null) {
          t.addValue(NAMES.get(c), r, v);
        }
      }
    }
    return t;
  }

  /** The query that reads the rows back in time order. */
  public static String select(String table) {
    return "SELECT time, " + String.join(", ", NAMES) + " FROM " + table + " ORDER BY time";
  }

  /** Checks every cell as Quiver reads it. */
  public void assertReadByQuiver(SessionDataSet rs) {
    assertEquals(13, rs.columnCount());
    int r = 0;
    while (rs.next()) {
      assertEquals((long) times.get(r), rs.getLong(0), "time of row " + r);
      for (int c = 0; c < NAMES.size(); c++) {
        String where = "row " + r + " column " + NAMES.get(c);
        Object expected = expected(r, c);
        int i = c + 1;
        if (expected == null) {
          assertTrue(rs.isNull(i), where + " should be null");
          continue;
        }
        assertTrue(!rs.isNull(i), where + " should not be null");
        switch (TYPES.get(c)) {
          case BOOLEAN: assertEquals(expected, rs.getBoolean(i), where); break;
          case INT32: assertEquals(expected, rs.getInt(i), where); break;
          case INT64: assertEquals(expected, rs.getLong(i), where); break;
          case FLOAT: assertFloatBits((Float) expected, rs.getFloat(i), where); break;
          case DOUBLE: assertDoubleBits((Double) expected, rs.getDouble(i), where); break;
          case BLOB: assertArrayEquals((byte[]) expected, rs.getBytes(i), where); break;
          case DATE: assertEquals(expected, rs.getDate(i), where); break;
          case TIMESTAMP: assertEquals(expected, rs.getLong(i), where); break;
          default: assertEquals(expected, rs.getString(i), where); break;
        }
      }
      r++;
    }
    assertEquals(rows.size(), r, "row count");
  }

  /** Checks every cell as the official client reads it. */
  public void assertReadByOfficial(DataIterator it) throws Exception {
    int r = 0;
    while (it.next()) {
      assertEquals((long) times.get(r), it.getLong(1), "time of row " + r);
      for (int c = 0; c < NAMES.size(); c++) {
        String where = "official client, row " + r + " column " + NAMES.get(c);
        Object expected = expected(r, c);
        int i = c + 2;
        if (expected == null) {
          assertTrue(it.isNull(i), where + " should be null");
          continue;
        }
        assertTrue(!it.isNull(i), where + " should not be null");
        switch (TYPES.get(c)) {
          case BOOLEAN: assertEquals(expected, it.getBoolean(i), where); break;
          case INT32: assertEquals(expected, it.getInt(i), where); break;
          case INT64: assertEquals(expected, it.getLong(i), where); break;
          case FLOAT: assertFloatBits((Float) expected, it.getFloat(i), where); break;
          case DOUBLE: assertDoubleBits((Double) expected, it.getDouble(i), where); break;
          case BLOB: assertArrayEquals((byte[]) expected, it.getBlob(i).getValues(), where); break;
          case DATE: assertEquals(expected, it.getDate(i), where); break;
          case TIMESTAMP: assertEquals(expected, it.getLong(i), where); break;
          default: assertEquals(expected, it.getString(i), where); break;
        }
      }
      r++;
    }
    assertEquals(rows.size(), r, "row count (official client)");
  }

  /** What the server returns for a cell: an ATTRIBUTE reads as its device's last non-null value. */
  private Object expected(int r, int c) {
    return rows.get(r).get(c);
  }

  private static void assertFloatBits(Float expected, float actual, String where) {
    if (expected.isNaN()) {
      assertTrue(Float.isNaN(actual), where + " should be NaN");
    } else {
      assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), where + ": " + actual);
    }
  }

  private static void assertDoubleBits(Double expected, double actual, String where) {
    if (expected.isNaN()) {
      assertTrue(Double.isNaN(actual), where + " should be NaN");
    } else {
      assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual), where + ": " + actual);
    }
  }

  /** UTF-8 length helper for messages. */
  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
