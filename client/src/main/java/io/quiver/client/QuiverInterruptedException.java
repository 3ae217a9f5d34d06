package io.quiver.client;

/**
 * The calling thread was interrupted while Quiver waited (before a retry, for a pooled session, or
 * for the replay window). The thread's interrupt status is set again before this is thrown, so
 * code further up still sees the interrupt. Not retryable.
 */
public class QuiverInterruptedException extends QuiverException {
  private static final long serialVersionUID = 1L;

  public QuiverInterruptedException(String message, InterruptedException cause) {
    super(message, false, cause);
  }
}
