package io.quiver.client;

/**
 * The server answered, but not as the protocol says: a Thrift application error (an unknown
 * method, a missing result), a result that describes its columns inconsistently, or a request the
 * client could not encode. The connection itself is fine. Not retryable: the same call gets the
 * same answer.
 */
public class ProtocolException extends QuiverException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message, Throwable cause) {
    super(message, false, cause);
  }
}
