package io.quiver.arrow.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes serialized TsBlocks for tests, column by column, in the layout of IoTDB's TsBlockSerde
 * (big-endian; null flags most significant bit first, 1 = null; values packed without null slots,
 * except booleans): an independent writer, so the decoder is checked against the format and not
 * against itself. Values are Java objects: Boolean; Integer for INT32 and DATE (yyyymmdd); Long
 * for INT64 and TIMESTAMP; Float; Double; String or byte[] for TEXT; null for null.
 */
public final class TsBlockBytes {
  public static final int BOOLEAN = 0;
  public static final int INT32 = 1;
  public static final int INT64 = 2;
  public static final int FLOAT = 3;
  public static final int DOUBLE = 4;
  public static final int TEXT = 5;

  private final ByteArrayOutputStream columns = new ByteArrayOutputStream();
  private final ByteArrayOutputStream types = new ByteArrayOutputStream();
  private final ByteArrayOutputStream encodings = new ByteArrayOutputStream();
  private final int rows;
  private int valueColumns;
  private boolean declareNulls;

  /** A block of {@code rows} rows with the table model's placeholder time column (RLE of one 0). */
  public TsBlockBytes(int rows) {
    this.rows = rows;
    encodings.write(4);
    columns.write(2);
    columns.write(0);
    putLong(columns, 0);
  }

  /** A block whose time column is a plain INT64_ARRAY of these times (as some operators send). */
  public static TsBlockBytes withPlainTime(long... times) {
    TsBlockBytes b = new TsBlockBytes(times.length, true);
    b.encodings.write(2);
    b.columns.write(0);
    for (long t : times) {
      putLong(b.columns, t);
    }
    return b;
  }

  private TsBlockBytes(int rows, boolean noTime) {
    this.rows = rows;
  }

  /** From now on, columns without nulls still send null flags (all 0), as the server may. */
  public TsBlockBytes declareNullsAlways() {
    declareNulls = true;
    return this;
  }

  private static void putInt(ByteArrayOutputStream out, int v) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
  }

  private static void putLong(ByteArrayOutputStream out, long v) {
    out.writeBytes(ByteBuffer.allocate(8).putLong(v).array());
  }

  private static void bits(ByteArrayOutputStream out, int n, java.util.function.IntPredicate set) {
    byte[] b = new byte[(n + 7) / 8];
    for (int i = 0; i < n; i++) {
      if (set.test(i)) {
        b[i / 8] |= (byte) (0x80 >>> (i % 8));
      }
    }
    out.writeBytes(b);
  }

  private static int encodingOf(int type) {
    switch (type) {
      case BOOLEAN: return 0;
      case INT32: case FLOAT: return 1;
      case INT64: case DOUBLE: return 2;
      default: return 3;
    }
  }

  /** Writes a plain column (null information, then the values) of {@code values.length} positions. */
  private void plain(ByteArrayOutputStream out, int type, Object[] values) {
    boolean any = false;
    for (Object v : values) {
      any |= v == null;
    }
    if (any || declareNulls) {
      out.write(1);
      bits(out, values.length, i -> values[i] == null);
    } else {
      out.write(0);
    }
    if (type == BOOLEAN) {
      bits(out, values.length, i -> values[i] != null && (Boolean) values[i]);
      return;
    }
    for (Object v : values) {
      if (v == null) {
        continue;
      }
      switch (type) {
        case INT32: putInt(out, (Integer) v); break;
        case FLOAT: putInt(out, Float.floatToRawIntBits((Float) v)); break;
        case INT64: putLong(out, (Long) v); break;
        case DOUBLE: putLong(out, Double.doubleToRawLongBits((Double) v)); break;
        default: {
          byte[] b = v instanceof String ? ((String) v).getBytes(StandardCharsets.UTF_8) : (byte[]) v;
          putInt(out, b.length);
          out.writeBytes(b);
        }
      }
    }
  }

  private void start(int type, int encoding) {
    types.write(type);
    encodings.write(encoding);
    valueColumns++;
  }

  /** A plain column of {@code rows} values of a physical type. */
  public TsBlockBytes column(int type, Object... values) {
    check(values.length);
    start(type, encodingOf(type));
    plain(columns, type, values);
    return this;
  }

  /** A run-length column: one value (or null) on every row. */
  public TsBlockBytes rle(int type, Object value) {
    start(type, 4);
    columns.write(encodingOf(type));
    plain(columns, type, new Object[] {value});
    return this;
  }

  /** A dictionary column: the dictionary's values, then the id each row reads. */
  public TsBlockBytes dictionary(int type, Object[] dictionary, int... ids) {
    check(ids.length);
    start(type, 5);
    dictionaryBody(type, dictionary, ids);
    return this;
  }

  private void dictionaryBody(int type, Object[] dictionary, int[] ids) {
    columns.write(encodingOf(type));
    putInt(columns, dictionary.length);
    plain(columns, type, dictionary);
    putInt(columns, ids.length);
    for (int id : ids) {
      putInt(columns, id);
    }
  }

  /** A run of a dictionary: every row reads dictionary value {@code id}. */
  public TsBlockBytes rleOfDictionary(int type, Object[] dictionary, int id) {
    start(type, 4);
    columns.write(5);
    dictionaryBody(type, dictionary, new int[] {id});
    return this;
  }

  /** Raw column bytes under a declared type and encoding, for malformed blocks. */
  public TsBlockBytes raw(int type, int encoding, byte... bytes) {
    start(type, encoding);
    columns.writeBytes(bytes);
    return this;
  }

  private void check(int n) {
    if (n != rows) {
      throw new IllegalArgumentException(n + " values for a block of " + rows + " rows");
    }
  }

  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    putInt(out, valueColumns);
    out.writeBytes(types.toByteArray());
    putInt(out, rows);
    out.writeBytes(encodings.toByteArray());
    out.writeBytes(columns.toByteArray());
    return out.toByteArray();
  }

  /**
   * The block as Thrift hands a fetch's blocks over: a buffer over the middle of a larger array
   * (position 7), with bytes that are no part of it on either side.
   */
  public ByteBuffer build() {
    byte[] b = bytes();
    byte[] padded = new byte[b.length + 16];
    java.util.Arrays.fill(padded, (byte) 0x5A);
    System.arraycopy(b, 0, padded, 7, b.length);
    return ByteBuffer.wrap(padded, 7, b.length);
  }
}
