package io.quiver.client.internal.tree;

import io.quiver.client.DataType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reorders the rows of a values section already written into a frame, in place: the slow path for
 * a device whose rows were not given in time order (see {@link TimeOrder}).
 *
 * <p>It reads the layout {@code InsertBatch} documents: per column, all rows contiguously
 * (fixed-width values of {@link DataType#fixedWidth()} bytes, or a big-endian int32 length then
 * the bytes), then, if anything follows, per column a marker byte and, after a marker 1, {@code
 * rows / 8 + 1} bytes of null bitmap, least significant bit first. The reordered section has the
 * same size; the null bitmaps move with their rows (the Python client's sort leaves them behind).
 */
final class ValuesReorder {
  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private ValuesReorder() {}

  /**
   * Rewrites {@code length} bytes at {@code offset} of {@code bytes}, the values section of {@code
   * order.length} rows of these column types, with row {@code order[i]} at position {@code i}.
   *
   * @throws IllegalStateException if the section does not have the documented layout (a bug in
   *     the batch that wrote it)
   */
  static void apply(byte[] bytes, int offset, int length, DataType[] types, int[] order) {
    int rows = order.length;
    byte[] src = Arrays.copyOfRange(bytes, offset, offset + length);
    int in = 0;
    int out = offset;
    int[] starts = new int[rows];
    for (DataType type : types) {
      if (!type.isVariableWidth()) {
        int w = type.fixedWidth();
        need(in + (long) w * rows, length, type);
        for (int i = 0; i < rows; i++) {
          System.arraycopy(src, in + w * order[i], bytes, out, w);
          out += w;
        }
        in += w * rows;
        continue;
      }
      for (int r = 0; r < rows; r++) {
        need(in + 4L, length, type);
        starts[r] = in;
        int len = (int) INT_BE.get(src, in);
        need(in + 4L + len, length, type);
        in += 4 + len;
      }
      for (int i = 0; i < rows; i++) {
        int s = starts[order[i]];
        int n = 4 + (int) INT_BE.get(src, s);
        System.arraycopy(src, s, bytes, out, n);
        out += n;
      }
    }
    if (in == length) {
      return;
    }
    int bitmapBytes = rows / 8 + 1;
    for (DataType type : types) {
      need(in + 1L, length, type);
      byte marker = src[in++];
      bytes[out++] = marker;
      if (marker == 0) {
        continue;
      }
      need(in + (long) bitmapBytes, length, type);
      Arrays.fill(bytes, out, out + bitmapBytes, (byte) 0);
      for (int i = 0; i < rows; i++) {
        int r = order[i];
        if ((src[in + (r >>> 3)] & (1 << (r & 7))) != 0) {
          bytes[out + (i >>> 3)] |= (byte) (1 << (i & 7));
        }
      }
      in += bitmapBytes;
      out += bitmapBytes;
    }
    if (in != length) {
      throw new IllegalStateException("the values section has " + (length - in)
          + " bytes after its null bitmaps; the batch does not write the documented layout");
    }
  }

  private static void need(long end, int length, DataType type) {
    if (end > length) {
      throw new IllegalStateException("the values section ends inside a " + type
          + " column; the batch does not write the documented layout");
    }
  }
}
