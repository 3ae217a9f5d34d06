package io.quiver.arrow.internal;

import io.quiver.client.spi.BigEndian;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;

/**
 * UInt8 (unsigned 64-bit) → INT64, for values up to {@code Long.MAX_VALUE}; a larger value fails
 * the batch naming its row, rather than being sent as a negative number.
 *
 * <p>Wire layout: {@code rows} big-endian int64 values, 0 in null slots.
 */
final class UInt8Encoder extends ColumnEncoder {
  public UInt8Encoder(String table, String name, FieldVector vector, int rows) {
    super(table, name, vector, rows, DataType.INT64);
  }

  private UInt8Encoder(UInt8Encoder whole, int from, int rows) {
    super(whole, from, rows);
  }

  @Override
  public UInt8Encoder withRows(int from, int rows) {
    return new UInt8Encoder(this, from, rows);
  }

  @Override
  public long valuesSize() {
    return 8L * rows;
  }

  @Override
  public void writeValues(WireBuffer out, TimePrecision precision) {
    long size = 8L * rows;
    out.ensureRemaining(size);
    if (rows == 0) {
      return;
    }
    long valid = validityAddress();
    long src = dataAddress(vector.getDataBuffer(), 8, "data");
    byte[] dst = out.array();
    int pos = out.position();
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(valid, rows, k);
      for (int j = 0; j < n; j++) {
        long keep = -((w >>> j) & 1L);
        long v = MemoryUtil.getLong(src + ((long) (first + j) << 3)) & keep;
        if (v < 0) {
          throw invalid(first + j, "UInt8 value " + Long.toUnsignedString(v)
              + " exceeds " + Long.MAX_VALUE + ", the largest INT64; IoTDB has no unsigned 64-bit type");
        }
        BigEndian.LONG.set(dst, pos + ((first + j) << 3), v);
      }
    }
    out.advance((int) size);
  }
}
