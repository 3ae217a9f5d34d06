package io.quiver.client.internal.tsblock;

/**
 * The null flags of a plain TsBlock column (encodings 0 to 3): after a marker byte, non-zero if
 * the column may have nulls, {@code ceil(n / 8)} bytes of flags (only if so), most significant bit
 * first ({@code 0x80 >> (i % 8)} of byte {@code i / 8} is position i), 1 = null. A column may
 * declare nulls and have none. {@link TsBlockReader#nullFlags} reads the marker and gives where
 * the flags are (-1: no flags).
 */
public final class NullFlags {
  private NullFlags() {}

  /** The bytes of {@code n} flags. */
  public static int byteCount(int n) {
    return (n + 7) >>> 3;
  }

  /** The number of positions among the first {@code n} whose flag is set (the nulls). */
  public static int count(byte[] a, int at, int n) {
    int full = n >>> 3;
    int nulls = 0;
    int i = 0;
    for (; i + 8 <= full; i += 8) {
      nulls += Long.bitCount((long) TsBlockReader.LONG_BE.get(a, at + i));
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
  public static int nonNull(byte[] a, int flags, int n) {
    return flags < 0 ? n : n - count(a, flags, n);
  }

  /** True if position {@code i} is null. */
  public static boolean isNull(byte[] a, int flags, int i) {
    return flags >= 0 && (a[flags + (i >>> 3)] & (0x80 >>> (i & 7))) != 0;
  }
}
