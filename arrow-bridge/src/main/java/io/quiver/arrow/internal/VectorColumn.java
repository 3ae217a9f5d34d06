package io.quiver.arrow.internal;

import io.quiver.client.InvalidBatchException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * One Arrow vector read as a column of a tablet: its name, the rows it covers (fixed when the
 * tablet was built), and the once-per-column checks that make reading its buffers by address safe.
 *
 * <h2>Row ranges</h2>
 *
 * A column covers rows {@code [firstRow, firstRow + rows)} of its vector: all of them as built,
 * or a range of them after {@link #VectorColumn(VectorColumn, int, int)} (what {@code
 * ArrowTablet.rows} uses to split a batch). {@code firstRow} is a multiple of 64, so the range's
 * validity starts on a whole 64-bit word of the validity buffer and is read like that of a vector
 * of {@code rows} rows. Subclasses read row {@code r} of the range (0-based) at the addresses
 * {@link #validityAddress()} and {@link #dataAddress} return, which already point at the range's
 * first row; every row a subclass names in an error is relative to the range and is reported
 * relative to the vector ({@code firstRow + r}), so the user finds it in the root.
 *
 * <p>The vector is read only while a batch is written, and its buffers are fetched afresh each
 * time; the checks here turn a vector that was changed or cleared after the tablet was built into
 * an {@link InvalidBatchException} rather than a read outside Arrow memory.
 */
abstract class VectorColumn {
  private final String table;
  private final String name;
  protected final FieldVector vector;
  /** The vector's value count when the tablet was built: the root's row count. */
  private final int valueCount;
  /** The vector's row that is row 0 of this column; a multiple of 64. */
  protected final int firstRow;
  /** The number of rows this column covers. */
  protected final int rows;

  /** A column over all {@code rows} rows of the vector. */
  protected VectorColumn(String table, String name, FieldVector vector, int rows) {
    this.table = table;
    this.name = name;
    this.vector = vector;
    this.valueCount = rows;
    this.firstRow = 0;
    this.rows = rows;
  }

  /**
   * A column over rows {@code [from, from + rows)} of {@code whole} (counted from its first row).
   *
   * @throws IllegalArgumentException if the range is not inside {@code whole}, or {@code from} is
   *     not a multiple of 64
   */
  protected VectorColumn(VectorColumn whole, int from, int rows) {
    if (from < 0 || rows < 0 || from > whole.rows - rows || (from & 63) != 0) {
      throw new IllegalArgumentException("rows [" + from + ", " + ((long) from + rows)
          + ") of column '" + whole.name + "' (" + whole.rows + " rows): the range must lie inside"
          + " the column and start at a multiple of 64");
    }
    this.table = whole.table;
    this.name = whole.name;
    this.vector = whole.vector;
    this.valueCount = whole.valueCount;
    this.firstRow = whole.firstRow + from;
    this.rows = rows;
  }

  /** The column's name, as the Arrow field spells it. */
  public final String name() {
    return name;
  }

  /** The vector's row that is this column's row 0 (0 unless the column is a range). */
  public final int firstRow() {
    return firstRow;
  }

  /**
   * An error naming this column, and the row if {@code row >= 0}; {@code row} is counted from this
   * column's first row and reported as the vector's row.
   */
  protected final InvalidBatchException invalid(long row, String what) {
    return Errors.invalid(table, name, row < 0 ? row : firstRow + row, what);
  }

  /** Checks that the vector still holds the rows it held when the tablet was built. */
  protected final void checkValueCount() {
    int count = vector.getValueCount();
    if (count != valueCount) {
      throw invalid(-1, "the vector holds " + count + " values but the ArrowTablet was built for "
          + valueCount + " rows; do not change the root between build() and insert()");
    }
  }

  /**
   * The address of {@code buffer} after checking that it holds at least {@code bytes} bytes.
   *
   * @param what the buffer's role, for the message ("validity", "offset", "data")
   */
  protected final long address(ArrowBuf buffer, long bytes, String what) {
    long capacity = buffer == null ? 0 : buffer.capacity();
    if (capacity < bytes) {
      throw invalid(-1, "its " + what + " buffer holds " + capacity + " bytes but "
          + (firstRow + rows) + " rows need " + bytes + "; the vector is malformed, or was cleared"
          + " or changed after build()");
    }
    return buffer == null ? 0 : buffer.memoryAddress();
  }

  /**
   * The address of this column's first row in a buffer of {@code width} bytes per row, after
   * checking that the buffer holds every row up to the column's last.
   */
  protected final long dataAddress(ArrowBuf buffer, int width, String what) {
    return address(buffer, (long) width * (firstRow + rows), what) + (long) width * firstRow;
  }

  /**
   * The address of this column's first row in a bit buffer (a row per bit), after checking that
   * the buffer holds every row up to the column's last. The first row is a multiple of 64, so the
   * address is that of a whole 64-bit word.
   */
  protected final long bitsAddress(ArrowBuf buffer, String what) {
    return address(buffer, Bits.byteCount(firstRow + rows), what) + (firstRow >>> 3);
  }

  /** The address of the validity of this column's first row, checked to hold a bit per row. */
  protected final long validityAddress() {
    checkValueCount();
    return bitsAddress(vector.getValidityBuffer(), "validity");
  }
}
