package io.quiver.arrow.internal;

import io.quiver.client.spi.BigEndian;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;

/**
 * DateDay (int32 days since the epoch) and DateMilli (int64 milliseconds since the epoch, floored
 * to the day) → DATE, the int yyyymmdd.
 *
 * <p>Wire layout: {@code rows} big-endian int32 yyyymmdd values, 0 in null slots.
 *
 * <p>IoTDB's insert path does not validate dates (a year 999 or 10000 is stored, and then breaks
 * every query that returns it), so a date outside the years 1000 to 9999 fails the batch naming
 * its row, as the official Java client does.
 */
final class DateEncoder extends ColumnEncoder {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final boolean millis;

  /**
   * @param millis true for DateMilli, false for DateDay
   */
  public DateEncoder(String table, String name, FieldVector vector, int rows, boolean millis) {
    super(table, name, vector, rows, DataType.DATE);
    this.millis = millis;
  }

  private DateEncoder(DateEncoder whole, int from, int rows) {
    super(whole, from, rows);
    this.millis = whole.millis;
  }

  @Override
  public DateEncoder withRows(int from, int rows) {
    return new DateEncoder(this, from, rows);
  }

  @Override
  public long valuesSize() {
    return 4L * rows;
  }

  @Override
  public void writeValues(WireBuffer out, TimePrecision precision) {
    long size = 4L * rows;
    out.ensureRemaining(size);
    if (rows == 0) {
      return;
    }
    long valid = validityAddress();
    long src = dataAddress(vector.getDataBuffer(), millis ? 8 : 4, "data");
    byte[] dst = out.array();
    int pos = out.position();
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(valid, rows, k);
      for (int j = 0; j < n; j++) {
        long keep = -((w >>> j) & 1L);
        int r = first + j;
        long day = millis
            ? Math.floorDiv(MemoryUtil.getLong(src + ((long) r << 3)) & keep, MILLIS_PER_DAY)
            : MemoryUtil.getInt(src + ((long) r << 2)) & keep;
        if (day < CivilDate.MIN_EPOCH_DAY || day > CivilDate.MAX_EPOCH_DAY) {
          throw invalid(r, "DATE " + CivilDate.describe(day) + " is outside the years 1000 to 9999"
              + " that IoTDB supports (the server does not check, and such a date breaks queries)");
        }
        BigEndian.INT.set(dst, pos + (r << 2), CivilDate.yyyymmdd((int) day) & (int) keep);
      }
    }
    out.advance((int) size);
  }
}
