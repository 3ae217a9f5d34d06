package io.quiver.arrow.internal;

import io.quiver.client.spi.BigEndian;
import io.quiver.client.TimePrecision;
import java.util.Locale;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.types.TimeUnit;

/**
 * Converts a column of int64 times from an Arrow unit to the server's precision while writing them
 * big-endian: a straight swap copy when the units agree, a multiplication checked against the
 * overflow bounds (two compares per value) to a finer unit, a floor division to a coarser one
 * (rounding toward negative infinity, as {@code Instant.toEpochMilli} does). Null slots are written
 * as 0 and never checked.
 */
final class TimeScale {
  private TimeScale() {}

  /** Nanoseconds in one Arrow time unit. */
  static long nanos(TimeUnit unit) {
    switch (unit) {
      case SECOND:
        return 1_000_000_000L;
      case MILLISECOND:
        return 1_000_000L;
      case MICROSECOND:
        return 1_000L;
      default:
        return 1L;
    }
  }

  /** Nanoseconds in one unit of the server's precision. */
  static long nanos(TimePrecision precision) {
    switch (precision) {
      case MILLISECONDS:
        return 1_000_000L;
      case MICROSECONDS:
        return 1_000L;
      default:
        return 1L;
    }
  }

  /**
   * Writes {@code rows} int64 times from {@code src}, counted in units of {@code srcNanos}
   * nanoseconds, as big-endian counts of the server's precision at {@code dst[pos]}.
   *
   * @param column the column, for errors
   * @throws io.quiver.client.InvalidBatchException naming the row of the first value whose
   *     conversion overflows
   */
  static void write(long src, long valid, int rows, byte[] dst, int pos, long srcNanos,
      TimePrecision precision, VectorColumn column) {
    long dstNanos = nanos(precision);
    if (srcNanos == dstNanos) {
      SwapEncoder.swap8(src, valid, rows, dst, pos);
    } else if (srcNanos > dstNanos) {
      multiply(src, valid, rows, dst, pos, srcNanos / dstNanos, srcNanos, precision, column);
    } else {
      divide(src, valid, rows, dst, pos, dstNanos / srcNanos);
    }
  }

  private static void multiply(long src, long valid, int rows, byte[] dst, int pos, long factor,
      long srcNanos, TimePrecision precision, VectorColumn column) {
    long max = Long.MAX_VALUE / factor;
    long min = Long.MIN_VALUE / factor;
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(valid, rows, k);
      for (int j = 0; j < n; j++) {
        long keep = -((w >>> j) & 1L);
        long v = MemoryUtil.getLong(src + ((long) (first + j) << 3)) & keep;
        if (v > max || v < min) {
          throw overflow(column, first + j, v, srcNanos, precision);
        }
        BigEndian.LONG.set(dst, pos + ((first + j) << 3), v * factor);
      }
    }
  }

  private static void divide(long src, long valid, int rows, byte[] dst, int pos, long divisor) {
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(valid, rows, k);
      for (int j = 0; j < n; j++) {
        long keep = -((w >>> j) & 1L);
        long v = MemoryUtil.getLong(src + ((long) (first + j) << 3)) & keep;
        BigEndian.LONG.set(dst, pos + ((first + j) << 3), Math.floorDiv(v, divisor));
      }
    }
  }

  private static io.quiver.client.InvalidBatchException overflow(VectorColumn column, int row, long value, long srcNanos,
      TimePrecision precision) {
    return column.invalid(row, "the time " + value + " " + unitName(srcNanos)
        + " does not fit a 64-bit count of " + precision.unit().name().toLowerCase(Locale.ROOT)
        + ", the server's precision");
  }

  private static String unitName(long nanos) {
    if (nanos == 1_000_000_000L) {
      return "s";
    }
    if (nanos == 1_000_000L) {
      return "ms";
    }
    return nanos == 1_000L ? "us" : "ns";
  }
}
