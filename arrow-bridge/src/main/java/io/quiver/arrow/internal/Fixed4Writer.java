package io.quiver.arrow.internal;

import io.quiver.client.internal.tsblock.NullFlags;
import io.quiver.client.internal.tsblock.TsBlockReader;
import io.quiver.client.DataType;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;

/**
 * INT32 (Int), FLOAT (Float4: the same IEEE-754 bits) and DATE (DateDay): TsBlock INT32_ARRAY
 * values, 4 bytes big-endian per non-null position, copied into the vector's little-endian slots;
 * a null slot gets 0. A DATE arrives as the int yyyymmdd and is written as days since 1970-01-01;
 * an int that is no date fails the fetch naming the row ({@link CivilDate#epochDay(int)}).
 */
final class Fixed4Writer extends FixedWidthWriter {
  private final boolean date;

  Fixed4Writer(String name, DataType type, FieldVector vector) {
    super(name, type, vector);
    this.date = type == DataType.DATE;
  }

  private int day(int yyyymmdd, int row) {
    int d = CivilDate.epochDay(yyyymmdd);
    if (d == CivilDate.NOT_A_DATE) {
      throw error(row, "the server sent the DATE value " + yyyymmdd + ", which is not a date yyyymmdd (IoTDB"
          + " stores any int sent through insertTablet)");
    }
    return d;
  }

  @Override
  void plain(TsBlockReader in, int row, int n) {
    int flags = in.nullFlags(n);
    byte[] a = in.a;
    int nonNull = NullFlags.nonNull(a, flags, n);
    in.require(4L * nonNull, "column '" + name + "': " + nonNull + " INT32 values");
    int p = in.p;
    long dst = data + ((long) row << 2);
    if (flags < 0 && !date) {
      for (int i = 0; i < n; i++) {
        MemoryUtil.putInt(dst + ((long) i << 2), (int) TsBlockReader.INT_BE.get(a, p + (i << 2)));
      }
    } else if (flags < 0) {
      for (int i = 0; i < n; i++) {
        MemoryUtil.putInt(dst + ((long) i << 2), day((int) TsBlockReader.INT_BE.get(a, p + (i << 2)), row + i));
      }
    } else {
      int q = p;
      for (int j = 0; j < n; j += 8) {
        int f = a[flags + (j >>> 3)] & 0xFF;
        int count = Math.min(8, n - j);
        long at = dst + ((long) j << 2);
        for (int t = 0; t < count; t++) {
          int v = 0;
          if ((f & (0x80 >>> t)) == 0) {
            v = (int) TsBlockReader.INT_BE.get(a, q);
            q += 4;
            if (date) {
              v = day(v, row + j + t);
            }
          }
          MemoryUtil.putInt(at + ((long) t << 2), v);
        }
      }
    }
    ArrowBits.validity(validity, row, a, flags, n);
    in.p = p + (nonNull << 2);
  }

  @Override
  void constant(byte[] a, int loc, int row, int n) {
    int v = 0;
    if (loc >= 0) {
      v = (int) TsBlockReader.INT_BE.get(a, loc);
      if (date) {
        v = day(v, row);
      }
    }
    long dst = data + ((long) row << 2);
    for (int i = 0; i < n; i++) {
      MemoryUtil.putInt(dst + ((long) i << 2), v);
    }
    ArrowBits.fill(validity, row, n, loc >= 0);
  }

  @Override
  void located(byte[] a, int[] loc, int row, int n) {
    long dst = data + ((long) row << 2);
    for (int i = 0; i < n; i++) {
      int at = loc[i];
      int v = 0;
      if (at >= 0) {
        v = (int) TsBlockReader.INT_BE.get(a, at);
        if (date) {
          v = day(v, row + i);
        }
      }
      MemoryUtil.putInt(dst + ((long) i << 2), v);
      ArrowBits.put(validity, (long) row + i, at < 0 ? 0 : 1, 1);
    }
  }
}
