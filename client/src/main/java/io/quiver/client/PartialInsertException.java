package io.quiver.client;

/**
 * An insert that the session sent in several requests (because the batch was larger than the
 * server's frame limit) failed part-way: the first {@link #acknowledgedRows()} rows of the batch
 * were written and acknowledged, the rest were not. Sending the whole batch again is safe (rows
 * with equal time and tags overwrite); so is sending only the rest. The cause is the failure of
 * the first request that did not succeed; retryable as that cause is.
 */
public class PartialInsertException extends QuiverException {
  private static final long serialVersionUID = 1L;

  private final long acknowledgedRows;
  private final long totalRows;

  public PartialInsertException(String table, long acknowledgedRows, long totalRows, QuiverException cause) {
    this(table, acknowledgedRows, totalRows, "", cause);
  }

  /** As above; {@code tries} (e.g. " after 4 tries in 3.5 s", or empty) is added to the message. */
  public PartialInsertException(String table, long acknowledgedRows, long totalRows, String tries,
      QuiverException cause) {
    super("insert " + totalRows + " rows into table '" + table + "' failed (" + acknowledgedRows + " of " + totalRows
        + " rows acknowledged, " + (totalRows - acknowledgedRows) + " not acknowledged" + tries + "; the batch was"
        + " sent in parts, as it exceeds the server's frame limit, and the first " + acknowledgedRows + " rows were"
        + " written): " + cause.getMessage(), cause.isRetryable(), cause);
    this.acknowledgedRows = acknowledgedRows;
    this.totalRows = totalRows;
  }

  /** Rows of the batch, from its start, that the server acknowledged. */
  public long acknowledgedRows() {
    return acknowledgedRows;
  }

  /** Rows in the batch. */
  public long totalRows() {
    return totalRows;
  }
}
