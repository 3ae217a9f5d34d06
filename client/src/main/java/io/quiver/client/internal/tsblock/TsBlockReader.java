package io.quiver.client.internal.tsblock;

import io.quiver.client.spi.BigEndian;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The one reader of the TsBlock layout ({@code docs/tsblock.md}): a cursor over one serialized
 * block, its header (value column count, physical types, row count, encodings), the structure of
 * each column (plain encodings with their null flags, runs, dictionaries), and where each
 * position's value is. The row decoder ({@link TsBlockDecoder}) and the Arrow bridge's decoder
 * both read blocks through it, each into its own representation, so the two cannot disagree about
 * the layout.
 *
 * <p>The bytes {@code [p, end)} of the heap array {@link #a} are read big-endian, every read
 * checked against {@link #end}, so a malformed block fails with the error its reader chose
 * ({@code malformed}) instead of reading past it. Decoders read {@link #a} directly between a
 * {@link #require} and a {@link #skip} (the hot loops). The blocks of a fetch are slices of the
 * connection's read buffer (a heap array), so they are read in place; a block in any other kind of
 * buffer (direct, read-only) is first copied into a reused array. Not thread-safe.
 */
public final class TsBlockReader {
  public static final VarHandle INT_BE = BigEndian.INT;
  public static final VarHandle LONG_BE = BigEndian.LONG;

  /** The array holding the block. */
  public byte[] a;
  /** The next byte to read. */
  public int p;
  /** The index after the block's last byte. */
  public int end;
  private final Function<String, RuntimeException> malformed;
  private byte[] copy = new byte[0];
  private int valueColumns;
  private int typesAt;
  private int encodingsAt;

  /** {@code malformed} makes the error thrown for a malformed block, given what is wrong. */
  public TsBlockReader(Function<String, RuntimeException> malformed) {
    this.malformed = malformed;
  }

  /** Points this reader at {@code buffer}'s remaining bytes (the buffer itself is not moved). */
  public TsBlockReader of(ByteBuffer buffer) {
    int length = buffer.remaining();
    if (buffer.hasArray()) {
      a = buffer.array();
      p = buffer.arrayOffset() + buffer.position();
    } else {
      if (copy.length < length) {
        copy = new byte[length];
      }
      buffer.duplicate().get(copy, 0, length);
      a = copy;
      p = 0;
    }
    end = p + length;
    return this;
  }

  /** The error of a malformed block, saying {@code what} is wrong. */
  public RuntimeException malformed(String what) {
    return malformed.apply(what);
  }

  // ---- The header.

  /**
   * Reads the header (the value column count, their physical types, the row count, the encodings
   * of the time column and of each value column); returns the row count. The cursor is left at the
   * time column.
   */
  public int header() {
    int v = readInt("the column count");
    if (v < 0) {
      throw malformed(v + " value columns");
    }
    valueColumns = v;
    typesAt = p;
    skip(v, "the column types");
    int n = readInt("the row count");
    if (n < 0) {
      throw malformed(n + " rows");
    }
    encodingsAt = p;
    skip(v + 1L, "the column encodings");
    return n;
  }

  /** The number of value columns, after {@link #header()}. */
  public int valueColumns() {
    return valueColumns;
  }

  /** The physical type of value column {@code j} (-1: the time column, INT64). */
  public byte type(int j) {
    return j < 0 ? ColumnEncoding.INT64 : a[typesAt + j];
  }

  /** The encoding of value column {@code j} (-1: the time column). */
  public byte encoding(int j) {
    return a[encodingsAt + 1 + j];
  }

  // ---- Bytes.

  /** Checks that {@code bytes} more bytes are there. */
  public void require(long bytes, String what) {
    if (bytes < 0 || bytes > end - p) {
      throw malformed("the block ends early: " + what + " needs " + bytes + " bytes but "
          + (end - p) + " are left");
    }
  }

  public void skip(long bytes, String what) {
    require(bytes, what);
    p += (int) bytes;
  }

  public byte readByte(String what) {
    require(1, what);
    return a[p++];
  }

  public int readInt(String what) {
    require(4, what);
    int v = (int) INT_BE.get(a, p);
    p += 4;
    return v;
  }

  // ---- The structure of a column.

  /** Checks that a plain encoding (0 to 3) carries the physical type. */
  public void checkPlain(byte encoding, byte type, String what) {
    if (encoding < ColumnEncoding.BYTE_ARRAY || encoding > ColumnEncoding.BINARY_ARRAY) {
      throw malformed(what + " uses " + ColumnEncoding.name(encoding));
    }
    if (!ColumnEncoding.fits(encoding, type)) {
      throw malformed(
          what + " of physical type " + type + " uses " + ColumnEncoding.name(encoding));
    }
  }

  /**
   * Reads a plain column's null information for {@code n} positions: returns the array index of its
   * flags ({@link NullFlags}), or -1 when the column declares no nulls. The cursor is left after
   * the flags, at the values.
   */
  public int nullFlags(int n) {
    if (readByte("the null marker") == 0) {
      return -1;
    }
    int at = p;
    skip(NullFlags.byteCount(n), "the null flags of " + n + " positions");
    return at;
  }

  /** Reads the encoding a run (RLE) wraps: any but a run; the cursor is left at the column. */
  public byte runEncoding(String what) {
    byte inner = readByte(what + ": the run's encoding");
    if (inner == ColumnEncoding.RLE) {
      throw malformed(what + ": a run of a run");
    }
    return inner;
  }

  /** Reads the encoding a dictionary wraps (any). */
  public byte dictionaryEncoding(String what) {
    return readByte(what + ": the dictionary's encoding");
  }

  /** Reads a dictionary's size; the cursor is left at the dictionary column. */
  public int dictionarySize(String what) {
    int size = readInt(what + ": the dictionary size");
    // Every dictionary position takes at least a bit, so a size beyond that is corrupt.
    if (size < 0 || size > 8L * (end - p)) {
      throw malformed(what + ": a dictionary of " + size + " values");
    }
    return size;
  }

  /**
   * Reads the ids after a dictionary column of {@code size} values into {@code ids[0, n)}: their
   * count must be {@code n}, each must be a dictionary position.
   */
  public void dictionaryIds(int n, int size, int[] ids, String what) {
    int count = readInt(what + ": the id count");
    if (count != n) {
      throw malformed(what + ": " + count + " dictionary ids for " + n + " positions");
    }
    require(4L * count, what + ": the dictionary ids");
    for (int i = 0; i < n; i++) {
      int id = (int) INT_BE.get(a, p + 4 * i);
      if (id < 0 || id >= size) {
        throw malformed(what + ": dictionary id " + id + " of " + size + " values");
      }
      ids[i] = id;
    }
    p += 4 * count;
  }

  /** Moves the cursor past a column of {@code n} positions. */
  public void skip(byte encoding, byte type, int n, String what) {
    switch (encoding) {
      case ColumnEncoding.RLE:
        skip(runEncoding(what), type, 1, what);
        return;
      case ColumnEncoding.DICTIONARY: {
        byte inner = dictionaryEncoding(what);
        int size = dictionarySize(what);
        skip(inner, type, size, what);
        int ids = readInt(what + ": the id count");
        if (ids != n) {
          throw malformed(what + ": " + ids + " dictionary ids for " + n + " positions");
        }
        skip(4L * ids, what + ": the dictionary ids");
        return;
      }
      default:
        break;
    }
    checkPlain(encoding, type, what);
    int flags = nullFlags(n);
    switch (encoding) {
      case ColumnEncoding.BYTE_ARRAY:
        skip(NullFlags.byteCount(n), what);
        return;
      case ColumnEncoding.INT32_ARRAY:
        skip(4L * NullFlags.nonNull(a, flags, n), what);
        return;
      case ColumnEncoding.INT64_ARRAY:
        skip(8L * NullFlags.nonNull(a, flags, n), what);
        return;
      default:
        for (int i = 0; i < n; i++) {
          if (!NullFlags.isNull(a, flags, i)) {
            skip(valueLength(what), what + ": a value");
          }
        }
    }
  }

  /** Reads a BINARY value's length (checked not negative); the cursor is left at its bytes. */
  public int valueLength(String what) {
    int len = readInt(what + ": a value's length");
    if (len < 0) {
      throw malformed(what + ": a value of length " + len);
    }
    return len;
  }

  /**
   * Reads a column of {@code n} positions and sets {@code out[i]} to where position i's value is:
   * -1 for null; for BOOLEAN the bit address (array index * 8 + bit, most significant first); for
   * BINARY the index of its int32 length; else the index of its bytes. Lengths are checked.
   */
  public void locate(byte encoding, byte type, int n, int[] out, String what) {
    switch (encoding) {
      case ColumnEncoding.RLE: {
        int[] one = new int[1];
        locate(runEncoding(what), type, 1, one, what);
        Arrays.fill(out, 0, n, one[0]);
        return;
      }
      case ColumnEncoding.DICTIONARY: {
        byte inner = dictionaryEncoding(what);
        int size = dictionarySize(what);
        int[] dictionary = new int[size];
        locate(inner, type, size, dictionary, what);
        dictionaryIds(n, size, out, what);
        for (int i = 0; i < n; i++) {
          out[i] = dictionary[out[i]];
        }
        return;
      }
      default:
        break;
    }
    checkPlain(encoding, type, what);
    int flags = nullFlags(n);
    switch (encoding) {
      case ColumnEncoding.BYTE_ARRAY: {
        int values = p;
        skip(NullFlags.byteCount(n), what);
        if (8L * values + n > Integer.MAX_VALUE) {
          throw malformed(what + ": booleans beyond the first 256 MiB of the buffer");
        }
        for (int i = 0; i < n; i++) {
          out[i] = NullFlags.isNull(a, flags, i) ? -1 : values * 8 + i;
        }
        return;
      }
      case ColumnEncoding.INT32_ARRAY:
      case ColumnEncoding.INT64_ARRAY: {
        int width = encoding == ColumnEncoding.INT32_ARRAY ? 4 : 8;
        int nonNull = NullFlags.nonNull(a, flags, n);
        require((long) width * nonNull, what);
        int q = p;
        for (int i = 0; i < n; i++) {
          if (NullFlags.isNull(a, flags, i)) {
            out[i] = -1;
          } else {
            out[i] = q;
            q += width;
          }
        }
        p = q;
        return;
      }
      default:
        for (int i = 0; i < n; i++) {
          if (NullFlags.isNull(a, flags, i)) {
            out[i] = -1;
            continue;
          }
          out[i] = p;
          skip(valueLength(what), what + ": a value");
        }
    }
  }
}
