package io.quiver.arrow.internal;

import io.quiver.client.spi.BigEndian;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;

/**
 * Int32 → INT32, Int64 → INT64, Float4 → FLOAT, Float8 → DOUBLE: a byte swap of each 4- or 8-byte
 * value (floats as their raw IEEE-754 bits, so NaN payloads and -0.0 pass unchanged).
 *
 * <p>Wire layout: {@code rows} big-endian values of 4 or 8 bytes, 0 in null slots.
 *
 * <p>One straight read-swap-write loop over every row, then a pass over the validity, 64 rows at a
 * time, that zeroes the slot of each null (one store per null; none without nulls).
 */
final class SwapEncoder extends ColumnEncoder {
  private final int width;

  /**
   * @param type INT32 or FLOAT (4-byte values), INT64 or DOUBLE (8-byte values)
   */
  public SwapEncoder(String table, String name, FieldVector vector, int rows, DataType type) {
    super(table, name, vector, rows, type);
    this.width = type.fixedWidth();
  }

  private SwapEncoder(SwapEncoder whole, int from, int rows) {
    super(whole, from, rows);
    this.width = whole.width;
  }

  @Override
  public SwapEncoder withRows(int from, int rows) {
    return new SwapEncoder(this, from, rows);
  }

  @Override
  public long valuesSize() {
    return (long) width * rows;
  }

  @Override
  public void writeValues(WireBuffer out, TimePrecision precision) {
    long size = (long) width * rows;
    out.ensureRemaining(size);
    if (rows == 0) {
      return;
    }
    long valid = validityAddress();
    long src = dataAddress(vector.getDataBuffer(), width, "data");
    if (width == 8) {
      swap8(src, valid, rows, out.array(), out.position());
    } else {
      swap4(src, valid, rows, out.array(), out.position());
    }
    out.advance((int) size);
  }

  /** Writes {@code rows} 8-byte values from {@code src} big-endian at {@code dst[pos]}, nulls 0. */
  static void swap8(long src, long valid, int rows, byte[] dst, int pos) {
    // Every value is swapped in one straight loop (which the JIT unrolls), then the null slots
    // are zeroed, one store per null, found 64 rows at a time.
    for (int r = 0; r < rows; r++) {
      BigEndian.LONG.set(dst, pos + (r << 3), MemoryUtil.getLong(src + ((long) r << 3)));
    }
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      long nulls = ~Bits.word(valid, rows, k) & Bits.lowBits(Math.min(64, rows - first));
      while (nulls != 0) {
        BigEndian.LONG.set(dst, pos + ((first + Long.numberOfTrailingZeros(nulls)) << 3), 0L);
        nulls &= nulls - 1;
      }
    }
  }

  /** Writes {@code rows} 4-byte values from {@code src} big-endian at {@code dst[pos]}, nulls 0. */
  static void swap4(long src, long valid, int rows, byte[] dst, int pos) {
    for (int r = 0; r < rows; r++) {
      BigEndian.INT.set(dst, pos + (r << 2), MemoryUtil.getInt(src + ((long) r << 2)));
    }
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      long nulls = ~Bits.word(valid, rows, k) & Bits.lowBits(Math.min(64, rows - first));
      while (nulls != 0) {
        BigEndian.INT.set(dst, pos + ((first + Long.numberOfTrailingZeros(nulls)) << 2), 0);
        nulls &= nulls - 1;
      }
    }
  }
}
