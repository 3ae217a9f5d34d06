package io.quiver.benchmarks;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.tsfile.enums.ColumnCategory;
import org.apache.tsfile.enums.TSDataType;
import org.apache.tsfile.write.record.Tablet;

/**
 * What a user holding Arrow data does to use the official client: copy the root into an {@code
 * org.apache.tsfile} {@link Tablet}, cell by cell, with the typed getters of the vectors (the best
 * such a user can do without Quiver). The first column is the time; the column named {@value
 * BenchData#TAG}, if any, is the TAG.
 */
public final class OfficialTablets {
  private OfficialTablets() {}

  public static Tablet fromArrow(String table, VectorSchemaRoot root) {
    List<FieldVector> vs = root.getFieldVectors();
    List<String> names = new ArrayList<>();
    List<TSDataType> types = new ArrayList<>();
    List<ColumnCategory> cats = new ArrayList<>();
    for (int c = 1; c < vs.size(); c++) {
      names.add(vs.get(c).getName());
      types.add(typeOf(vs.get(c)));
      cats.add(vs.get(c).getName().equals(BenchData.TAG) ? ColumnCategory.TAG : ColumnCategory.FIELD);
    }
    int rows = root.getRowCount();
    Tablet t = new Tablet(table, names, types, cats, rows);
    TimeStampVector time = (TimeStampVector) vs.get(0);
    for (int r = 0; r < rows; r++) {
      t.addTimestamp(r, time.get(r));
    }
    for (int c = 1; c < vs.size(); c++) {
      FieldVector v = vs.get(c);
      int col = c - 1;
      for (int r = 0; r < rows; r++) {
        if (v.isNull(r)) {
          continue;
        }
        if (v instanceof Float8Vector) {
          t.addValue(r, col, ((Float8Vector) v).get(r));
        } else if (v instanceof VarCharVector) {
          t.addValue(r, col, ((VarCharVector) v).get(r));
        } else if (v instanceof IntVector) {
          t.addValue(r, col, ((IntVector) v).get(r));
        } else if (v instanceof BigIntVector) {
          t.addValue(r, col, ((BigIntVector) v).get(r));
        } else if (v instanceof TimeStampVector) {
          t.addValue(r, col, ((TimeStampVector) v).get(r));
        } else if (v instanceof Float4Vector) {
          t.addValue(r, col, ((Float4Vector) v).get(r));
        } else if (v instanceof BitVector) {
          t.addValue(r, col, ((BitVector) v).get(r) != 0);
        } else if (v instanceof DateDayVector) {
          t.addValue(r, col, LocalDate.ofEpochDay(((DateDayVector) v).get(r)));
        } else {
          throw new IllegalArgumentException("no official mapping for " + v.getField());
        }
      }
    }
    return t;
  }

  private static TSDataType typeOf(FieldVector v) {
    if (v instanceof Float8Vector) {
      return TSDataType.DOUBLE;
    } else if (v instanceof VarCharVector) {
      return TSDataType.STRING;
    } else if (v instanceof IntVector) {
      return TSDataType.INT32;
    } else if (v instanceof BigIntVector) {
      return TSDataType.INT64;
    } else if (v instanceof TimeStampVector) {
      return TSDataType.TIMESTAMP;
    } else if (v instanceof Float4Vector) {
      return TSDataType.FLOAT;
    } else if (v instanceof BitVector) {
      return TSDataType.BOOLEAN;
    } else if (v instanceof DateDayVector) {
      return TSDataType.DATE;
    }
    throw new IllegalArgumentException("no official mapping for " + v.getField());
  }
}
