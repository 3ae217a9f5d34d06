package io.quiver.client.internal;

/**
 * IoTDB's insert-request null bitmap: {@code rows / 8 + 1} bytes (always one spare byte, a TsFile
 * quirk the server relies on), row r at bit {@code r % 8} of byte {@code r / 8}, least significant
 * bit first; a set bit means the value is null.
 */
public final class NullBitmaps {
  private NullBitmaps() {}

  /** The bitmap's size in bytes for this many rows. */
  public static int sizeInBytes(int rows) {
    return rows / 8 + 1;
  }
}
