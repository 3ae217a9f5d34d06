package io.quiver.client.internal.encoding;

import io.quiver.client.spi.WireBuffer;

/**
 * GORILLA, IoTDB's XOR encoding of FLOAT and DOUBLE columns (tsfile's {@code
 * SinglePrecisionEncoderV2} and {@code DoublePrecisionEncoderV2}), byte for byte.
 *
 * <h2>Wire layout</h2>
 *
 * A bit stream, most significant bit first, over the values' raw IEEE-754 bits ({@code W} = 32
 * for FLOAT, 64 for DOUBLE; {@code L} = 5 or 6 bits):
 *
 * <pre>
 *   first value      W bits
 *   each next value  x = value XOR previous value
 *     x == 0                                 '0'
 *     x fits the stored leading/trailing     '10' then the W - lead - trail bits of x between them
 *       zero counts (lz >= lead, tz >= trail)
 *     otherwise                              '11', lz in L bits, (W - lz - tz - 1) in L bits,
 *                                            the W - lz - tz middle bits; lead = lz, trail = tz
 *   end              the same for a NaN (0x7fc00000 / 0x7ff8000000000000), then the bits up to
 *                    the next byte boundary as zeros, plus one zero byte if already on one
 * </pre>
 *
 * The stored leading count starts above any real one, so the first non-zero XOR takes the long
 * form.
 */
final class Gorilla {
  static final long FLOAT_NAN_BITS = 0x7fc00000L;
  static final long DOUBLE_NAN_BITS = 0x7ff8000000000000L;

  private final BitSink sink = new BitSink();

  /**
   * Encodes {@code n >= 1} values: raw float bits (in the low 32 bits of each long) when {@code
   * wide} is false, raw double bits when true.
   */
  void encode(long[] values, int n, boolean wide, WireBuffer out) {
    int w = wide ? 64 : 32;
    int lengthBits = wide ? 6 : 5;
    long mask = wide ? -1L : 0xFFFF_FFFFL;
    sink.start(out);
    long stored = values[0] & mask;
    sink.bits(stored, w);
    int lead = Integer.MAX_VALUE;
    int trail = 0;
    for (int i = 1; i <= n; i++) {
      long v = (i == n ? (wide ? DOUBLE_NAN_BITS : FLOAT_NAN_BITS) : values[i]) & mask;
      long x = stored ^ v;
      stored = v;
      if (x == 0) {
        sink.bits(0, 1);
        continue;
      }
      int lz = wide ? Long.numberOfLeadingZeros(x) : Integer.numberOfLeadingZeros((int) x);
      int tz = Long.numberOfTrailingZeros(x);
      if (lz >= lead && tz >= trail) {
        int significant = w - lead - trail;
        if (significant <= 62) {
          sink.bits((0b10L << significant) | (x >>> trail), significant + 2);
        } else {
          sink.bits(0b10, 2);
          sink.bits(x >>> trail, significant);
        }
      } else {
        int significant = w - lz - tz;
        // '11', the leading zeros, the significant bits' count - 1: 2 + 2 * lengthBits bits.
        sink.bits((((0b11L << lengthBits) | lz) << lengthBits) | (significant - 1),
            2 + 2 * lengthBits);
        sink.bits(x >>> tz, significant);
        lead = lz;
        trail = tz;
      }
    }
    sink.finish(true);
  }
}
