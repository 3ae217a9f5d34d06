package io.quiver.arrow.internal;

import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import org.apache.arrow.vector.FieldVector;

/**
 * Bit → BOOLEAN: Arrow's bit-packed values unpacked to one byte per row.
 *
 * <p>Wire layout: {@code rows} bytes, each exactly 1 (true) or 0 (false, and null slots); IoTDB
 * reads only the byte 1 as true. The value bits and validity bits are read 64 rows at a time and
 * ANDed, so a null row writes 0 whatever its value bit.
 */
final class BooleanEncoder extends ColumnEncoder {
  public BooleanEncoder(String table, String name, FieldVector vector, int rows) {
    super(table, name, vector, rows, DataType.BOOLEAN);
  }

  private BooleanEncoder(BooleanEncoder whole, int from, int rows) {
    super(whole, from, rows);
  }

  @Override
  public BooleanEncoder withRows(int from, int rows) {
    return new BooleanEncoder(this, from, rows);
  }

  @Override
  public long valuesSize() {
    return rows;
  }

  @Override
  public void writeValues(WireBuffer out, TimePrecision precision) {
    out.ensureRemaining(rows);
    if (rows == 0) {
      return;
    }
    long valid = validityAddress();
    long values = bitsAddress(vector.getDataBuffer(), "data");
    byte[] dst = out.array();
    int pos = out.position();
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(values, rows, k) & Bits.word(valid, rows, k);
      int d = pos + first;
      for (int j = 0; j < n; j++) {
        dst[d + j] = (byte) ((w >>> j) & 1L);
      }
    }
    out.advance(rows);
  }
}
