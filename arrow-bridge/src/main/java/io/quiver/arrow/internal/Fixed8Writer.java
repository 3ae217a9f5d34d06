package io.quiver.arrow.internal;

import io.quiver.client.internal.tsblock.NullFlags;
import io.quiver.client.internal.tsblock.TsBlockReader;
import io.quiver.client.DataType;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;

/**
 * INT64 (BigInt), TIMESTAMP (TimeStamp in the server's precision: the same count) and DOUBLE
 * (Float8: the same IEEE-754 bits): TsBlock INT64_ARRAY values, 8 bytes big-endian per non-null
 * position, copied into the vector's little-endian slots; a null slot gets 0.
 */
class Fixed8Writer extends FixedWidthWriter {
  Fixed8Writer(String name, DataType type, FieldVector vector) {
    super(name, type, vector);
  }

  @Override
  void plain(TsBlockReader in, int row, int n) {
    int flags = in.nullFlags(n);
    byte[] a = in.a;
    int nonNull = NullFlags.nonNull(a, flags, n);
    in.require(8L * nonNull, "column '" + name + "': " + nonNull + " INT64 values");
    int p = in.p;
    long dst = data + ((long) row << 3);
    if (flags < 0) {
      for (int i = 0; i < n; i++) {
        MemoryUtil.putLong(dst + ((long) i << 3), (long) TsBlockReader.LONG_BE.get(a, p + (i << 3)));
      }
    } else {
      int q = p;
      for (int j = 0; j < n; j += 8) {
        int f = a[flags + (j >>> 3)] & 0xFF;
        int count = Math.min(8, n - j);
        long at = dst + ((long) j << 3);
        for (int t = 0; t < count; t++) {
          long v = 0;
          if ((f & (0x80 >>> t)) == 0) {
            v = (long) TsBlockReader.LONG_BE.get(a, q);
            q += 8;
          }
          MemoryUtil.putLong(at + ((long) t << 3), v);
        }
      }
    }
    ArrowBits.validity(validity, row, a, flags, n);
    in.p = p + (nonNull << 3);
  }

  @Override
  void constant(byte[] a, int loc, int row, int n) {
    long v = loc < 0 ? 0 : (long) TsBlockReader.LONG_BE.get(a, loc);
    long dst = data + ((long) row << 3);
    for (int i = 0; i < n; i++) {
      MemoryUtil.putLong(dst + ((long) i << 3), v);
    }
    ArrowBits.fill(validity, row, n, loc >= 0);
  }

  @Override
  void located(byte[] a, int[] loc, int row, int n) {
    long dst = data + ((long) row << 3);
    for (int i = 0; i < n; i++) {
      int at = loc[i];
      MemoryUtil.putLong(dst + ((long) i << 3), at < 0 ? 0 : (long) TsBlockReader.LONG_BE.get(a, at));
      ArrowBits.put(validity, (long) row + i, at < 0 ? 0 : 1, 1);
    }
  }
}
