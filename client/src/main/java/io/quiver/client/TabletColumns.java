package io.quiver.client;

import io.quiver.client.spi.WireBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.IntToLongFunction;

/**
 * The column storage of a row {@link Tablet}: one typed array per column, how a Java value is
 * checked and stored there, and how a range of rows is written into the values section. Package
 * private: {@code Tablet} is the API.
 */
final class TabletColumns {
  private TabletColumns() {}

  static Object allocate(DataType type, int rows) {
    switch (type) {
      case BOOLEAN: return new boolean[rows];
      case INT32:
      case DATE: return new int[rows];
      case INT64:
      case TIMESTAMP: return new long[rows];
      case FLOAT: return new float[rows];
      case DOUBLE: return new double[rows];
      default: return new byte[rows][];
    }
  }

  /**
   * Stores {@code v} (not null) at row {@code r} of column {@code c} (named {@code name}, of type
   * {@code type}): in {@code columns[c]}, or for an {@code Instant} in a TIMESTAMP column, in
   * {@code instantColumns[c]} (made on first use, {@code rows} long). Returns null when stored, else
   * what is wrong with the value, naming the column and row.
   */
  static String store(DataType type, String name, Object[] columns, Instant[][] instantColumns, int c, int rows,
      int r, Object v) {
    Object col = columns[c];
    switch (type) {
      case BOOLEAN:
        if (v instanceof Boolean) {
          ((boolean[]) col)[r] = (Boolean) v;
          return null;
        }
        break;
      case INT32:
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
          ((int[]) col)[r] = ((Number) v).intValue();
          return null;
        }
        break;
      case INT64:
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
          ((long[]) col)[r] = ((Number) v).longValue();
          return null;
        }
        break;
      case TIMESTAMP:
        if (v instanceof Long || v instanceof Integer) {
          ((long[]) col)[r] = ((Number) v).longValue();
          return null;
        }
        if (v instanceof Instant) {
          if (instantColumns[c] == null) {
            instantColumns[c] = new Instant[rows];
          }
          instantColumns[c][r] = (Instant) v;
          return null;
        }
        break;
      case FLOAT:
        if (v instanceof Float) {
          ((float[]) col)[r] = (Float) v;
          return null;
        }
        break;
      case DOUBLE:
        if (v instanceof Double || v instanceof Float) {
          ((double[]) col)[r] = ((Number) v).doubleValue();
          return null;
        }
        break;
      case DATE:
        if (v instanceof LocalDate) {
          LocalDate d = (LocalDate) v;
          if (d.getYear() < 1000 || d.getYear() > 9999) {
            return "column '" + name + "' row " + r + ": DATE " + d
                + " is outside the years 1000 to 9999 that IoTDB supports";
          }
          ((int[]) col)[r] = d.getYear() * 10000 + d.getMonthValue() * 100 + d.getDayOfMonth();
          return null;
        }
        break;
      case TEXT:
      case STRING:
        if (v instanceof String) {
          ((byte[][]) col)[r] = ((String) v).getBytes(StandardCharsets.UTF_8);
          return null;
        }
        break;
      case BLOB:
        if (v instanceof byte[]) {
          ((byte[][]) col)[r] = ((byte[]) v).clone();
          return null;
        }
        break;
      default:
        break;
    }
    return "column '" + name + "' (" + type + ") row " + r + ": expected "
        + expected(type) + ", got " + v.getClass().getName() + " " + abbreviate(v);
  }


  private static String expected(DataType t) {
    switch (t) {
      case BOOLEAN: return "a Boolean";
      case INT32: return "an Integer";
      case INT64: return "a Long (or Integer)";
      case TIMESTAMP: return "a Long in the server's precision or an Instant";
      case FLOAT: return "a Float";
      case DOUBLE: return "a Double (or Float)";
      case DATE: return "a LocalDate";
      case BLOB: return "a byte[]";
      default: return "a String";
    }
  }

  private static String abbreviate(Object v) {
    String s = String.valueOf(v);
    return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
  }

  /**
   * Writes rows {@code [first, end)} of a column in the values-section layout (see {@code
   * docs/insert-request.md}); {@code instantAt} converts row r's {@code Instant} (TIMESTAMP columns
   * given as {@code Instant}s, in {@code inst}) to the server's precision.
   */
  static void write(WireBuffer out, DataType type, Object col, Instant[] inst, int first, int end,
      IntToLongFunction instantAt) {
    switch (type) {
      case BOOLEAN: {
        boolean[] v = (boolean[]) col;
        for (int r = first; r < end; r++) {
          out.putBoolean(v[r]);
        }
        break;
      }
      case INT32:
      case DATE: {
        int[] v = (int[]) col;
        for (int r = first; r < end; r++) {
          out.putInt(v[r]);
        }
        break;
      }
      case INT64: {
        long[] v = (long[]) col;
        for (int r = first; r < end; r++) {
          out.putLong(v[r]);
        }
        break;
      }
      case TIMESTAMP: {
        long[] v = (long[]) col;
        for (int r = first; r < end; r++) {
          out.putLong(inst != null && inst[r] != null ? instantAt.applyAsLong(r) : v[r]);
        }
        break;
      }
      case FLOAT: {
        float[] v = (float[]) col;
        for (int r = first; r < end; r++) {
          out.putFloat(v[r]);
        }
        break;
      }
      case DOUBLE: {
        double[] v = (double[]) col;
        for (int r = first; r < end; r++) {
          out.putDouble(v[r]);
        }
        break;
      }
      default: {
        byte[][] v = (byte[][]) col;
        for (int r = first; r < end; r++) {
          if (v[r] == null) {
            out.putInt(0);
          } else {
            out.putInt(v[r].length);
            out.putBytes(v[r], 0, v[r].length);
          }
        }
        break;
      }
    }
  }
}
