package io.quiver.client.spi;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;

/**
 * A batch of rows for one table that writes itself into an IoTDB insert request. This is the
 * extension point through which a columnar batch (such as the Arrow bridge's {@code ArrowTablet})
 * reaches {@code TableSession.insert} without the client knowing its format.
 *
 * <h2>What a batch writes</h2>
 *
 * <p>{@link #writeTimestamps} writes {@code rowCount()} big-endian int64 times in the server's
 * precision, exactly {@code 8 * rowCount()} bytes. {@link #writeValues} writes exactly {@link
 * #valuesSize()} bytes, the layout IoTDB reads from {@code TSInsertTabletReq.values}:
 *
 * <ol>
 *   <li>for each column, in column order, all rows contiguously: fixed-width types as big-endian
 *       values of {@link DataType#fixedWidth()} bytes (BOOLEAN as exactly 0 or 1, DATE as the int
 *       yyyymmdd); TEXT, STRING and BLOB as a big-endian int32 length then the bytes. A null row
 *       still takes its slot (any placeholder; zero-length for the variable-width types);
 *   <li>then, only if some column has a null, one entry per column: a marker byte 0 (no nulls) or
 *       1 followed by {@code rowCount / 8 + 1} bytes of null bitmap, least significant bit first,
 *       bit set = null. Nothing may follow: the server reads any trailing bytes as bitmaps.
 * </ol>
 *
 * <p>A batch detects bad data (a null time, an out-of-range value) while writing and throws {@code
 * InvalidBatchException}; the session then discards the partly written frame, so nothing is sent.
 * A batch must not retain the buffer after a call returns.
 */
public interface InsertBatch {

  /** The table the rows go to. */
  String tableName();

  /** The number of rows. */
  int rowCount();

  /** The number of columns, the time column excluded. */
  int columnCount();

  /** The name of column {@code i}. */
  String columnName(int i);

  /** The IoTDB type of column {@code i}. */
  DataType dataType(int i);

  /** The category of column {@code i}. */
  ColumnCategory category(int i);

  /** The exact number of bytes {@link #writeValues} will write. */
  long valuesSize();

  /** Writes the times of all rows, converted to the server's precision. */
  void writeTimestamps(WireBuffer out, TimePrecision precision);

  /**
   * A view of rows {@code [from, to)} of this batch, writing exactly what a batch of those rows
   * alone would write. The session uses it to split a batch whose request would exceed the largest
   * frame the server accepts. {@code from} is always a multiple of 64 (so validity bitmaps split on
   * whole 64-bit words). The view shares the batch's data and copies nothing.
   *
   * @throws UnsupportedOperationException if the batch cannot be split (the default); the session
   *     then reports that the batch is too large for one request
   */
  default InsertBatch rows(int from, int to) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot be split into row ranges");
  }

  /**
   * Writes the column values and the null-bitmap section; TIMESTAMP columns in the server's
   * precision.
   */
  void writeValues(WireBuffer out, TimePrecision precision);
}
