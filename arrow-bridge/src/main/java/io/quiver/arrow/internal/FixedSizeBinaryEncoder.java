package io.quiver.arrow.internal;

import io.quiver.client.spi.BigEndian;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;

/**
 * FixedSizeBinary(w) → BLOB.
 *
 * <p>Wire layout, per row: the big-endian int32 {@code w}, then the row's {@code w} bytes; a null
 * row is the length 0 and no bytes.
 */
final class FixedSizeBinaryEncoder extends ColumnEncoder {
  private final int width;

  public FixedSizeBinaryEncoder(String table, String name, FieldVector vector, int rows,
      int width) {
    super(table, name, vector, rows, DataType.BLOB);
    this.width = width;
  }

  private FixedSizeBinaryEncoder(FixedSizeBinaryEncoder whole, int from, int rows) {
    super(whole, from, rows);
    this.width = whole.width;
  }

  @Override
  public FixedSizeBinaryEncoder withRows(int from, int rows) {
    return new FixedSizeBinaryEncoder(this, from, rows);
  }

  @Override
  public long valuesSize() {
    if (rows == 0) {
      return 0;
    }
    int nulls = Bits.zeroCount(validityAddress(), rows);
    return 4L * rows + (long) width * (rows - nulls);
  }

  @Override
  public void writeValues(WireBuffer out, TimePrecision precision) {
    if (rows == 0) {
      return;
    }
    long valid = validityAddress();
    long data = dataAddress(vector.getDataBuffer(), width, "data");
    out.ensureRemaining((4L + width) * rows);
    byte[] dst = out.array();
    int pos = out.position();
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(valid, rows, k);
      for (int j = 0; j < n; j++) {
        int sent = width & -(int) ((w >>> j) & 1L);
        BigEndian.INT.set(dst, pos, sent);
        MemoryUtil.copyFromMemory(data + (long) (first + j) * width, dst, pos + 4, sent);
        pos += 4 + sent;
      }
    }
    out.position(pos);
  }
}
