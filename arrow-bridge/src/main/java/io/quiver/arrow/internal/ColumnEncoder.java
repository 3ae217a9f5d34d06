package io.quiver.arrow.internal;

import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import org.apache.arrow.vector.FieldVector;

/**
 * Writes one Arrow vector as one column of an IoTDB insert request's {@code values}: all rows of
 * the column, contiguous, big-endian (see {@link io.quiver.client.spi.InsertBatch}), and, when the
 * batch has a null-bitmap section, the column's entry in it.
 *
 * <h2>Copies</h2>
 *
 * Each value byte is copied once before the kernel: from the Arrow buffer (little-endian, off-heap)
 * into the session's request frame array, swapped to big-endian on the way (for strings and
 * binaries the bytes are copied as they are, after a 4-byte big-endian length taken from the
 * offsets). The frame array then goes to the socket in one write (JDK and kernel copies). The
 * swap is what forces the one copy: IoTDB reads big-endian and Arrow memory is little-endian.
 *
 * <h2>Null slots</h2>
 *
 * A null row still takes its slot, and encoders write the same placeholder as the row {@code
 * Tablet} whatever the Arrow slot holds: zero bytes for the fixed-width types (0, 0.0, false, DATE
 * 0), a zero length and no bytes for STRING, TEXT and BLOB. Checked conversions (unsigned ranges,
 * dates, time units) are not applied to null slots, so garbage under a null never fails a batch.
 *
 * <p>An encoder is made once per column by {@code ArrowTablet.build()} and reads the vector each
 * time it writes; it allocates nothing per write. {@link #withRows} derives an encoder of a range
 * of its rows (see {@link VectorColumn}), which writes exactly what an encoder over a vector of
 * only those rows would.
 */
abstract class ColumnEncoder extends VectorColumn {
  private final DataType type;

  protected ColumnEncoder(String table, String name, FieldVector vector, int rows, DataType type) {
    super(table, name, vector, rows);
    this.type = type;
  }

  /** An encoder of rows {@code [from, from + rows)} of {@code whole}; see {@link #withRows}. */
  protected ColumnEncoder(ColumnEncoder whole, int from, int rows) {
    super(whole, from, rows);
    this.type = whole.type;
  }

  /**
   * An encoder of rows {@code [from, from + rows)} of this one, over the same vector: it copies
   * nothing, and writes what this encoder would write for a vector holding only those rows.
   *
   * @param from the range's first row, counted from this encoder's first row; a multiple of 64
   * @throws IllegalArgumentException if the range is not inside this encoder's rows, or {@code
   *     from} is not a multiple of 64
   */
  public abstract ColumnEncoder withRows(int from, int rows);

  /** The IoTDB type the column is sent as. */
  public final DataType dataType() {
    return type;
  }

  /** The exact number of bytes {@link #writeValues} writes (the bitmap entry excluded). */
  public abstract long valuesSize();

  /**
   * Writes all rows of the column at the buffer's position, growing it as needed.
   *
   * @param precision the server's time precision, for TIMESTAMP columns
   * @throws io.quiver.client.InvalidBatchException naming the column and row of a value IoTDB
   *     cannot take, or a vector changed since the tablet was built
   */
  public abstract void writeValues(WireBuffer out, TimePrecision precision);

  /** True if some row of the column is null. */
  public boolean hasNulls() {
    return rows > 0 && Bits.firstZero(validityAddress(), rows) >= 0;
  }

  /** Writes the column's null bitmap ({@link NullBitmap#sizeInBytes} bytes), no marker. */
  public void writeNullBitmap(WireBuffer out) {
    NullBitmap.write(out, validityAddress(), rows);
  }
}
