package io.quiver.arrow.internal;

import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.TimeUnit;

/**
 * Timestamp (any unit, with or without a time zone: the values count from the UTC epoch either
 * way) → TIMESTAMP, converted to the server's precision (see {@link TimeScale}).
 *
 * <p>Wire layout: {@code rows} big-endian int64 counts of the server's precision, 0 in null slots.
 */
final class TimestampEncoder extends ColumnEncoder {
  private final long unitNanos;

  public TimestampEncoder(String table, String name, FieldVector vector, int rows, TimeUnit unit) {
    super(table, name, vector, rows, DataType.TIMESTAMP);
    this.unitNanos = TimeScale.nanos(unit);
  }

  private TimestampEncoder(TimestampEncoder whole, int from, int rows) {
    super(whole, from, rows);
    this.unitNanos = whole.unitNanos;
  }

  @Override
  public TimestampEncoder withRows(int from, int rows) {
    return new TimestampEncoder(this, from, rows);
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
    TimeScale.write(src, valid, rows, out.array(), out.position(), unitNanos, precision, this);
    out.advance((int) size);
  }
}
