package io.quiver.client;

/**
 * A tablet or batch cannot be written as it is: a wrong value type, a ragged row, a null timestamp,
 * mismatched column lists, an empty name, an unsupported type, an out-of-range value. Raised before
 * any byte of the request is sent. Not retryable: the data must change.
 */
public class InvalidBatchException extends QuiverException {
  private static final long serialVersionUID = 1L;

  private final String column;
  private final long row;

  /**
   * @param message what is wrong and what to change
   * @param column the column at fault, or null when the fault is not in one column
   * @param row the row index at fault, or -1 when the fault is not in one row
   */
  public InvalidBatchException(String message, String column, long row) {
    super(message, false);
    this.column = column;
    this.row = row;
  }

  /** The column at fault, or null. */
  public String column() {
    return column;
  }

  /** The row index at fault, or -1. */
  public long row() {
    return row;
  }
}
