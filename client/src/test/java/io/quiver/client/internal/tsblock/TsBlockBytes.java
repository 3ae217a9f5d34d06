package io.quiver.client.internal.tsblock;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes serialized TsBlocks for tests, column by column, in the layout of {@code docs/tsblock.md}:
 * an independent writer so the reader and decoder are checked against the format, not themselves.
 */
final class TsBlockBytes {
  private final ByteArrayOutputStream columns = new ByteArrayOutputStream();
  private final ByteArrayOutputStream types = new ByteArrayOutputStream();
  private final ByteArrayOutputStream encodings = new ByteArrayOutputStream();
  private final int rows;
  private int valueColumns;

  TsBlockBytes(int rows) {
    this.rows = rows;
    // The table model's placeholder time column: RLE of one INT64 0.
    encodings.write(4);
    columns.write(2);
    columns.write(0);
    putLong(0);
  }

  private void putInt(int v) {
    columns.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
  }

  private void putLong(long v) {
    columns.writeBytes(ByteBuffer.allocate(8).putLong(v).array());
  }

  private void nulls(Boolean[] values, boolean declareEvenIfNone) {
    boolean any = false;
    for (Object v : values) {
      any |= v == null;
    }
    nullsOf(values, any || declareEvenIfNone);
  }

  private void nullsOf(Object[] values, boolean declare) {
    if (!declare) {
      columns.write(0);
      return;
    }
    columns.write(1);
    bits(values.length, i -> values[i] == null);
  }

  private void bits(int n, java.util.function.IntPredicate set) {
    byte[] b = new byte[(n + 7) / 8];
    for (int i = 0; i < n; i++) {
      if (set.test(i)) {
        b[i / 8] |= (byte) (0x80 >>> (i % 8));
      }
    }
    columns.writeBytes(b);
  }

  private TsBlockBytes start(int type, int encoding) {
    types.write(type);
    encodings.write(encoding);
    valueColumns++;
    return this;
  }

  TsBlockBytes booleans(Boolean... v) {
    start(0, 0);
    nulls(v, false);
    bits(v.length, i -> v[i] != null && v[i]);
    return this;
  }

  TsBlockBytes ints(boolean declareNulls, Integer... v) {
    start(1, 1);
    nullsOf(v, declareNulls || hasNull(v));
    for (Integer x : v) {
      if (x != null) {
        putInt(x);
      }
    }
    return this;
  }

  TsBlockBytes floats(Float... v) {
    start(3, 1);
    nullsOf(v, hasNull(v));
    for (Float x : v) {
      if (x != null) {
        putInt(Float.floatToRawIntBits(x));
      }
    }
    return this;
  }

  TsBlockBytes longs(Long... v) {
    start(2, 2);
    nullsOf(v, hasNull(v));
    for (Long x : v) {
      if (x != null) {
        putLong(x);
      }
    }
    return this;
  }

  TsBlockBytes doubles(Double... v) {
    start(4, 2);
    nullsOf(v, hasNull(v));
    for (Double x : v) {
      if (x != null) {
        putLong(Double.doubleToRawLongBits(x));
      }
    }
    return this;
  }

  TsBlockBytes texts(String... v) {
    start(5, 3);
    nullsOf(v, hasNull(v));
    for (String x : v) {
      if (x != null) {
        byte[] b = x.getBytes(StandardCharsets.UTF_8);
        putInt(b.length);
        columns.writeBytes(b);
      }
    }
    return this;
  }

  /** A run-length column: one TEXT value (or null) repeated on every row. */
  TsBlockBytes rleText(String value) {
    start(5, 4);
    columns.write(3);
    if (value == null) {
      columns.write(1);
      bits(1, i -> true);
    } else {
      columns.write(0);
      byte[] b = value.getBytes(StandardCharsets.UTF_8);
      putInt(b.length);
      columns.writeBytes(b);
    }
    return this;
  }

  /** A run-length column: one INT64 value repeated on every row. */
  TsBlockBytes rleLong(long value) {
    start(2, 4);
    columns.write(2);
    columns.write(0);
    putLong(value);
    return this;
  }

  /** A dictionary column of TEXT: the dictionary values, then one id per row. */
  TsBlockBytes dictionaryText(String[] dictionary, int... ids) {
    start(5, 5);
    columns.write(3);
    putInt(dictionary.length);
    nullsOf(dictionary, hasNull(dictionary));
    for (String x : dictionary) {
      if (x != null) {
        byte[] b = x.getBytes(StandardCharsets.UTF_8);
        putInt(b.length);
        columns.writeBytes(b);
      }
    }
    putInt(ids.length);
    for (int id : ids) {
      putInt(id);
    }
    return this;
  }

  private static boolean hasNull(Object[] v) {
    for (Object x : v) {
      if (x == null) {
        return true;
      }
    }
    return false;
  }

  ByteBuffer build() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(4).putInt(valueColumns).array());
    out.writeBytes(types.toByteArray());
    out.writeBytes(ByteBuffer.allocate(4).putInt(rows).array());
    out.writeBytes(encodings.toByteArray());
    out.writeBytes(columns.toByteArray());
    return ByteBuffer.wrap(out.toByteArray());
  }
}
