package io.quiver.client.internal;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.BigEndian;
import io.quiver.client.spi.InsertBatch;
import io.quiver.client.spi.NullSection;
import io.quiver.client.spi.WireBuffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A batch encoded once, its timestamps and values held exactly as {@link InsertBatch} writes them,
 * with the layout parsed so that each row's device can be hashed and any subset of the rows sent
 * on its own ({@link #select}). Redirection uses it: the rows of one batch may belong to devices
 * that different DataNodes lead.
 *
 * <h2>What it reads back</h2>
 *
 * The values section, as {@link InsertBatch} documents it: for each column in order, {@code rows}
 * slots, each {@link DataType#fixedWidth()} bytes for the fixed-width types, or a big-endian int32
 * length then that many bytes for TEXT, STRING and BLOB; then, only when the values are longer than
 * the columns, one bitmap entry per column: a marker byte (0, or 1 then {@code rows / 8 + 1} bytes,
 * bit set = null, least significant first). The timestamps section is {@code rows} big-endian
 * int64.
 *
 * <h2>Device hash</h2>
 *
 * {@link #deviceHashes} gives each row a 64-bit hash of its device: the database, the table and,
 * for each TAG column in the batch's order, its name and the row's value bytes (or a null mark).
 * Equal devices hash equal within a batch and across batches with the same tag columns in the same
 * order; a collision only sends a row to a node that forwards it, never loses it.
 *
 * <p>Reused: {@link #encode} replaces the content and keeps the arrays, unless they grew past
 * {@link #RETAINED_BYTES}. Not thread-safe; views from {@link #select} are valid until the next
 * {@code encode}.
 */
public final class EncodedRows extends SourceColumns {
  /** Larger arrays are dropped after use rather than kept for the next batch. */
  static final int RETAINED_BYTES = 4 * 1024 * 1024;

  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NULL_MARK = 0x9E3779B97F4A7C15L;

  private WireBuffer times = new WireBuffer(1024);
  private WireBuffer values = new WireBuffer(4096);
  private InsertBatch source;
  private TimePrecision precision;
  private int rows;
  private int columns;
  /** Where column c's slots start in the values array. */
  private int[] columnStart = new int[8];
  /** For a variable-width column c: where each row's length prefix starts, then the column's end. */
  private int[][] slotStart = new int[8][];
  /** Where the null-bitmap section starts, or -1 when the batch has none. */
  private int bitmapStart;
  /** Where column c's bitmap entry (its marker byte) starts, when there is a section. */
  private int[] bitmapEntry = new int[8];
  private long[] hashes = new long[0];

  /**
   * Encodes {@code batch} (which finds and reports bad data, as when it is sent) and parses the
   * layout.
   *
   * @throws io.quiver.client.InvalidBatchException from the batch, on bad data
   * @throws IllegalStateException if the batch writes other sizes than it declares
   */
  public EncodedRows encode(InsertBatch batch, TimePrecision timePrecision) {
    source = null;
    int n = batch.rowCount();
    int cols = batch.columnCount();
    long declared = batch.valuesSize();
    if (declared > Integer.MAX_VALUE - 16) {
      throw new InvalidBatchException("the batch for table '" + batch.tableName() + "' has " + declared
          + " value bytes, more than one array holds; insert it in smaller batches", null, -1);
    }
    release();
    times.position(0);
    batch.writeTimestamps(times, timePrecision);
    if (times.position() != 8L * n) {
      throw new IllegalStateException(batch.getClass().getName() + " wrote " + times.position()
          + " timestamp bytes for " + n + " rows, not " + 8L * n);
    }
    values.position(0);
    values.ensureRemaining(declared);
    batch.writeValues(values, timePrecision);
    if (values.position() != declared) {
      throw new IllegalStateException(batch.getClass().getName() + " wrote " + values.position()
          + " value bytes, not the " + declared + " its valuesSize() declares");
    }
    this.source = batch;
    this.precision = timePrecision;
    this.rows = n;
    this.columns = cols;
    parse();
    return this;
  }

  private void parse() {
    if (columnStart.length < columns) {
      columnStart = new int[columns];
      slotStart = new int[columns][];
      bitmapEntry = new int[columns];
    }
    byte[] a = values.array();
    int at = 0;
    for (int c = 0; c < columns; c++) {
      columnStart[c] = at;
      DataType type = source.dataType(c);
      if (!type.isVariableWidth()) {
        at += type.fixedWidth() * rows;
        slotStart[c] = null;
      } else {
        int[] starts = slotStart[c] != null && slotStart[c].length > rows ? slotStart[c] : new int[rows + 1];
        for (int r = 0; r < rows; r++) {
          starts[r] = at;
          at += 4 + readInt(a, at);
        }
        starts[rows] = at;
        slotStart[c] = starts;
      }
    }
    bitmapStart = at < values.position() ? at : -1;
    if (bitmapStart >= 0) {
      // One entry per column: a marker byte, and the bitmap only after a marker 1.
      for (int c = 0; c < columns; c++) {
        bitmapEntry[c] = at;
        at += 1 + (a[at] != 0 ? bitmapBytes(rows) : 0);
      }
      if (at != values.position()) {
        throw new InvalidBatchException(source.getClass().getName() + " wrote a null-bitmap section of "
            + (values.position() - bitmapStart) + " bytes that does not match its " + columns + " columns of " + rows
            + " rows (see NullSection)", null, -1);
      }
    }
  }

  /** Drops arrays that grew past {@link #RETAINED_BYTES} for one large batch. */
  private void release() {
    if (values.capacity() > RETAINED_BYTES) {
      values = new WireBuffer(4096);
    }
    if (times.capacity() > RETAINED_BYTES) {
      times = new WireBuffer(1024);
    }
  }

  /**
   * The device hash of every row (see the class comment), in a reused array of at least {@code
   * rowCount()} entries.
   *
   * @param database the session's database (an unqualified table name means a table in it), or null
   */
  public long[] deviceHashes(String database) {
    if (hashes.length < rows) {
      hashes = new long[Math.max(rows, 64)];
    }
    long seed = mix(0x2545F4914F6CDD1DL, database == null ? "" : database);
    seed = mix(seed, source.tableName());
    for (int c = 0; c < columns; c++) {
      if (source.category(c) == ColumnCategory.TAG) {
        seed = mix(seed, source.columnName(c));
      }
    }
    java.util.Arrays.fill(hashes, 0, rows, seed);
    byte[] a = values.array();
    for (int c = 0; c < columns; c++) {
      if (source.category(c) != ColumnCategory.TAG) {
        continue;
      }
      int[] starts = slotStart[c];
      int width = starts == null ? source.dataType(c).fixedWidth() : 0;
      for (int r = 0; r < rows; r++) {
        long h = hashes[r] * 0xBF58476D1CE4E5B9L + c;
        if (isNull(c, r)) {
          h ^= NULL_MARK;
        } else if (starts != null) {
          h = hashBytes(h, a, starts[r] + 4, starts[r + 1] - starts[r] - 4);
        } else {
          h = hashBytes(h, a, columnStart[c] + r * width, width);
        }
        hashes[r] = h;
      }
    }
    for (int r = 0; r < rows; r++) {
      hashes[r] = finish(hashes[r]);
    }
    return hashes;
  }

  /** True if row {@code r} of column {@code c} is null (its bitmap says so). */
  public boolean isNull(int c, int r) {
    if (bitmapStart < 0) {
      return false;
    }
    byte[] a = values.array();
    int entry = bitmapEntry[c];
    return a[entry] != 0 && NullSection.isNull(a, entry + 1, r);
  }

  /**
   * A batch of the given rows of this one, in the given order, writing exactly what a batch of
   * only those rows would write (the null-bitmap section only if one of them has a null). It
   * copies from this batch's arrays when written; valid until the next {@link #encode}.
   *
   * @param picked row indexes into this batch; the first {@code count} are used (kept, not copied)
   */
  public InsertBatch select(int[] picked, int count) {
    if (count == rows) {
      return this;
    }
    return new Selection(picked, count);
  }

  /** True if one of the rows {@code picked[0..count)} is null in column {@code c}. */
  private boolean anyNull(int c, int[] picked, int count) {
    if (bitmapStart < 0 || values.array()[bitmapEntry[c]] == 0) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (isNull(c, picked[i])) {
        return true;
      }
    }
    return false;
  }

  private static int bitmapBytes(int rowCount) {
    return NullSection.bitmapBytes(rowCount);
  }

  @Override
  public int rowCount() {
    return rows;
  }

  @Override
  public long valuesSize() {
    return values.position();
  }

  @Override
  public void writeTimestamps(WireBuffer out, TimePrecision p) {
    requirePrecision(p);
    out.putBytes(times.array(), 0, times.position());
  }

  @Override
  public void writeValues(WireBuffer out, TimePrecision p) {
    requirePrecision(p);
    out.putBytes(values.array(), 0, values.position());
  }

  private void requirePrecision(TimePrecision p) {
    if (p != precision) {
      throw new IllegalStateException("rows encoded for " + precision + " cannot be sent to a server in " + p);
    }
  }

  @Override
  public String toString() {
    return "EncodedRows[" + (source == null ? "empty" : rows + " rows of table '" + source.tableName() + "'") + "]";
  }

  /** Rows {@code picked[0..count)} of the enclosing batch. */
  private final class Selection extends SourceColumns {
    private final int[] picked;
    private final int count;
    private final long size;
    private final boolean[] nulls;
    private final boolean anyNulls;

    @Override
    InsertBatch source() {
      return source;
    }

    Selection(int[] picked, int count) {
      this.picked = picked;
      this.count = count;
      this.nulls = new boolean[columns];
      long bytes = 0;
      boolean any = false;
      for (int c = 0; c < columns; c++) {
        int[] starts = slotStart[c];
        if (starts == null) {
          bytes += (long) source.dataType(c).fixedWidth() * count;
        } else {
          for (int i = 0; i < count; i++) {
            int r = picked[i];
            bytes += starts[r + 1] - starts[r];
          }
        }
        nulls[c] = anyNull(c, picked, count);
        any |= nulls[c];
      }
      this.anyNulls = any;
      this.size = bytes + NullSection.size(columns, count, c -> nulls[c]);
    }

    @Override
    public int rowCount() {
      return count;
    }

    @Override
    public long valuesSize() {
      return size;
    }

    @Override
    public void writeTimestamps(WireBuffer out, TimePrecision p) {
      requirePrecision(p);
      out.ensureRemaining(8L * count);
      byte[] src = times.array();
      byte[] dst = out.array();
      int at = out.position();
      for (int i = 0; i < count; i++) {
        System.arraycopy(src, picked[i] << 3, dst, at, 8);
        at += 8;
      }
      out.position(at);
    }

    @Override
    public void writeValues(WireBuffer out, TimePrecision p) {
      requirePrecision(p);
      out.ensureRemaining(size);
      byte[] src = values.array();
      byte[] dst = out.array();
      int at = out.position();
      for (int c = 0; c < columns; c++) {
        int[] starts = slotStart[c];
        if (starts == null) {
          int width = source.dataType(c).fixedWidth();
          int base = columnStart[c];
          for (int i = 0; i < count; i++) {
            System.arraycopy(src, base + picked[i] * width, dst, at, width);
            at += width;
          }
        } else {
          for (int i = 0; i < count; i++) {
            int r = picked[i];
            int len = starts[r + 1] - starts[r];
            System.arraycopy(src, starts[r], dst, at, len);
            at += len;
          }
        }
      }
      out.position(at);
      if (anyNulls) {
        NullSection.write(out, columns, count, c -> nulls[c], (c, o) -> {
          int start = NullSection.startBitmap(o, count);
          byte[] bitmap = o.array();
          for (int i = 0; i < count; i++) {
            if (isNull(c, picked[i])) {
              NullSection.setNull(bitmap, start, i);
            }
          }
        });
      }
    }

    @Override
    public String toString() {
      return count + " of the rows of " + EncodedRows.this;
    }
  }

  @Override
  InsertBatch source() {
    return source;
  }

  private static int readInt(byte[] a, int at) {
    return BigEndian.getInt(a, at);
  }

  private static long mix(long h, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    return hashBytes(h * 0x94D049BB133111EBL, bytes, 0, bytes.length);
  }

  private static long hashBytes(long h, byte[] a, int from, int len) {
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      h = Long.rotateLeft(h ^ ((long) LONG_LE.get(a, from + i) * 0x9E3779B97F4A7C15L), 29) * 0xBF58476D1CE4E5B9L;
    }
    long tail = len;
    for (; i < len; i++) {
      tail = (tail << 8) | (a[from + i] & 0xFF);
    }
    return Long.rotateLeft(h ^ (tail * 0x9E3779B97F4A7C15L), 29) * 0xBF58476D1CE4E5B9L;
  }

  /** Murmur3's 64-bit finaliser. */
  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }
}
