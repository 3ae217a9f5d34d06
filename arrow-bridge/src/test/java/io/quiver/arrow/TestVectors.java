package io.quiver.arrow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Makes and fills Arrow vectors from Java values for tests. Values are Arrow-side: Boolean for Bit;
 * a Number for every integer type, Date (days or milliseconds) and Timestamp (raw count of its
 * unit), Float4 and Float8; a String or byte[] for the string and binary types; null for null.
 */
final class TestVectors {
  private TestVectors() {}

  static Field field(String name, ArrowType type) {
    return new Field(name, FieldType.nullable(type), null);
  }

  static Field dictionaryField(String name, long id, ArrowType.Int indexType) {
    return new Field(name,
        new FieldType(true, indexType, new DictionaryEncoding(id, false, indexType)), null);
  }

  static ArrowType.Timestamp timestamp(TimeUnit unit, String zone) {
    return new ArrowType.Timestamp(unit, zone);
  }

  /** A vector of the field's type holding the values. */
  static FieldVector vector(BufferAllocator allocator, Field field, Object... values) {
    FieldVector v = field.createVector(allocator);
    fill(v, values);
    return v;
  }

  /** Fills a new vector with the values (null = a null row). */
  static <V extends FieldVector> V fill(V v, Object... values) {
    v.setInitialCapacity(Math.max(1, values.length));
    v.allocateNew();
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        setNull(v, i);
      } else {
        set(v, i, values[i]);
      }
    }
    v.setValueCount(values.length);
    return v;
  }

  static void set(FieldVector v, int i, Object x) {
    if (v instanceof BitVector) {
      ((BitVector) v).setSafe(i, ((Boolean) x) ? 1 : 0);
    } else if (v instanceof BaseIntVector) {
      ((BaseIntVector) v).setWithPossibleTruncate(i, ((Number) x).longValue());
    } else if (v instanceof Float4Vector) {
      ((Float4Vector) v).setSafe(i, ((Number) x).floatValue());
    } else if (v instanceof Float8Vector) {
      ((Float8Vector) v).setSafe(i, ((Number) x).doubleValue());
    } else if (v instanceof DateDayVector) {
      ((DateDayVector) v).setSafe(i, ((Number) x).intValue());
    } else if (v instanceof DateMilliVector) {
      ((DateMilliVector) v).setSafe(i, ((Number) x).longValue());
    } else if (v instanceof TimeStampVector) {
      ((TimeStampVector) v).setSafe(i, ((Number) x).longValue());
    } else if (v instanceof FixedSizeBinaryVector) {
      ((FixedSizeBinaryVector) v).setSafe(i, bytes(x));
    } else if (v instanceof VariableWidthFieldVector) {
      ((VariableWidthFieldVector) v).setSafe(i, bytes(x));
    } else {
      throw new IllegalArgumentException("no test setter for " + v.getClass().getSimpleName());
    }
  }

  static void setNull(FieldVector v, int i) {
    if (v instanceof BaseFixedWidthVector) {
      ((BaseFixedWidthVector) v).setNull(i);
    } else if (v instanceof BaseVariableWidthVector) {
      ((BaseVariableWidthVector) v).setNull(i);
    } else if (v instanceof BaseLargeVariableWidthVector) {
      ((BaseLargeVariableWidthVector) v).setNull(i);
    } else if (v instanceof BaseVariableWidthViewVector) {
      ((BaseVariableWidthViewVector) v).setNull(i);
    } else {
      throw new IllegalArgumentException("no test null setter for " + v.getClass().getSimpleName());
    }
  }

  static byte[] bytes(Object x) {
    return x instanceof String ? ((String) x).getBytes(StandardCharsets.UTF_8) : (byte[]) x;
  }

  /** A root over the vectors, its row count that of the first. */
  static VectorSchemaRoot root(FieldVector... vectors) {
    return new VectorSchemaRoot(new ArrayList<>(Arrays.asList(vectors)));
  }

  /** A root over the vectors. */
  static VectorSchemaRoot root(List<FieldVector> vectors) {
    return new VectorSchemaRoot(new ArrayList<>(vectors));
  }
}
