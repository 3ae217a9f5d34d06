package io.quiver.client.internal.encoding;

import io.quiver.client.spi.WireBuffer;
import java.util.Arrays;

/**
 * TS_2DIFF, IoTDB's delta-of-delta block encoding of INT32 and INT64 columns (tsfile's {@code
 * DeltaBinaryEncoder}), byte for byte.
 *
 * <h2>Wire layout</h2>
 *
 * The column is cut into blocks of up to 129 values: a first value, then up to 128 deltas to the
 * value before. Each block is:
 *
 * <pre>
 *   int32 BE   count     the number of deltas (0 to 128)
 *   int32 BE   width     bits per packed delta (0 to 32, or 64)
 *   int32/64   minDelta  the smallest delta (INT32: 4 bytes, INT64: 8 bytes, big-endian);
 *                        2^31-1 or 2^63-1 when the block has no delta
 *   int32/64   first     the block's first value
 *   packed     ceil(count * width / 8) bytes: delta - minDelta of each delta, its low
 *              {@code width} bits, most significant bit first, back to back
 * </pre>
 *
 * Deltas wrap around in 32- or 64-bit two's complement, as Java's int and long arithmetic does.
 *
 * <p>One quirk is kept for byte identity: the reference packs each block into a buffer it reuses
 * for the whole column without clearing it, so the unused low bits of a block's last packed byte
 * are those left at that byte by an earlier block. Blocks of 128 deltas end on a byte boundary,
 * so only the column's last block can show them; {@link #pack} reuses its buffer the same way.
 */
final class TwoDiff {
  static final int BLOCK = 128;

  /** The packing buffer, reused across the blocks of a column (see the class comment). */
  private final byte[] pack = new byte[BLOCK * 8];
  private final long[] deltas = new long[BLOCK];

  /**
   * Encodes {@code n} values (INT32 values held in longs when {@code wide} is false).
   *
   * @param wide true for INT64 (and TIMESTAMP, and the time column), false for INT32 and DATE
   */
  void encode(long[] values, int n, boolean wide, WireBuffer out) {
    Arrays.fill(pack, (byte) 0);
    for (int i = 0; i < n; ) {
      int count = Math.min(BLOCK, n - 1 - i);
      long first = values[i];
      long min = wide ? Long.MAX_VALUE : Integer.MAX_VALUE;
      long prev = first;
      for (int j = 0; j < count; j++) {
        long v = values[i + 1 + j];
        long d = wide ? v - prev : (long) ((int) v - (int) prev);
        deltas[j] = d;
        if (d < min) {
          min = d;
        }
        prev = v;
      }
      int width = 0;
      for (int j = 0; j < count; j++) {
        long d = deltas[j] - min;
        int w = wide ? 64 - Long.numberOfLeadingZeros(d) : 32 - Integer.numberOfLeadingZeros((int) d);
        deltas[j] = d;
        if (w > width) {
          width = w;
        }
      }
      out.putInt(count);
      out.putInt(width);
      if (wide) {
        out.putLong(min);
        out.putLong(first);
      } else {
        out.putInt((int) min);
        out.putInt((int) first);
      }
      if (width > 0) {
        for (int j = 0; j < count; j++) {
          pack(deltas[j], width, j * width);
        }
      }
      int bytes = (count * width + 7) >>> 3;
      out.putBytes(pack, 0, bytes);
      i += count + 1;
    }
  }

  /**
   * Writes the low {@code width} bits of {@code v} at bit {@code bit} of the packing buffer, most
   * significant first, leaving the other bits of the bytes it touches as they are.
   */
  private void pack(long v, int width, int bit) {
    int b = bit >>> 3;
    int used = bit & 7;
    while (width > 0) {
      int n = Math.min(width, 8 - used);
      width -= n;
      int shift = 8 - used - n;
      int mask = ((1 << n) - 1) << shift;
      int bits = (int) ((v >>> width) & ((1 << n) - 1)) << shift;
      pack[b] = (byte) ((pack[b] & ~mask) | bits);
      b++;
      used = 0;
    }
  }
}
