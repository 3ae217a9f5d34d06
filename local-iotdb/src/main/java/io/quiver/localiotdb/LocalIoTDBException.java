package io.quiver.localiotdb;

/**
 * Raised when the local IoTDB cannot be fetched, started, stopped or inspected. The message always says what
 * went wrong and what to do about it; the cause, when there is one, carries the low-level detail.
 */
public final class LocalIoTDBException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LocalIoTDBException(String message) {
    super(message);
  }

  public LocalIoTDBException(String message, Throwable cause) {
    super(message, cause);
  }
}
