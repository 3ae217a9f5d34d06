package io.quiver.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Generated Arrow batches for the benchmarks: a {@code time} column (Timestamp, ms) plus the columns
 * of one schema, with a given share of nulls in the value columns (never in time or the tag).
 *
 * <ul>
 *   <li>{@code mixed}: 1 TAG string ({@code dev}, 10 distinct 8-byte values) + 5 DOUBLE fields, the
 *       shape of the design notes' and the server-ceiling measurements;
 *   <li>{@code int32}, {@code int64}, {@code float}, {@code double}, {@code boolean}, {@code
 *       string}, {@code date}, {@code timestamp}: 5 fields of that type, no tag, so the cost of
 *       one type is measured alone.
 * </ul>
 */
public final class BenchData {
  public static final String TAG = "dev";
  public static final int FIELDS = 5;

  private BenchData() {}

  /** A root of {@code rows} rows; the caller closes it. Times start at {@code firstTime} ms. */
  public static VectorSchemaRoot generate(BufferAllocator allocator, String schema, int rows, double nullRatio,
      long firstTime, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<FieldVector> vectors = new ArrayList<>();
    TimeStampMilliVector time = new TimeStampMilliVector("time", allocator);
    time.allocateNew(rows);
    for (int r = 0; r < rows; r++) {
      time.set(r, firstTime + r);
    }
    time.setValueCount(rows);
    vectors.add(time);
    if (hasTag(schema)) {
      vectors.add(tag(allocator, rows));
    }
    for (int f = 0; f < FIELDS; f++) {
      vectors.add(field(allocator, schema, "m" + f, rows, nullRatio, random));
    }
    return new VectorSchemaRoot(vectors);
  }

  /** True if the schema has the {@value #TAG} column. */
  public static boolean hasTag(String schema) {
    return schema.equals("mixed");
  }

  private static VarCharVector tag(BufferAllocator allocator, int rows) {
    VarCharVector tag = new VarCharVector(TAG, allocator);
    tag.allocateNew(8L * rows, rows);
    byte[][] devices = new byte[10][];
    for (int d = 0; d < 10; d++) {
      devices[d] = String.format("device%02d", d).getBytes(StandardCharsets.UTF_8);
    }
    for (int r = 0; r < rows; r++) {
      tag.setSafe(r, devices[r % 10]);
    }
    tag.setValueCount(rows);
    return tag;
  }

  private static FieldVector field(BufferAllocator a, String schema, String name, int rows, double nullRatio,
      SplittableRandom random) {
    switch (schema) {
      case "mixed":
      case "double": {
        Float8Vector v = new Float8Vector(name, a);
        v.allocateNew(rows);
        for (int r = 0; r < rows; r++) {
          if (random.nextDouble() >= nullRatio) {
            v.set(r, random.nextDouble() * 100);
          }
        }
        v.setValueCount(rows);
        return v;
      }
      case "int32": {
        IntVector v = new IntVector(name, a);
        v.allocateNew(rows);
        for (int r = 0; r < rows; r++) {
          if (random.nextDouble() >= nullRatio) {
            v.set(r, random.nextInt());
          }
        }
        v.setValueCount(rows);
        return v;
      }
      case "int64": {
        BigIntVector v = new BigIntVector(name, a);
        v.allocateNew(rows);
        for (int r = 0; r < rows; r++) {
          if (random.nextDouble() >= nullRatio) {
            v.set(r, random.nextLong());
          }
        }
        v.setValueCount(rows);
        return v;
      }
      case "timestamp": {
        TimeStampMilliVector v = new TimeStampMilliVector(name, a);
        v.allocateNew(rows);
        for (int r = 0; r < rows; r++) {
          if (random.nextDouble() >= nullRatio) {
            v.set(r, 1_700_000_000_000L + random.nextInt(1_000_000));
          }
        }
        v.setValueCount(rows);
        return v;
      }
      case "float": {
        Float4Vector v = new Float4Vector(name, a);
        v.allocateNew(rows);
        for (int r = 0; r < rows; r++) {
          if (random.nextDouble() >= nullRatio) {
            v.set(r, (float) random.nextDouble());
          }
        }
        v.setValueCount(rows);
        return v;
      }
      case "boolean": {
        BitVector v = new BitVector(name, a);
        v.allocateNew(rows);
        for (int r = 0; r < rows; r++) {
          if (random.nextDouble() >= nullRatio) {
            v.set(r, random.nextBoolean() ? 1 : 0);
          }
        }
        v.setValueCount(rows);
        return v;
      }
      case "date": {
        DateDayVector v = new DateDayVector(name, a);
        v.allocateNew(rows);
        for (int r = 0; r < rows; r++) {
          if (random.nextDouble() >= nullRatio) {
            v.set(r, 18_000 + random.nextInt(2_000));
          }
        }
        v.setValueCount(rows);
        return v;
      }
      case "string": {
        VarCharVector v = new VarCharVector(name, a);
        v.allocateNew(16L * rows, rows);
        byte[] buf = new byte[16];
        for (int r = 0; r < rows; r++) {
          if (random.nextDouble() >= nullRatio) {
            int len = 4 + random.nextInt(12);
            for (int i = 0; i < len; i++) {
              buf[i] = (byte) ('a' + random.nextInt(26));
            }
            v.setSafe(r, buf, 0, len);
          }
        }
        v.setValueCount(rows);
        return v;
      }
      default:
        throw new IllegalArgumentException("unknown schema '" + schema + "'");
    }
  }
}
