package io.quiver.client;

/**
 * The root of every error Quiver raises. All are unchecked; each says whether repeating the same
 * call may succeed ({@link #isRetryable()}).
 *
 * <ul>
 *   <li>{@link ConnectionException}: the link to a node failed (retryable);
 *   <li>{@link AuthenticationException}: the server refused the user or password (not retryable);
 *   <li>{@link StatementException}: the server refused a statement or insert, with IoTDB's status
 *       code and message (retryable only when the server says so);
 *   <li>{@link InvalidBatchException}: a tablet or batch is malformed, detected before any byte is
 *       sent (not retryable);
 *   <li>{@link PartialInsertException}: a batch sent in several requests (larger than a frame, or
 *       cut per node by redirection) failed after some were acknowledged (retryable as its cause);
 *   <li>{@link ReplayRefusedException}: after a reconnect, the server refused acknowledged inserts
 *       the session re-sent from its replay window (not retryable: rows may be missing);
 *   <li>{@link SessionClosedException}: the session (or its pool) was used after {@code close()};
 *   <li>{@link PoolExhaustedException}: every pooled session stayed in use for the pool's wait
 *       timeout (retryable);
 *   <li>{@link QuiverInterruptedException}: the thread was interrupted while Quiver waited (its
 *       interrupt flag is set again; not retryable);
 *   <li>{@link ProtocolException}: the server answered outside the protocol (not retryable).
 * </ul>
 *
 * <p>Besides these, only {@link IllegalArgumentException} (a bad setting or argument, before
 * anything is sent), {@link NullPointerException} (a null argument) and, from {@link
 * SessionDataSet} getters called out of turn, {@link IllegalStateException} leave the library.
 */
public class QuiverException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public QuiverException(String message, boolean retryable) {
    this(message, retryable, null);
  }

  public QuiverException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** True if the same call may succeed when repeated (after a reconnect, or later). */
  public boolean isRetryable() {
    return retryable;
  }
}
