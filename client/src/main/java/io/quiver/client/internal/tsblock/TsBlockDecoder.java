package io.quiver.client.internal.tsblock;

import io.quiver.client.ProtocolException;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * Decodes one serialized TsBlock, the unit in which IoTDB returns query rows ({@code queryResult}
 * holds one per element), into Java arrays indexed by row: the row results behind {@code
 * SessionDataSet}. The layout is read through {@link TsBlockReader} (see {@code docs/tsblock.md});
 * this class only builds the arrays: values scattered back to their positions, a run kept as one
 * value ({@link DecodedColumn#constant}), a dictionary as its values and the ids. In table queries
 * the time column is a placeholder and real times arrive as a value column; it is decoded all the
 * same (the tree dialect reads it).
 */
public final class TsBlockDecoder {
  private static final Function<String, RuntimeException> MALFORMED =
      what -> new ProtocolException("malformed TsBlock: " + what, null);

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
    TsBlockReader in = new TsBlockReader(MALFORMED).of(source);
    int start = in.p;
    int n = in.header();
    int valueColumns = in.valueColumns();
    DecodedColumn time = column(in, in.encoding(-1), ColumnEncoding.INT64, n, -1);
    DecodedColumn[] columns = new DecodedColumn[valueColumns];
    for (int j = 0; j < valueColumns; j++) {
      columns[j] = column(in, in.encoding(j), in.type(j), n, j);
    }
    source.position(source.position() + (in.p - start));
    return new Block(n, columns, time);
  }

  private static String what(int j) {
    return j < 0 ? "the time column" : "value column " + j;
  }

  private static DecodedColumn column(TsBlockReader in, byte encoding, byte type, int n, int j) {
    switch (encoding) {
      case ColumnEncoding.RLE: {
        DecodedColumn one = column(in, in.runEncoding(what(j)), type, 1, j);
        DecodedColumn run = copyOf(one, n);
        run.constant = true;
        return run;
      }
      case ColumnEncoding.DICTIONARY: {
        String what = what(j);
        byte inner = in.dictionaryEncoding(what);
        int size = in.dictionarySize(what);
        DecodedColumn dictionary = column(in, inner, type, size, j);
        int[] ids = new int[n];
        in.dictionaryIds(n, size, ids, what);
        DecodedColumn d = copyOf(dictionary, n);
        d.ids = ids;
        return d;
      }
      default:
        in.checkPlain(encoding, type, what(j));
    }
    DecodedColumn c = new DecodedColumn(type, n);
    int flags = in.nullFlags(n);
    c.nulls = nulls(in.a, flags, n);
    switch (encoding) {
      case ColumnEncoding.BYTE_ARRAY:
        c.bools = booleans(in, n, j);
        break;
      case ColumnEncoding.INT32_ARRAY:
        int32s(in, c, flags, n, j);
        break;
      case ColumnEncoding.INT64_ARRAY:
        int64s(in, c, flags, n, j);
        break;
      default:
        binaries(in, c, flags, n, j);
    }
    return c;
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

  /** The null flags as an array, or null when the column declares no nulls. */
  private static boolean[] nulls(byte[] a, int flags, int n) {
    if (flags < 0) {
      return null;
    }
    boolean[] nulls = new boolean[n];
    for (int i = 0; i < n; i++) {
      nulls[i] = NullFlags.isNull(a, flags, i);
    }
    return nulls;
  }

  /** The booleans of every position (nulls included), most significant bit first. */
  private static boolean[] booleans(TsBlockReader in, int n, int j) {
    int at = in.p;
    in.skip(NullFlags.byteCount(n), what(j) + ": " + n + " BOOLEAN values");
    byte[] a = in.a;
    boolean[] v = new boolean[n];
    for (int i = 0; i < n; i++) {
      v[i] = (a[at + (i >>> 3)] & (0x80 >>> (i & 7))) != 0;
    }
    return v;
  }

  /** As {@link TsBlockReader#require}, naming the column only when the bytes are missing. */
  private static void require(TsBlockReader in, long bytes, int j) {
    if (bytes > in.end - in.p) {
      in.require(bytes, what(j) + ": " + bytes + " bytes of values");
    }
  }

  private static void int32s(TsBlockReader in, DecodedColumn c, int flags, int n, int j) {
    byte[] a = in.a;
    int nonNull = NullFlags.nonNull(a, flags, n);
    require(in, 4L * nonNull, j);
    int q = in.p;
    if (c.physicalType == ColumnEncoding.INT32) {
      int[] v = new int[n];
      for (int i = 0; i < n; i++) {
        if (!NullFlags.isNull(a, flags, i)) {
          v[i] = (int) TsBlockReader.INT_BE.get(a, q);
          q += 4;
        }
      }
      c.ints = v;
    } else {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        if (!NullFlags.isNull(a, flags, i)) {
          v[i] = Float.intBitsToFloat((int) TsBlockReader.INT_BE.get(a, q));
          q += 4;
        }
      }
      c.floats = v;
    }
    in.p = q;
  }

  private static void int64s(TsBlockReader in, DecodedColumn c, int flags, int n, int j) {
    byte[] a = in.a;
    int nonNull = NullFlags.nonNull(a, flags, n);
    require(in, 8L * nonNull, j);
    int q = in.p;
    if (c.physicalType == ColumnEncoding.INT64) {
      long[] v = new long[n];
      for (int i = 0; i < n; i++) {
        if (!NullFlags.isNull(a, flags, i)) {
          v[i] = (long) TsBlockReader.LONG_BE.get(a, q);
          q += 8;
        }
      }
      c.longs = v;
    } else {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        if (!NullFlags.isNull(a, flags, i)) {
          v[i] = Double.longBitsToDouble((long) TsBlockReader.LONG_BE.get(a, q));
          q += 8;
        }
      }
      c.doubles = v;
    }
    in.p = q;
  }

  /** Two passes: the first checks the lengths and sums them, so the bytes land in one array. */
  private static void binaries(TsBlockReader in, DecodedColumn c, int flags, int n, int j) {
    byte[] a = in.a;
    String what = what(j);
    int start = in.p;
    long total = 0;
    for (int i = 0; i < n; i++) {
      if (!NullFlags.isNull(a, flags, i)) {
        int len = in.valueLength(what);
        in.skip(len, what + ": a value");
        total += len;
      }
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw in.malformed(what + ": a binary column of " + total + " bytes");
    }
    in.p = start;
    byte[] bytes = new byte[(int) total];
    int[] offsets = new int[n + 1];
    int at = 0;
    int q = start;
    for (int i = 0; i < n; i++) {
      offsets[i] = at;
      if (!NullFlags.isNull(a, flags, i)) {
        int len = (int) TsBlockReader.INT_BE.get(a, q);
        System.arraycopy(a, q + 4, bytes, at, len);
        q += 4 + len;
        at += len;
      }
    }
    offsets[n] = at;
    in.p = q;
    c.bytes = bytes;
    c.offsets = offsets;
  }
}
