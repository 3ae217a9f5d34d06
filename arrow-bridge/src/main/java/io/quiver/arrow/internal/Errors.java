package io.quiver.arrow.internal;

import io.quiver.client.InvalidBatchException;

/** Builds the {@link InvalidBatchException}s of the Arrow bridge, all worded the same way. */
public final class Errors {
  private Errors() {}

  /**
   * An error about one column (if {@code column} is not null) and one row (if {@code row >= 0}):
   * "ArrowTablet 't1' column 'x' row 5: what".
   */
  public static InvalidBatchException invalid(String table, String column, long row, String what) {
    StringBuilder m = new StringBuilder("ArrowTablet '").append(table).append('\'');
    if (column != null) {
      m.append(" column '").append(column).append('\'');
    }
    if (row >= 0) {
      m.append(" row ").append(row);
    }
    m.append(": ").append(what);
    return new InvalidBatchException(m.toString(), column, row);
  }
}
