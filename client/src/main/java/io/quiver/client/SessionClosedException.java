package io.quiver.client;

/** A session (or a result set, or a pool) was used after it was closed. */
public class SessionClosedException extends QuiverException {
  private static final long serialVersionUID = 1L;

  public SessionClosedException(String message) {
    super(message, false);
  }
}
