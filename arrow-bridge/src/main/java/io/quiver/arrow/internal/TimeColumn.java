package io.quiver.arrow.internal;

import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.TimeUnit;

/**
 * The time column of a tablet: a Timestamp vector (any unit, with or without a zone), converted to
 * the server's precision, or an Int64 vector taken as already in it.
 *
 * <p>Wire layout ({@code TSInsertTabletReq.timestamps}): {@code rows} big-endian int64 counts of
 * the server's precision, in row order. A null time fails the batch naming its row.
 */
final class TimeColumn extends VectorColumn {
  /** Nanoseconds per source unit, or 0 for an Int64 column in the server's precision. */
  private final long unitNanos;

  /**
   * @param unit the Timestamp unit, or null for an Int64 column already in the server's precision
   */
  public TimeColumn(String table, String name, FieldVector vector, int rows, TimeUnit unit) {
    super(table, name, vector, rows);
    this.unitNanos = unit == null ? 0 : TimeScale.nanos(unit);
  }

  private TimeColumn(TimeColumn whole, int from, int rows) {
    super(whole, from, rows);
    this.unitNanos = whole.unitNanos;
  }

  /**
   * The time column of rows {@code [from, from + rows)} of this one, over the same vector (see
   * {@link VectorColumn}).
   *
   * @param from counted from this column's first row; a multiple of 64
   * @throws IllegalArgumentException if the range is not inside this column's rows, or {@code
   *     from} is not a multiple of 64
   */
  public TimeColumn withRows(int from, int rows) {
    return new TimeColumn(this, from, rows);
  }

  /**
   * Writes the time of every row.
   *
   * @throws io.quiver.client.InvalidBatchException naming the row of a null time, or of a time
   *     that overflows when converted to the server's precision
   */
  public void writeTimestamps(WireBuffer out, TimePrecision precision) {
    long size = 8L * rows;
    out.ensureRemaining(size);
    if (rows == 0) {
      return;
    }
    long valid = validityAddress();
    int firstNull = Bits.firstZero(valid, rows);
    if (firstNull >= 0) {
      throw invalid(firstNull, "the time is null; every row needs a time");
    }
    long src = dataAddress(vector.getDataBuffer(), 8, "data");
    long srcNanos = unitNanos == 0 ? TimeScale.nanos(precision) : unitNanos;
    TimeScale.write(src, valid, rows, out.array(), out.position(), srcNanos, precision, this);
    out.advance((int) size);
  }
}
