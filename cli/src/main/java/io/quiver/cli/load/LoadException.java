package io.quiver.cli.load;

/**
 * Something stops a load before or while it runs, for a reason the user can act on: the message is
 * one line that says what is wrong and what to change. {@code ./quiver load} prints it and exits
 * with code 1.
 */
public final class LoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LoadException(String message) {
    super(message);
  }

  public LoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
