package io.quiver.arrow.internal;

import io.quiver.client.internal.tsblock.TsBlockReader;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;

/**
 * TIMESTAMP values counted in the server's precision, written as microseconds: each block is
 * written as {@link Fixed8Writer} does, then its rows are rescaled in place in the vector (times
 * 1,000 from milliseconds, checked for overflow; a floor division by 1,000 from nanoseconds; nothing
 * from microseconds). Null slots hold 0 and stay 0.
 */
final class MicrosTimeWriter extends Fixed8Writer {
  private final long multiply;
  private final long divide;

  MicrosTimeWriter(String name, DataType type, FieldVector vector, TimePrecision from) {
    super(name, type, vector);
    this.multiply = from == TimePrecision.MILLISECONDS ? 1_000L : 1L;
    this.divide = from == TimePrecision.NANOSECONDS ? 1_000L : 1L;
  }

  @Override
  void plain(TsBlockReader in, int row, int n) {
    super.plain(in, row, n);
    rescale(row, n);
  }

  @Override
  void constant(byte[] a, int loc, int row, int n) {
    super.constant(a, loc, row, n);
    rescale(row, n);
  }

  @Override
  void located(byte[] a, int[] loc, int row, int n) {
    super.located(a, loc, row, n);
    rescale(row, n);
  }

  private void rescale(int row, int n) {
    long at = data + ((long) row << 3);
    if (multiply != 1) {
      long max = Long.MAX_VALUE / multiply;
      long min = Long.MIN_VALUE / multiply;
      for (int i = 0; i < n; i++) {
        long p = at + ((long) i << 3);
        long v = MemoryUtil.getLong(p);
        if (v > max || v < min) {
          throw error(row + i, "the time " + v + " does not fit a 64-bit count of microseconds");
        }
        MemoryUtil.putLong(p, v * multiply);
      }
    } else if (divide != 1) {
      for (int i = 0; i < n; i++) {
        long p = at + ((long) i << 3);
        MemoryUtil.putLong(p, Math.floorDiv(MemoryUtil.getLong(p), divide));
      }
    }
  }
}
