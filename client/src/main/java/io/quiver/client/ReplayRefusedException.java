package io.quiver.client;

import java.util.List;

/**
 * After a reconnect, the session re-sent the inserts the previous connection had acknowledged
 * within its replay window (see {@link TableSessionConfig.Builder#replayWindow}), and the server
 * refused some of them for good (say, their table or database was dropped meanwhile, or a column's
 * type changed). Those frames left the window: if the crash lost their rows, they are missing. The
 * other frames were replayed and acknowledged again.
 *
 * <p>The call that triggered the reconnect was not sent; the session is usable, and repeating that
 * call proceeds normally. Not retryable, because the refused rows need a decision: {@link
 * #refusedRows()} tells how many, and the message names their tables and the server's statuses.
 */
public class ReplayRefusedException extends QuiverException {
  private static final long serialVersionUID = 1L;

  private final String endpoint;
  private final int refusedFrames;
  private final long refusedRows;

  public ReplayRefusedException(String endpoint, int refusedFrames, long refusedRows, List<String> details) {
    super("after reconnecting to IoTDB at " + endpoint + ", the server refused " + refusedFrames
        + " previously acknowledged insert requests (" + refusedRows + " rows) when they were replayed; if the"
        + " crash lost them, those rows are missing: " + String.join("; ", details)
        + (details.size() < refusedFrames ? "; ..." : "")
        + ". The call that reconnected was not sent; the session is usable", false);
    this.endpoint = endpoint;
    this.refusedFrames = refusedFrames;
    this.refusedRows = refusedRows;
  }

  /** The node ({@code host:port}) that refused the replay. */
  public String endpoint() {
    return endpoint;
  }

  /** Insert requests refused on replay. */
  public int refusedFrames() {
    return refusedFrames;
  }

  /** Rows in the refused requests. */
  public long refusedRows() {
    return refusedRows;
  }
}
