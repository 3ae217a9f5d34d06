package io.quiver.client.internal.tsblock;

/**
 * The one table of the TsBlock format (see {@code docs/tsblock.md}): the column encodings by their
 * byte, the physical types, and which plain encoding carries which type. Read through {@link
 * TsBlockReader}, the one reader of the layout, which the row decoder here ({@link TsBlockDecoder})
 * and the Arrow decoder of the Arrow bridge both use, so that the two cannot disagree.
 */
public final class ColumnEncoding {
  public static final byte BYTE_ARRAY = 0;
  public static final byte INT32_ARRAY = 1;
  public static final byte INT64_ARRAY = 2;
  public static final byte BINARY_ARRAY = 3;
  public static final byte RLE = 4;
  public static final byte DICTIONARY = 5;

  /** Physical type codes of the block's header. */
  public static final byte BOOLEAN = 0;
  public static final byte INT32 = 1;
  public static final byte INT64 = 2;
  public static final byte FLOAT = 3;
  public static final byte DOUBLE = 4;
  public static final byte TEXT = 5;

  private ColumnEncoding() {}

  /** True if {@code encoding} is a plain one (0 to 3) that carries physical type {@code type}. */
  public static boolean fits(byte encoding, byte type) {
    switch (encoding) {
      case BYTE_ARRAY: return type == BOOLEAN;
      case INT32_ARRAY: return type == INT32 || type == FLOAT;
      case INT64_ARRAY: return type == INT64 || type == DOUBLE;
      case BINARY_ARRAY: return type == TEXT;
      default: return false;
    }
  }

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
