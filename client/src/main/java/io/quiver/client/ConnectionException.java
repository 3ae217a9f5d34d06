package io.quiver.client;

/**
 * A node could not be reached, or its connection broke or timed out. Usually retryable: the same
 * call may succeed on a new connection. Not retryable when the failure follows from the settings
 * and would repeat on every attempt: the server's TLS certificate is not trusted, or client and
 * server disagree on TLS.
 */
public class ConnectionException extends QuiverException {
  private static final long serialVersionUID = 1L;

  private final String endpoint;

  public ConnectionException(String endpoint, String message, Throwable cause) {
    this(endpoint, message, true, cause);
  }

  /** A connection failure that is retryable or not, as {@code retryable} says. */
  public ConnectionException(String endpoint, String message, boolean retryable, Throwable cause) {
    super(message, retryable, cause);
    this.endpoint = endpoint;
  }

  /** The node ({@code host:port}) the failure concerns. */
  public String endpoint() {
    return endpoint;
  }
}
