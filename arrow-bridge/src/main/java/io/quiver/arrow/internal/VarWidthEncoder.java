package io.quiver.arrow.internal;

import io.quiver.client.spi.BigEndian;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;

/**
 * Utf8 and Binary (int32 offsets), LargeUtf8 and LargeBinary (int64 offsets) → STRING (or TEXT)
 * and BLOB.
 *
 * <p>Wire layout, per row: the value's byte length as a big-endian int32, then its bytes; a null
 * row is the length 0 and no bytes, whatever its Arrow slot holds. Lengths come from the offsets
 * ({@code offset[r + 1] - offset[r]}), which need not start at 0 (slices, imported data); the
 * bytes are copied in bulk from the data buffer.
 *
 * <p>Bounds are checked once per column ({@code 0 <= offset[0] <= offset[rows] <= data capacity})
 * plus one compare per row that the offsets ascend, which keeps every copy inside {@code
 * [offset[0], offset[rows])}. Short values are moved 8 bytes at a time ({@link ShortCopy}),
 * which may read past a value but never past the data buffer's capacity. The exact size needs only the first and last offsets and the lengths of the null slots.
 */
final class VarWidthEncoder extends ColumnEncoder {
  private final boolean large;
  private final int offsetWidth;

  /**
   * @param type STRING, TEXT or BLOB
   * @param large true for int64 offsets (LargeUtf8, LargeBinary)
   */
  public VarWidthEncoder(String table, String name, FieldVector vector, int rows, DataType type,
      boolean large) {
    super(table, name, vector, rows, type);
    this.large = large;
    this.offsetWidth = large ? 8 : 4;
  }

  private VarWidthEncoder(VarWidthEncoder whole, int from, int rows) {
    super(whole, from, rows);
    this.large = whole.large;
    this.offsetWidth = whole.offsetWidth;
  }

  @Override
  public VarWidthEncoder withRows(int from, int rows) {
    return new VarWidthEncoder(this, from, rows);
  }

  /** The address of the first row's offset, checked to be followed by {@code rows} more. */
  private long offsetsAddress() {
    checkValueCount();
    return address(vector.getOffsetBuffer(), (firstRow + rows + 1L) * offsetWidth, "offset")
        + (long) offsetWidth * firstRow;
  }

  private static long offset(long offsets, int row, boolean large) {
    return large
        ? MemoryUtil.getLong(offsets + ((long) row << 3))
        : MemoryUtil.getInt(offsets + ((long) row << 2));
  }

  @Override
  public long valuesSize() {
    if (rows == 0) {
      return 0;
    }
    long offsets = offsetsAddress();
    long valid = validityAddress();
    long bytes = offset(offsets, rows, large) - offset(offsets, 0, large);
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      long nulls = ~Bits.word(valid, rows, k) & Bits.lowBits(Math.min(64, rows - first));
      while (nulls != 0) {
        int r = first + Long.numberOfTrailingZeros(nulls);
        bytes -= offset(offsets, r + 1, large) - offset(offsets, r, large);
        nulls &= nulls - 1;
      }
    }
    return 4L * rows + bytes;
  }

  @Override
  public void writeValues(WireBuffer out, TimePrecision precision) {
    if (rows == 0) {
      return;
    }
    long offsets = offsetsAddress();
    long valid = validityAddress();
    long start = offset(offsets, 0, large);
    long end = offset(offsets, rows, large);
    if (start < 0 || end < start) {
      throw invalid(-1, "its offsets run from " + start + " to " + end + "; the vector is malformed");
    }
    long data = address(vector.getDataBuffer(), end, "data");
    long dataLimit = data + vector.getDataBuffer().capacity();
    // An upper bound (null slots may hold bytes that are not sent); ascending offsets keep the
    // writes inside it.
    out.ensureRemaining(4L * rows + (end - start));
    byte[] dst = out.array();
    int pos = out.position();
    long s = start;
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(valid, rows, k);
      for (int j = 0; j < n; j++) {
        long e = offset(offsets, first + j + 1, large);
        long len = e - s;
        if (len < 0 || e > end) {
          throw malformed(first + j, s, e, end);
        }
        int sent = (int) (len & -((w >>> j) & 1L));
        BigEndian.INT.set(dst, pos, sent);
        ShortCopy.copy(data + s, dataLimit, dst, pos + 4, sent);
        pos += 4 + sent;
        s = e;
      }
    }
    out.position(pos);
  }

  private RuntimeException malformed(int row, long s, long e, long end) {
    return invalid(row, "its offsets run from " + s + " to " + e + " (the column's end is " + end
        + "); offsets must ascend, the vector is malformed");
  }
}
