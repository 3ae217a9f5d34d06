package io.quiver.client;

/**
 * The server executed a statement or insert and refused it. Carries IoTDB's status code (for
 * example 700 SQL_PARSE_ERROR, 701 SEMANTIC_ERROR, 550 TABLE_NOT_EXISTS, 720 QUERY_TIMEOUT) and its
 * message. Retryable only when the server marked the status as worth retrying.
 */
public class StatementException extends QuiverException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String serverMessage;

  public StatementException(String context, int statusCode, String serverMessage, boolean retryable) {
    this(context, statusCode, serverMessage, retryable, null);
  }

  /** As above, with a cause (e.g. the same refusal, reported in a narrower context). */
  public StatementException(String context, int statusCode, String serverMessage, boolean retryable,
      Throwable cause) {
    super(context + ": IoTDB status " + statusCode + ": " + serverMessage, retryable, cause);
    this.statusCode = statusCode;
    this.serverMessage = serverMessage;
  }

  /** IoTDB's status code. */
  public int statusCode() {
    return statusCode;
  }

  /** The server's own message. */
  public String serverMessage() {
    return serverMessage;
  }
}
