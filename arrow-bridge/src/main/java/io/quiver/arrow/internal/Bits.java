package io.quiver.arrow.internal;

import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Reads Arrow bit buffers (validity buffers and the values of Bit vectors) 64 rows at a time.
 *
 * <p>Arrow bit buffers are least-significant-bit first: row r is bit {@code r % 8} of byte {@code
 * r / 8}, so on a little-endian platform the 8 bytes from byte {@code 8k} read as one long hold
 * rows {@code 64k..64k+63} in bits 0..63. Only the {@code (rows + 7) / 8} bytes that hold rows are
 * read: a slice made by {@code splitAndTransfer} may end right there, and its last byte may carry
 * bits of rows that are not part of it, so the bits past {@code rows} are cleared.
 *
 * <p>Callers check once that the buffer holds {@link #byteCount(int)} bytes.
 */
final class Bits {
  private Bits() {}

  /** The bytes of an Arrow bit buffer that hold {@code rows} bits. */
  public static long byteCount(int rows) {
    return (rows + 7L) >>> 3;
  }

  /** A mask of the low {@code n} bits, 0 <= n <= 64. */
  static long lowBits(int n) {
    return n >= 64 ? -1L : (1L << n) - 1;
  }

  /**
   * Rows {@code 64 * block} to {@code 64 * block + 63} of the bit buffer at {@code address}, bit j
   * for row {@code 64 * block + j}; bits of rows at or past {@code rows} are 0.
   */
  static long word(long address, int rows, int block) {
    int remaining = rows - (block << 6);
    long base = address + ((long) block << 3);
    if (remaining >= 64) {
      return MemoryUtil.getLong(base);
    }
    long w = 0;
    int bytes = (remaining + 7) >>> 3;
    for (int b = 0; b < bytes; b++) {
      w |= (MemoryUtil.getByte(base + b) & 0xFFL) << (b << 3);
    }
    return w & lowBits(remaining);
  }

  /** The number of 0 bits (nulls, for a validity buffer) among the first {@code rows}. */
  public static int zeroCount(long address, int rows) {
    int zeros = 0;
    int blocks = (rows + 63) >>> 6;
    for (int k = 0; k < blocks; k++) {
      int n = Math.min(64, rows - (k << 6));
      zeros += n - Long.bitCount(word(address, rows, k));
    }
    return zeros;
  }

  /** The first row whose bit is 0 (the first null), or -1 if every bit is set. */
  public static int firstZero(long address, int rows) {
    int blocks = (rows + 63) >>> 6;
    for (int k = 0; k < blocks; k++) {
      int n = Math.min(64, rows - (k << 6));
      long missing = ~word(address, rows, k) & lowBits(n);
      if (missing != 0) {
        return (k << 6) + Long.numberOfTrailingZeros(missing);
      }
    }
    return -1;
  }
}
