package io.quiver.arrow.internal;

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
 * <p>A column without nulls is one straight read-swap-write loop. Otherwise the loop goes 64 rows
 * at a time: where all 64 are valid it is a plain read-swap-write (4-byte values two at a time);
 * otherwise each value is ANDed with a mask made from its validity bit.
 */
public final class SwapEncoder extends ColumnEncoder {
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
    if (Bits.firstZero(valid, rows) < 0) {
      // No null: one straight loop, which the JIT unrolls better than the 64-row blocks.
      for (int r = 0; r < rows; r++) {
        WireArrays.LONG_BE.set(dst, pos + (r << 3), MemoryUtil.getLong(src + ((long) r << 3)));
      }
      return;
    }
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(valid, rows, k);
      long s = src + ((long) first << 3);
      int d = pos + (first << 3);
      if (w == Bits.lowBits(n)) {
        for (int j = 0; j < n; j++) {
          WireArrays.LONG_BE.set(dst, d + (j << 3), MemoryUtil.getLong(s + ((long) j << 3)));
        }
      } else {
        for (int j = 0; j < n; j++) {
          long keep = -((w >>> j) & 1L);
          WireArrays.LONG_BE.set(dst, d + (j << 3), MemoryUtil.getLong(s + ((long) j << 3)) & keep);
        }
      }
    }
  }

  /** Writes {@code rows} 4-byte values from {@code src} big-endian at {@code dst[pos]}, nulls 0. */
  static void swap4(long src, long valid, int rows, byte[] dst, int pos) {
    if (Bits.firstZero(valid, rows) < 0) {
      for (int r = 0; r < rows; r++) {
        WireArrays.INT_BE.set(dst, pos + (r << 2), MemoryUtil.getInt(src + ((long) r << 2)));
      }
      return;
    }
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(valid, rows, k);
      long s = src + ((long) first << 2);
      int d = pos + (first << 2);
      if (w == Bits.lowBits(n)) {
        // Two values per 8-byte load: the little-endian long m7..m0 rotated by 32 bits and stored
        // big-endian gives m3 m2 m1 m0 m7 m6 m5 m4, both ints swapped in place.
        int j = 0;
        for (; j + 1 < n; j += 2) {
          WireArrays.LONG_BE.set(dst, d + (j << 2), Long.rotateLeft(MemoryUtil.getLong(s + ((long) j << 2)), 32));
        }
        if (j < n) {
          WireArrays.INT_BE.set(dst, d + (j << 2), MemoryUtil.getInt(s + ((long) j << 2)));
        }
      } else {
        for (int j = 0; j < n; j++) {
          int keep = -(int) ((w >>> j) & 1L);
          WireArrays.INT_BE.set(dst, d + (j << 2), MemoryUtil.getInt(s + ((long) j << 2)) & keep);
        }
      }
    }
  }
}
