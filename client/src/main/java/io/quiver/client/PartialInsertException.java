package io.quiver.client;

/**
 * An insert that the session sent in several requests failed part-way: some rows of the batch
 * were written and acknowledged ({@link #acknowledgedRows()}), the rest were not. A batch is sent
 * in several requests when it is larger than the server's frame limit (consecutive row ranges)
 * or, with redirection, when its devices live on several DataNodes (one request per node). Sending
 * the whole batch again is safe (rows with equal time and tags overwrite); so is sending only the
 * rows after {@link #acknowledgedPrefixRows()}. The cause ({@link #getCause()}) is the failure of
 * the first request that did not succeed, a {@link ConnectionException} or {@link
 * StatementException}; this exception is retryable exactly when that cause is.
 *
 * <p>It is not a subtype of its cause's type: {@code catch (ConnectionException e)} does not catch
 * it. Catch {@code PartialInsertException} before the others (its counts tell what to resend), or
 * catch {@link QuiverException} and ask {@link #isRetryable()}.
 */
public class PartialInsertException extends QuiverException {
  private static final long serialVersionUID = 1L;

  private final long acknowledgedRows;
  private final long acknowledgedPrefixRows;
  private final long totalRows;

  public PartialInsertException(String table, long acknowledgedRows, long totalRows, QuiverException cause) {
    this(table, acknowledgedRows, acknowledgedRows, totalRows, "", cause);
  }

  /**
   * As above, with the rows acknowledged from the batch's start (all of {@code acknowledgedRows}
   * when the requests were consecutive row ranges, fewer when they were cut per node); {@code
   * tries} (e.g. " after 4 tries in 3.5 s", or empty) is added to the message.
   */
  public PartialInsertException(String table, long acknowledgedRows, long acknowledgedPrefixRows, long totalRows,
      String tries, QuiverException cause) {
    super("insert " + totalRows + " rows into table '" + table + "' failed (" + acknowledgedRows + " of " + totalRows
        + " rows acknowledged, " + (totalRows - acknowledgedRows) + " not acknowledged" + tries + "; the batch was"
        + " sent in several requests"
        + (acknowledgedPrefixRows == acknowledgedRows
            ? ", and its first " + acknowledgedRows + " rows were written"
            : ", the rows of the devices led by some nodes were written, and the first " + acknowledgedPrefixRows
                + " rows of the batch all were")
        + "): " + cause.getMessage(), cause.isRetryable(), cause);
    this.acknowledgedRows = acknowledgedRows;
    this.acknowledgedPrefixRows = acknowledgedPrefixRows;
    this.totalRows = totalRows;
  }

  /** Rows of the batch that the server acknowledged. */
  public long acknowledgedRows() {
    return acknowledgedRows;
  }

  /** Rows from the batch's start that the server all acknowledged: a resume may start after them. */
  public long acknowledgedPrefixRows() {
    return acknowledgedPrefixRows;
  }

  /** Rows in the batch. */
  public long totalRows() {
    return totalRows;
  }
}
