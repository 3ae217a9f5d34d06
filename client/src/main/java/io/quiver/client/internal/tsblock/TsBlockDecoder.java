package io.quiver.client.internal.tsblock;

import io.quiver.client.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes one serialized TsBlock, the unit in which IoTDB returns query rows ({@code queryResult}
 * holds one per element). Everything is big-endian:
 *
 * <pre>
 * int32       V, the number of value columns
 * V bytes     physical type of each value column (0 BOOLEAN, 1 INT32, 2 INT64, 3 FLOAT, 4 DOUBLE, 5 TEXT)
 * int32       N, the number of rows
 * V+1 bytes   encoding of the time column, then of each value column
 * ...         the time column (INT64), then each value column, in its encoding
 * </pre>
 *
 * Column encodings, where "nulls" is a flag byte, then (if non-zero) ceil(N/8) bytes of null flags,
 * most significant bit first, 1 = null:
 *
 * <pre>
 * 0 BYTE_ARRAY    nulls, then ceil(N/8) bytes of booleans for ALL positions, MSB first (BOOLEAN)
 * 1 INT32_ARRAY   nulls, then an int32 per NON-NULL position (INT32, FLOAT as raw bits)
 * 2 INT64_ARRAY   nulls, then an int64 per NON-NULL position (INT64, DOUBLE as raw bits)
 * 3 BINARY_ARRAY  nulls, then per NON-NULL position an int32 length and the bytes (TEXT)
 * 4 RLE           the inner encoding byte, then the inner column with ONE position, repeated N times
 * 5 DICTIONARY    the inner encoding byte, int32 D, the dictionary column with D positions,
 *                 int32 K, K int32 ids (one per position)
 * </pre>
 *
 * Values are scattered back to their positions, so a decoded column is indexed by row. In table
 * queries the time column is a placeholder and real times arrive as a value column; it is decoded
 * only to move past it.
 */
public final class TsBlockDecoder {
  private TsBlockDecoder() {}

  /** A decoded block: its row count, value columns and time column (INT64). */
  public record Block(int positionCount, DecodedColumn[] columns, DecodedColumn time) {
    /** Value column {@code i}, or the time column for {@code i == -1}. */
    public DecodedColumn column(int i) {
      return i < 0 ? time : columns[i];
    }
  }

  /**
   * Decodes the block that starts at the buffer's position; the position is left after it.
   *
   * @throws ProtocolException if the bytes are not a well-formed TsBlock
   */
  public static Block decode(ByteBuffer source) {
    ByteBuffer in = source.order() == ByteOrder.BIG_ENDIAN ? source : source.duplicate().order(ByteOrder.BIG_ENDIAN);
    try {
      int valueColumns = in.getInt();
      check(valueColumns >= 0 && valueColumns <= in.remaining(), "value column count " + valueColumns);
      byte[] types = new byte[valueColumns];
      in.get(types);
      int n = in.getInt();
      check(n >= 0, "row count " + n);
      byte[] encodings = new byte[valueColumns + 1];
      in.get(encodings);
      DecodedColumn time = decodeColumn(in, encodings[0], (byte) 2, n);
      DecodedColumn[] columns = new DecodedColumn[valueColumns];
      for (int i = 0; i < valueColumns; i++) {
        columns[i] = decodeColumn(in, encodings[i + 1], types[i], n);
      }
      if (in != source) {
        source.position(in.position());
      }
      return new Block(n, columns, time);
    } catch (java.nio.BufferUnderflowException e) {
      throw new ProtocolException("a TsBlock ends early: the query result is truncated or corrupt", e);
    }
  }

  static DecodedColumn decodeColumn(ByteBuffer in, byte encoding, byte type, int n) {
    switch (encoding) {
      case ColumnEncoding.BYTE_ARRAY:
        return decodeBooleans(in, type, n);
      case ColumnEncoding.INT32_ARRAY:
        return decodeInt32s(in, type, n);
      case ColumnEncoding.INT64_ARRAY:
        return decodeInt64s(in, type, n);
      case ColumnEncoding.BINARY_ARRAY:
        return decodeBinaries(in, type, n);
      case ColumnEncoding.RLE: {
        byte inner = in.get();
        check(inner != ColumnEncoding.RLE, "RLE nested in RLE");
        DecodedColumn c = decodeColumn(in, inner, type, 1);
        DecodedColumn rle = copyOf(c, n);
        rle.constant = true;
        return rle;
      }
      case ColumnEncoding.DICTIONARY: {
        byte inner = in.get();
        int size = in.getInt();
        check(size >= 0, "dictionary size " + size);
        DecodedColumn dict = decodeColumn(in, inner, type, size);
        int idCount = in.getInt();
        check(idCount == n, "dictionary id count " + idCount + " for " + n + " rows");
        int[] ids = new int[idCount];
        for (int i = 0; i < idCount; i++) {
          ids[i] = in.getInt();
          check(ids[i] >= 0 && ids[i] < size, "dictionary id " + ids[i] + " of " + size);
        }
        DecodedColumn d = copyOf(dict, n);
        d.ids = ids;
        return d;
      }
      default:
        throw new ProtocolException("a TsBlock column uses " + ColumnEncoding.name(encoding), null);
    }
  }

  private static DecodedColumn copyOf(DecodedColumn stored, int n) {
    DecodedColumn c = new DecodedColumn(stored.physicalType, n);
    c.nulls = stored.nulls;
    c.bools = stored.bools;
    c.ints = stored.ints;
    c.longs = stored.longs;
    c.floats = stored.floats;
    c.doubles = stored.doubles;
    c.bytes = stored.bytes;
    c.offsets = stored.offsets;
    return c;
  }

  /** Reads the null flags; returns null when the column declares no nulls. */
  static boolean[] readNulls(ByteBuffer in, int n) {
    if (in.get() == 0) {
      return null;
    }
    boolean[] nulls = new boolean[n];
    readBits(in, n, nulls);
    return nulls;
  }

  private static void readBits(ByteBuffer in, int n, boolean[] out) {
    int bytes = (n + 7) >>> 3;
    int base = in.position();
    for (int i = 0; i < n; i++) {
      out[i] = (in.get(base + (i >>> 3)) & (0x80 >>> (i & 7))) != 0;
    }
    in.position(base + bytes);
  }

  private static DecodedColumn decodeBooleans(ByteBuffer in, byte type, int n) {
    checkFits(ColumnEncoding.BYTE_ARRAY, type);
    DecodedColumn c = new DecodedColumn(type, n);
    c.nulls = readNulls(in, n);
    c.bools = new boolean[n];
    readBits(in, n, c.bools);
    return c;
  }

  private static DecodedColumn decodeInt32s(ByteBuffer in, byte type, int n) {
    checkFits(ColumnEncoding.INT32_ARRAY, type);
    DecodedColumn c = new DecodedColumn(type, n);
    boolean[] nulls = readNulls(in, n);
    c.nulls = nulls;
    if (type == ColumnEncoding.INT32) {
      int[] v = new int[n];
      for (int i = 0; i < n; i++) {
        if (nulls == null || !nulls[i]) {
          v[i] = in.getInt();
        }
      }
      c.ints = v;
    } else {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        if (nulls == null || !nulls[i]) {
          v[i] = Float.intBitsToFloat(in.getInt());
        }
      }
      c.floats = v;
    }
    return c;
  }

  private static DecodedColumn decodeInt64s(ByteBuffer in, byte type, int n) {
    checkFits(ColumnEncoding.INT64_ARRAY, type);
    DecodedColumn c = new DecodedColumn(type, n);
    boolean[] nulls = readNulls(in, n);
    c.nulls = nulls;
    if (type == ColumnEncoding.INT64) {
      long[] v = new long[n];
      for (int i = 0; i < n; i++) {
        if (nulls == null || !nulls[i]) {
          v[i] = in.getLong();
        }
      }
      c.longs = v;
    } else {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        if (nulls == null || !nulls[i]) {
          v[i] = Double.longBitsToDouble(in.getLong());
        }
      }
      c.doubles = v;
    }
    return c;
  }

  private static DecodedColumn decodeBinaries(ByteBuffer in, byte type, int n) {
    checkFits(ColumnEncoding.BINARY_ARRAY, type);
    DecodedColumn c = new DecodedColumn(type, n);
    boolean[] nulls = readNulls(in, n);
    c.nulls = nulls;
    // First pass: find the total size, so the bytes land in one array.
    int start = in.position();
    long total = 0;
    for (int i = 0; i < n; i++) {
      if (nulls == null || !nulls[i]) {
        int len = in.getInt();
        check(len >= 0 && len <= in.remaining(), "binary length " + len);
        total += len;
        in.position(in.position() + len);
      }
    }
    check(total <= Integer.MAX_VALUE - 8, "binary column of " + total + " bytes");
    in.position(start);
    byte[] bytes = new byte[(int) total];
    int[] offsets = new int[n + 1];
    int at = 0;
    for (int i = 0; i < n; i++) {
      offsets[i] = at;
      if (nulls == null || !nulls[i]) {
        int len = in.getInt();
        in.get(bytes, at, len);
        at += len;
      }
    }
    offsets[n] = at;
    c.bytes = bytes;
    c.offsets = offsets;
    return c;
  }

  private static void checkFits(byte encoding, byte type) {
    check(ColumnEncoding.fits(encoding, type), ColumnEncoding.name(encoding) + " encoding for physical type " + type);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new ProtocolException("malformed TsBlock: " + what, null);
    }
  }
}
