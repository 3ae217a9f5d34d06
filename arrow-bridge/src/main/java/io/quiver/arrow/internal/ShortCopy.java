package io.quiver.arrow.internal;

import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Copies one short value (a string or binary of a few bytes) from Arrow memory into the request
 * frame with at most two 8-byte moves instead of a bulk-copy call, whose fixed cost dominates for
 * values of a few bytes (tags, codes, short names).
 *
 * <p>The moves copy 16 bytes whatever the length: the bytes past the value are read from inside
 * the source buffer (checked against {@code srcLimit}) and written past the value's end in the
 * frame (checked against the array's length), where the next value, or nothing that is sent,
 * goes. Longer values, or values too close to the end of either buffer, take the bulk copy.
 */
final class ShortCopy {
  /** The longest value the two 8-byte moves cover. */
  static final int MAX = 16;

  private ShortCopy() {}

  /**
   * Copies {@code len} bytes from {@code src} to {@code dst[pos]}.
   *
   * @param srcLimit the address just past the last readable byte of the source buffer
   */
  static void copy(long src, long srcLimit, byte[] dst, int pos, int len) {
    if (len <= MAX && src + MAX <= srcLimit && pos <= dst.length - MAX) {
      // Both moves whatever the length: no branch to mispredict on lengths that vary.
      WireArrays.LONG_NATIVE.set(dst, pos, MemoryUtil.getLong(src));
      WireArrays.LONG_NATIVE.set(dst, pos + 8, MemoryUtil.getLong(src + 8));
    } else {
      MemoryUtil.copyFromMemory(src, dst, pos, len);
    }
  }
}
