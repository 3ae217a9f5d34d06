package io.quiver.client.internal.tsblock;

/**
 * The column encodings a serialized TsBlock may use, by their byte. See {@link TsBlockDecoder} for
 * the layouts. Shared by the row decoder here and the Arrow decoder of the Arrow bridge.
 */
public final class ColumnEncoding {
  public static final byte BYTE_ARRAY = 0;
  public static final byte INT32_ARRAY = 1;
  public static final byte INT64_ARRAY = 2;
  public static final byte BINARY_ARRAY = 3;
  public static final byte RLE = 4;
  public static final byte DICTIONARY = 5;

  private ColumnEncoding() {}

  /** The encoding's name, for messages. */
  public static String name(byte encoding) {
    switch (encoding) {
      case BYTE_ARRAY: return "BYTE_ARRAY";
      case INT32_ARRAY: return "INT32_ARRAY";
      case INT64_ARRAY: return "INT64_ARRAY";
      case BINARY_ARRAY: return "BINARY_ARRAY";
      case RLE: return "RLE";
      case DICTIONARY: return "DICTIONARY";
      default: return "unknown encoding " + encoding;
    }
  }
}
