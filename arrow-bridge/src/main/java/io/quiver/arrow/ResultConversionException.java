package io.quiver.arrow;

import io.quiver.client.QuiverException;

/**
 * A query result could not be turned into Arrow vectors: the server sent a value Arrow cannot
 * hold as mapped (a DATE that is no calendar date, which IoTDB stores when it arrives through a raw
 * {@code insertTablet}), more than Arrow's 2 GiB of text or binary values in one vector, or bytes
 * that are not a well-formed TsBlock. The message names the column and, where there is one, the
 * row (0-based, counted from the first row of the result). Not retryable: the same query returns
 * the same data.
 */
public class ResultConversionException extends QuiverException {
  private static final long serialVersionUID = 1L;

  private final String column;
  private final long row;

  public ResultConversionException(String message, String column, long row) {
    this(message, column, row, null);
  }

  public ResultConversionException(String message, String column, long row, Throwable cause) {
    super(message, false, cause);
    this.column = column;
    this.row = row;
  }

  /** The output column, or null if the problem is not in one column. */
  public String column() {
    return column;
  }

  /** The row of the result (0-based), or -1 if the problem is not in one row. */
  public long row() {
    return row;
  }
}
