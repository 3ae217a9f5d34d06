package io.quiver.arrow.internal;

/**
 * The null information that starts a TsBlock column of encodings 0 to 3: one byte, non-zero if
 * the column may have nulls, then (only if so) {@code ceil(n / 8)} bytes of flags, most
 * significant bit first ({@code 0x80 >> (i % 8)} of byte {@code i / 8} is position i), 1 = null.
 * A column may declare nulls and have none.
 */
final class NullFlags {
  private NullFlags() {}

  /**
   * Reads a column's null information for {@code n} positions; returns the array index of its
   * flags, or -1 when the column declares no nulls. The cursor is left after the flags.
   */
  static int read(ResultBlock in, int n) {
    if (in.readByte("the null marker") == 0) {
      return -1;
    }
    int at = in.p;
    in.skip(byteCount(n), "the null flags of " + n + " positions");
    return at;
  }

  /** The bytes of {@code n} flags. */
  static int byteCount(int n) {
    return (n + 7) >>> 3;
  }

  /** The number of positions among the first {@code n} whose flag is set (the nulls). */
  static int count(byte[] a, int at, int n) {
    int full = n >>> 3;
    int nulls = 0;
    int i = 0;
    for (; i + 8 <= full; i += 8) {
      nulls += Long.bitCount((long) ResultBlock.LONG_BE.get(a, at + i));
    }
    for (; i < full; i++) {
      nulls += Integer.bitCount(a[at + i] & 0xFF);
    }
    int rest = n & 7;
    if (rest != 0) {
      nulls += Integer.bitCount(a[at + full] & (0xFF00 >>> rest) & 0xFF);
    }
    return nulls;
  }

  /** The number of positions that are not null: all {@code n} when {@code flags < 0}. */
  static int nonNull(byte[] a, int flags, int n) {
    return flags < 0 ? n : n - count(a, flags, n);
  }

  /** True if position {@code i} is null. */
  static boolean isNull(byte[] a, int flags, int i) {
    return flags >= 0 && (a[flags + (i >>> 3)] & (0x80 >>> (i & 7))) != 0;
  }
}
