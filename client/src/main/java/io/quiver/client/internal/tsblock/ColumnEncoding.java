package io.quiver.client.internal.tsblock;

/**
 * The column encodings a serialized TsBlock may use, by their byte. See {@link TsBlockDecoder} for
 * the layouts.
 */
final class ColumnEncoding {
  static final byte BYTE_ARRAY = 0;
  static final byte INT32_ARRAY = 1;
  static final byte INT64_ARRAY = 2;
  static final byte BINARY_ARRAY = 3;
  static final byte RLE = 4;
  static final byte DICTIONARY = 5;

  private ColumnEncoding() {}

  static String name(byte encoding) {
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
