package io.quiver.arrow.internal;

import io.quiver.client.internal.tsblock.ColumnEncoding;

/**
 * The column encodings of a serialized TsBlock (everything big-endian; "nulls" is the null
 * information of {@link NullFlags}):
 *
 * <pre>
 * 0 BYTE_ARRAY    nulls, then ceil(n/8) bytes of booleans for ALL positions, MSB first (BOOLEAN)
 * 1 INT32_ARRAY   nulls, then an int32 per NON-NULL position (INT32, DATE as yyyymmdd, FLOAT bits)
 * 2 INT64_ARRAY   nulls, then an int64 per NON-NULL position (INT64, TIMESTAMP, DOUBLE bits)
 * 3 BINARY_ARRAY  nulls, then per NON-NULL position an int32 length and the bytes (TEXT, STRING, BLOB)
 * 4 RLE           the inner encoding byte, then the inner column with ONE position, repeated n times
 * 5 DICTIONARY    the inner encoding byte, int32 D, the dictionary column with D positions,
 *                 int32 K (= n), K int32 ids, each the dictionary position a row reads
 * </pre>
 *
 * Run-length encoding may wrap any encoding but itself; a dictionary may wrap any. This class
 * skips columns nobody reads and locates the value of each position for the rare shapes (a
 * dictionary, a run of a dictionary) that {@link ColumnWriter} does not read directly.
 */
final class TsBlockColumns {
  static final byte BYTE_ARRAY = ColumnEncoding.BYTE_ARRAY;
  static final byte INT32_ARRAY = ColumnEncoding.INT32_ARRAY;
  static final byte INT64_ARRAY = ColumnEncoding.INT64_ARRAY;
  static final byte BINARY_ARRAY = ColumnEncoding.BINARY_ARRAY;
  static final byte RLE = ColumnEncoding.RLE;
  static final byte DICTIONARY = ColumnEncoding.DICTIONARY;

  /** Physical type codes (the client's one table). */
  static final byte BOOLEAN = ColumnEncoding.BOOLEAN;
  static final byte INT64 = ColumnEncoding.INT64;
  static final byte TEXT = ColumnEncoding.TEXT;

  private TsBlockColumns() {}

  static String encodingName(byte encoding) {
    return ColumnEncoding.name(encoding);
  }

  /** Checks that a plain encoding (0 to 3) fits the physical type. */
  static void checkPlain(byte encoding, byte type, String what) {
    if (encoding < BYTE_ARRAY || encoding > BINARY_ARRAY) {
      throw ResultBlock.malformed(what + " uses " + encodingName(encoding));
    }
    if (!ColumnEncoding.fits(encoding, type)) {
      throw ResultBlock.malformed(what + " of physical type " + type + " uses " + encodingName(encoding));
    }
  }

  /** Moves the cursor past a column of {@code n} positions. */
  static void skip(ResultBlock in, byte encoding, byte type, int n, String what) {
    switch (encoding) {
      case RLE: {
        byte inner = in.readByte(what + ": the run's encoding");
        if (inner == RLE) {
          throw ResultBlock.malformed(what + ": a run of a run");
        }
        skip(in, inner, type, 1, what);
        return;
      }
      case DICTIONARY: {
        byte inner = in.readByte(what + ": the dictionary's encoding");
        int size = dictionarySize(in, what);
        skip(in, inner, type, size, what);
        int ids = in.readInt(what + ": the id count");
        if (ids != n) {
          throw ResultBlock.malformed(what + ": " + ids + " dictionary ids for " + n + " positions");
        }
        in.skip(4L * ids, what + ": the dictionary ids");
        return;
      }
      default:
        break;
    }
    checkPlain(encoding, type, what);
    int flags = NullFlags.read(in, n);
    switch (encoding) {
      case BYTE_ARRAY:
        in.skip(NullFlags.byteCount(n), what);
        return;
      case INT32_ARRAY:
        in.skip(4L * NullFlags.nonNull(in.a, flags, n), what);
        return;
      case INT64_ARRAY:
        in.skip(8L * NullFlags.nonNull(in.a, flags, n), what);
        return;
      default:
        for (int i = 0; i < n; i++) {
          if (!NullFlags.isNull(in.a, flags, i)) {
            int len = in.readInt(what + ": a value's length");
            if (len < 0) {
              throw ResultBlock.malformed(what + ": a value of length " + len);
            }
            in.skip(len, what + ": a value");
          }
        }
    }
  }

  private static int dictionarySize(ResultBlock in, String what) {
    int size = in.readInt(what + ": the dictionary size");
    // Every dictionary position takes at least a bit, so a size beyond that is corrupt.
    if (size < 0 || size > 8L * (in.end - in.p)) {
      throw ResultBlock.malformed(what + ": a dictionary of " + size + " values");
    }
    return size;
  }

  /**
   * Reads a column of {@code n} positions and sets {@code out[i]} to where position i's value is:
   * -1 for null; for BOOLEAN the bit address (array index * 8 + bit, most significant first); for
   * BINARY the index of its int32 length; else the index of its bytes. Lengths are checked.
   */
  static void locate(ResultBlock in, byte encoding, byte type, int n, int[] out, String what) {
    switch (encoding) {
      case RLE: {
        byte inner = in.readByte(what + ": the run's encoding");
        if (inner == RLE) {
          throw ResultBlock.malformed(what + ": a run of a run");
        }
        int[] one = new int[1];
        locate(in, inner, type, 1, one, what);
        java.util.Arrays.fill(out, 0, n, one[0]);
        return;
      }
      case DICTIONARY: {
        byte inner = in.readByte(what + ": the dictionary's encoding");
        int size = dictionarySize(in, what);
        int[] dictionary = new int[size];
        locate(in, inner, type, size, dictionary, what);
        int ids = in.readInt(what + ": the id count");
        if (ids != n) {
          throw ResultBlock.malformed(what + ": " + ids + " dictionary ids for " + n + " positions");
        }
        in.require(4L * ids, what + ": the dictionary ids");
        for (int i = 0; i < n; i++) {
          int id = (int) ResultBlock.INT_BE.get(in.a, in.p + 4 * i);
          if (id < 0 || id >= size) {
            throw ResultBlock.malformed(what + ": dictionary id " + id + " of " + size + " values");
          }
          out[i] = dictionary[id];
        }
        in.p += 4 * ids;
        return;
      }
      default:
        break;
    }
    checkPlain(encoding, type, what);
    byte[] a = in.a;
    int flags = NullFlags.read(in, n);
    switch (encoding) {
      case BYTE_ARRAY: {
        int values = in.p;
        in.skip(NullFlags.byteCount(n), what);
        if (8L * values + n > Integer.MAX_VALUE) {
          throw ResultBlock.malformed(what + ": booleans beyond the first 256 MiB of the buffer");
        }
        for (int i = 0; i < n; i++) {
          out[i] = NullFlags.isNull(a, flags, i) ? -1 : values * 8 + i;
        }
        return;
      }
      case INT32_ARRAY:
      case INT64_ARRAY: {
        int width = encoding == INT32_ARRAY ? 4 : 8;
        int nonNull = NullFlags.nonNull(a, flags, n);
        in.require((long) width * nonNull, what);
        int q = in.p;
        for (int i = 0; i < n; i++) {
          if (NullFlags.isNull(a, flags, i)) {
            out[i] = -1;
          } else {
            out[i] = q;
            q += width;
          }
        }
        in.p = q;
        return;
      }
      default:
        for (int i = 0; i < n; i++) {
          if (NullFlags.isNull(a, flags, i)) {
            out[i] = -1;
            continue;
          }
          out[i] = in.p;
          int len = in.readInt(what + ": a value's length");
          if (len < 0) {
            throw ResultBlock.malformed(what + ": a value of length " + len);
          }
          in.skip(len, what + ": a value");
        }
    }
  }
}
