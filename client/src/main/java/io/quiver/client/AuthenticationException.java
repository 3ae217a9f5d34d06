package io.quiver.client;

/** The server refused the user name or password. Not retryable: fix the credentials. */
public class AuthenticationException extends QuiverException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;

  public AuthenticationException(String message, int statusCode) {
    super(message, false);
    this.statusCode = statusCode;
  }

  /** IoTDB's status code (801 for a wrong user name or password). */
  public int statusCode() {
    return statusCode;
  }
}
