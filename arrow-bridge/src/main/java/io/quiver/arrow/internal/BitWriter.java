package io.quiver.arrow.internal;

import io.quiver.client.internal.tsblock.NullFlags;
import io.quiver.client.internal.tsblock.TsBlockReader;
import io.quiver.client.DataType;
import org.apache.arrow.vector.FieldVector;

/**
 * BOOLEAN (Bit): TsBlock BYTE_ARRAY values, one bit per position (nulls included), most
 * significant bit first, written into the vector's least-significant-bit-first value bits; a null
 * slot reads false.
 */
final class BitWriter extends FixedWidthWriter {
  BitWriter(String name, DataType type, FieldVector vector) {
    super(name, type, vector);
  }

  @Override
  void plain(TsBlockReader in, int row, int n) {
    int flags = in.nullFlags(n);
    int values = in.p;
    in.skip(NullFlags.byteCount(n), "column '" + name + "': " + n + " BOOLEAN values");
    ArrowBits.values(data, row, in.a, values, flags, n);
    ArrowBits.validity(validity, row, in.a, flags, n);
  }

  @Override
  void constant(byte[] a, int loc, int row, int n) {
    ArrowBits.fill(data, row, n, loc >= 0 && bit(a, loc));
    ArrowBits.fill(validity, row, n, loc >= 0);
  }

  @Override
  void located(byte[] a, int[] loc, int row, int n) {
    for (int i = 0; i < n; i++) {
      int at = loc[i];
      ArrowBits.put(data, (long) row + i, at >= 0 && bit(a, at) ? 1 : 0, 1);
      ArrowBits.put(validity, (long) row + i, at < 0 ? 0 : 1, 1);
    }
  }

  @Override
  void finish(int rows) {
    ArrowBits.clearTail(data, rows);
    super.finish(rows);
  }

  /** The boolean at a bit location ({@link ValueLocator}: byte index * 8 + bit, MSB first). */
  private static boolean bit(byte[] a, int loc) {
    return (a[loc >>> 3] & (0x80 >>> (loc & 7))) != 0;
  }
}
