package io.quiver.arrow.internal;

import io.quiver.client.spi.WireBuffer;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Writes IoTDB's insert null bitmap from an Arrow validity buffer.
 *
 * <p>IoTDB's bitmap is {@code rows / 8 + 1} bytes (always one byte more than the rows need when
 * {@code rows} is a multiple of 8, a TsFile quirk the server relies on), row r at bit {@code r % 8}
 * of byte {@code r / 8}, a set bit meaning null. Arrow's validity has the same bit order and the
 * opposite meaning, in {@code (rows + 7) / 8} bytes. So the bitmap is the validity inverted: 8 bytes
 * at a time while whole words of validity exist, then byte by byte, with the bits past {@code
 * rows} (and the spare byte) zero.
 */
final class NullBitmap {
  private NullBitmap() {}

  /** The bitmap's size in bytes. */
  public static int sizeInBytes(int rows) {
    return rows / 8 + 1;
  }

  /**
   * Writes the bitmap of the validity buffer at {@code validityAddress}, which the caller has
   * checked holds {@code (rows + 7) / 8} bytes.
   */
  public static void write(WireBuffer out, long validityAddress, int rows) {
    int size = sizeInBytes(rows);
    out.ensureRemaining(size);
    byte[] dst = out.array();
    int pos = out.position();
    int words = rows >>> 6;
    for (int k = 0; k < words; k++) {
      long valid = MemoryUtil.getLong(validityAddress + ((long) k << 3));
      WireArrays.LONG_NATIVE.set(dst, pos + (k << 3), ~valid);
    }
    int tailRows = rows & 63;
    for (int b = words << 3, r = tailRows; b < size; b++, r -= 8) {
      int nulls = 0;
      if (r > 0) {
        int valid = MemoryUtil.getByte(validityAddress + b) & 0xFF;
        nulls = ~valid & (r >= 8 ? 0xFF : (1 << r) - 1);
      }
      dst[pos + b] = (byte) nulls;
    }
    out.advance(size);
  }
}
