package io.quiver.arrow.internal;

import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Writes Arrow bit buffers (validity, and the values of a Bit vector) by address. Arrow bits are
 * least-significant-bit first (row r is bit {@code r % 8} of byte {@code r / 8}) and a validity
 * bit of 1 means "not null"; TsBlock bits are most-significant-bit first and a null flag of 1 means
 * null, so each TsBlock byte becomes an Arrow byte through a bit reversal (and a complement for null
 * flags). Rows may start at any bit: a fetch's blocks follow each other in one vector.
 *
 * <p>Callers make sure the buffer holds the bits written.
 */
final class ArrowBits {
  /** {@code REVERSED[b]}: the byte b with its bit order reversed. */
  private static final byte[] REVERSED = new byte[256];

  static {
    for (int b = 0; b < 256; b++) {
      REVERSED[b] = (byte) (Integer.reverse(b) >>> 24);
    }
  }

  private ArrowBits() {}

  /** The byte {@code b} (TsBlock order) in Arrow order. */
  static int reversed(int b) {
    return REVERSED[b & 0xFF] & 0xFF;
  }

  /**
   * Writes the low {@code count} bits of {@code bits} (1 to 8 of them) at bit {@code bit} of the
   * buffer at {@code address}, leaving the other bits as they are.
   */
  static void put(long address, long bit, int bits, int count) {
    long at = address + (bit >>> 3);
    int shift = (int) (bit & 7);
    if (shift == 0 && count == 8) {
      MemoryUtil.putByte(at, (byte) bits);
      return;
    }
    int mask = ((1 << count) - 1) << shift;
    int value = (bits << shift) & mask;
    MemoryUtil.putByte(at, (byte) ((MemoryUtil.getByte(at) & ~mask) | value));
    if (shift + count > 8) {
      MemoryUtil.putByte(at + 1, (byte) ((MemoryUtil.getByte(at + 1) & ~(mask >>> 8)) | (value >>> 8)));
    }
  }

  /** Sets (or clears) the {@code n} bits from bit {@code from}. */
  static void fill(long address, long from, int n, boolean set) {
    int ones = set ? 0xFF : 0;
    long bit = from;
    long stop = from + n;
    while (bit < stop && (bit & 7) != 0) {
      int count = (int) Math.min(8 - (bit & 7), stop - bit);
      put(address, bit, ones, count);
      bit += count;
    }
    long whole = (stop - bit) >>> 3;
    if (whole > 0) {
      MemoryUtil.setMemory(address + (bit >>> 3), whole, (byte) ones);
      bit += whole << 3;
    }
    if (bit < stop) {
      put(address, bit, ones, (int) (stop - bit));
    }
  }

  /**
   * Writes the validity of {@code n} rows from row {@code row}, from TsBlock null flags at {@code
   * a[flags]} (or all valid when {@code flags < 0}).
   */
  static void validity(long address, int row, byte[] a, int flags, int n) {
    if (flags < 0) {
      fill(address, row, n, true);
      return;
    }
    for (int j = 0; j < n; j += 8) {
      int count = Math.min(8, n - j);
      put(address, (long) row + j, ~REVERSED[a[flags + (j >>> 3)] & 0xFF], count);
    }
  }

  /**
   * Writes {@code n} bits from row {@code row}, from TsBlock bits (most significant first) at
   * {@code a[values]}, cleared where the null flags at {@code a[flags]} are set (none when {@code
   * flags < 0}).
   */
  static void values(long address, int row, byte[] a, int values, int flags, int n) {
    for (int j = 0; j < n; j += 8) {
      int count = Math.min(8, n - j);
      int bits = REVERSED[a[values + (j >>> 3)] & 0xFF];
      if (flags >= 0) {
        bits &= ~REVERSED[a[flags + (j >>> 3)] & 0xFF];
      }
      put(address, (long) row + j, bits, count);
    }
  }

  /** Clears the bits from {@code rows} to the end of their byte, so no stale bit follows the last row. */
  static void clearTail(long address, int rows) {
    int rest = rows & 7;
    if (rest != 0) {
      put(address, rows, 0, 8 - rest);
    }
  }
}
