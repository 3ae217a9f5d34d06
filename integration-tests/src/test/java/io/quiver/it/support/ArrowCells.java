package io.quiver.it.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.DataType;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads Arrow cells as plain Java values and compares them with what was inserted. */
public final class ArrowCells {
  private ArrowCells() {}

  /**
   * A cell as a Java value: Boolean, Integer (INT32, and DATE as days since 1970-01-01), Long (INT64
   * and timestamps as raw counts), Float, Double, String (Utf8), byte[] (Binary), or null.
   */
  public static Object cell(FieldVector v, int row) {
    if (v.isNull(row)) {
      return null;
    }
    if (v instanceof VarCharVector) {
      return new String(((VarCharVector) v).get(row), StandardCharsets.UTF_8);
    }
    if (v instanceof TimeStampVector) {
      return ((TimeStampVector) v).get(row);
    }
    if (v instanceof DateDayVector) {
      return ((DateDayVector) v).get(row);
    }
    if (v instanceof BitVector) {
      return ((BitVector) v).get(row) == 1;
    }
    return v.getObject(row);
  }

  /** The Arrow-side value of an inserted value: DATE as epoch day, the rest as they are. */
  public static Object arrowValue(DataType type, Object v) {
    if (v != null && type == DataType.DATE) {
      return (int) ((LocalDate) v).toEpochDay();
    }
    return v;
  }

  /** Compares a cell; floats and doubles bit for bit (any NaN matches NaN). */
  public static void assertCell(Object want, Object got, String where) {
    if (want == null) {
      assertEquals(null, got, where + " should be null");
    } else if (want instanceof byte[]) {
      assertArrayEquals((byte[]) want, (byte[]) got, where);
    } else if (want instanceof Float) {
      assertTrue(got instanceof Float, where + ": " + got);
      if (((Float) want).isNaN()) {
        assertTrue(((Float) got).isNaN(), where + " should be NaN");
      } else {
        assertEquals(Float.floatToRawIntBits((Float) want), Float.floatToRawIntBits((Float) got), where);
      }
    } else if (want instanceof Double) {
      assertTrue(got instanceof Double, where + ": " + got);
      if (((Double) want).isNaN()) {
        assertTrue(((Double) got).isNaN(), where + " should be NaN");
      } else {
        assertEquals(Double.doubleToRawLongBits((Double) want), Double.doubleToRawLongBits((Double) got), where);
      }
    } else {
      assertEquals(want, got, where);
    }
  }

  /**
   * Checks rows {@code firstRow..} of the {@link AllTypes} data against a root read with {@link
   * AllTypes#select}: column 0 the time, then the columns of {@link AllTypes#NAMES}.
   */
  public static void assertAllTypes(VectorSchemaRoot root, int firstRow, AllTypes expected) {
    for (int r = 0; r < root.getRowCount(); r++) {
      int row = firstRow + r;
      assertEquals(expected.times.get(row), cell(root.getVector(0), r), "time of row " + row);
      for (int c = 0; c < AllTypes.NAMES.size(); c++) {
        Object want = arrowValue(AllTypes.TYPES.get(c), expected.rows.get(row).get(c));
        assertCell(want, cell(root.getVector(c + 1), r), "row " + row + " column " + AllTypes.NAMES.get(c));
      }
    }
  }
}
