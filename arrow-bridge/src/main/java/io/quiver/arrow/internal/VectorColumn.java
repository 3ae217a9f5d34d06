package io.quiver.arrow.internal;

import io.quiver.client.InvalidBatchException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * One Arrow vector read as a column of a tablet: its name, the row count fixed when the tablet was
 * built, and the once-per-column checks that make reading its buffers by address safe.
 *
 * <p>The vector is read only while a batch is written, and its buffers are fetched afresh each
 * time; the checks here turn a vector that was changed or cleared after the tablet was built into
 * an {@link InvalidBatchException} rather than a read outside Arrow memory.
 */
public abstract class VectorColumn {
  private final String table;
  private final String name;
  protected final FieldVector vector;
  protected final int rows;

  protected VectorColumn(String table, String name, FieldVector vector, int rows) {
    this.table = table;
    this.name = name;
    this.vector = vector;
    this.rows = rows;
  }

  /** The column's name, as the Arrow field spells it. */
  public final String name() {
    return name;
  }

  /** An error naming this column, and the row if {@code row >= 0}. */
  protected final InvalidBatchException invalid(long row, String what) {
    return Errors.invalid(table, name, row, what);
  }

  /** Checks that the vector still holds the rows it held when the tablet was built. */
  protected final void checkValueCount() {
    int count = vector.getValueCount();
    if (count != rows) {
      throw invalid(-1, "the vector holds " + count + " values but the ArrowTablet was built for "
          + rows + " rows; do not change the root between build() and insert()");
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
      throw invalid(-1, "its " + what + " buffer holds " + capacity + " bytes but " + rows
          + " rows need " + bytes + "; the vector is malformed, or was cleared or changed after"
          + " build()");
    }
    return buffer == null ? 0 : buffer.memoryAddress();
  }

  /** The address of the validity buffer, checked to hold a bit per row. */
  protected final long validityAddress() {
    checkValueCount();
    return address(vector.getValidityBuffer(), Bits.byteCount(rows), "validity");
  }
}
