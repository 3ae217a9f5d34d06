package io.quiver.client;

/**
 * A node could not be reached, or its connection broke or timed out. Retryable: the same call may
 * succeed on a new connection.
 */
public class ConnectionException extends QuiverException {
  private static final long serialVersionUID = 1L;

  private final String endpoint;

  public ConnectionException(String endpoint, String message, Throwable cause) {
    super(message, true, cause);
    this.endpoint = endpoint;
  }

  /** The node ({@code host:port}) the failure concerns. */
  public String endpoint() {
    return endpoint;
  }
}
