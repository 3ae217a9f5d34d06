package io.quiver.arrow.internal;

import io.quiver.client.spi.BigEndian;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;

/**
 * Integers narrower than an IoTDB type, widened without loss: Int8 and Int16 (sign-extended) and
 * UInt1 and UInt2 (zero-extended) to INT32; UInt4 (zero-extended) to INT64.
 *
 * <p>Wire layout: {@code rows} big-endian int32 (or int64 for UInt4) values, 0 in null slots.
 */
final class WideningEncoder extends ColumnEncoder {
  /** The Arrow source layouts this encoder widens. */
  public enum Source {
    INT8(1, DataType.INT32),
    INT16(2, DataType.INT32),
    UINT8(1, DataType.INT32),
    UINT16(2, DataType.INT32),
    UINT32(4, DataType.INT64);

    final int width;
    final DataType target;

    Source(int width, DataType target) {
      this.width = width;
      this.target = target;
    }

    /** The IoTDB type values of this source are sent as. */
    public DataType target() {
      return target;
    }
  }

  private final Source source;

  public WideningEncoder(String table, String name, FieldVector vector, int rows, Source source) {
    super(table, name, vector, rows, source.target);
    this.source = source;
  }

  private WideningEncoder(WideningEncoder whole, int from, int rows) {
    super(whole, from, rows);
    this.source = whole.source;
  }

  @Override
  public WideningEncoder withRows(int from, int rows) {
    return new WideningEncoder(this, from, rows);
  }

  @Override
  public long valuesSize() {
    return (long) source.target.fixedWidth() * rows;
  }

  @Override
  public void writeValues(WireBuffer out, TimePrecision precision) {
    long size = (long) source.target.fixedWidth() * rows;
    out.ensureRemaining(size);
    if (rows == 0) {
      return;
    }
    long valid = validityAddress();
    long src = dataAddress(vector.getDataBuffer(), source.width, "data");
    byte[] dst = out.array();
    int pos = out.position();
    switch (source) {
      case INT8:
        int8(src, valid, rows, dst, pos);
        break;
      case INT16:
        int16(src, valid, rows, dst, pos);
        break;
      case UINT8:
        uint8(src, valid, rows, dst, pos);
        break;
      case UINT16:
        uint16(src, valid, rows, dst, pos);
        break;
      default:
        uint32(src, valid, rows, dst, pos);
        break;
    }
    out.advance((int) size);
  }

  private static void int8(long src, long valid, int rows, byte[] dst, int pos) {
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(valid, rows, k);
      for (int j = 0; j < n; j++) {
        int keep = -(int) ((w >>> j) & 1L);
        int v = MemoryUtil.getByte(src + first + j);
        BigEndian.INT.set(dst, pos + ((first + j) << 2), v & keep);
      }
    }
  }

  private static void uint8(long src, long valid, int rows, byte[] dst, int pos) {
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(valid, rows, k);
      for (int j = 0; j < n; j++) {
        int keep = -(int) ((w >>> j) & 1L);
        int v = MemoryUtil.getByte(src + first + j) & 0xFF;
        BigEndian.INT.set(dst, pos + ((first + j) << 2), v & keep);
      }
    }
  }

  private static void int16(long src, long valid, int rows, byte[] dst, int pos) {
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(valid, rows, k);
      for (int j = 0; j < n; j++) {
        int keep = -(int) ((w >>> j) & 1L);
        int v = MemoryUtil.getShort(src + ((long) (first + j) << 1));
        BigEndian.INT.set(dst, pos + ((first + j) << 2), v & keep);
      }
    }
  }

  private static void uint16(long src, long valid, int rows, byte[] dst, int pos) {
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(valid, rows, k);
      for (int j = 0; j < n; j++) {
        int keep = -(int) ((w >>> j) & 1L);
        int v = MemoryUtil.getShort(src + ((long) (first + j) << 1)) & 0xFFFF;
        BigEndian.INT.set(dst, pos + ((first + j) << 2), v & keep);
      }
    }
  }

  private static void uint32(long src, long valid, int rows, byte[] dst, int pos) {
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(valid, rows, k);
      for (int j = 0; j < n; j++) {
        long keep = -((w >>> j) & 1L);
        long v = MemoryUtil.getInt(src + ((long) (first + j) << 2)) & 0xFFFF_FFFFL;
        BigEndian.LONG.set(dst, pos + ((first + j) << 3), v & keep);
      }
    }
  }
}
