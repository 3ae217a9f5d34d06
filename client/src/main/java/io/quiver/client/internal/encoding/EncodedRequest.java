package io.quiver.client.internal.encoding;

import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.InsertBatch;
import io.quiver.client.spi.WireBuffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The column-encoded form of an insert request's {@code timestamps} and {@code values}: what
 * {@code TSInsertTabletReq} carries when {@code isCompressed} is true, with {@code encodingTypes}
 * (the time column's encoding first, then one per column) and {@code compressType} 0
 * (uncompressed) or 2 (GZIP, {@link Gzip}, on top of the encodings). The encodings are those the official Java client uses by default, and the bytes
 * are those its {@code TabletEncoder} writes for the same rows and encodings:
 *
 * <table>
 *   <caption>Encoding per column type</caption>
 *   <tr><th>type</th><th>encoding (code)</th><th>layout</th></tr>
 *   <tr><td>time, INT32, INT64, TIMESTAMP, DATE</td><td>TS_2DIFF (4)</td><td>{@link TwoDiff}</td></tr>
 *   <tr><td>FLOAT, DOUBLE</td><td>GORILLA (8)</td><td>{@link Gorilla}</td></tr>
 *   <tr><td>TEXT, STRING, BLOB</td><td>PLAIN (0)</td><td>as in a plain request: int32 length +
 *       bytes per row, a null row as length 0</td></tr>
 *   <tr><td>BOOLEAN</td><td>RLE (2)</td><td>{@link BooleanRle}</td></tr>
 * </table>
 *
 * The null-bitmap section follows the columns as in a plain request (see {@link InsertBatch}),
 * except that, as in the reference, it is always there (a marker 0 per column when no row is
 * null) and the bits of a bitmap's last byte past the last row are set.
 *
 * <h2>Null rows</h2>
 *
 * A null row still takes a value in an encoded column, and the reference writes the value of the
 * row before (0 for row 0, and 0 after a null, since it reads its own value array): so does this
 * class, which keeps the encodings' runs unbroken. DATE differs: the reference writes 1000-01-01
 * (10000101) for a null row 0 and fails on two nulls in a row; here a null row after a null or at
 * row 0 gets 10000101.
 *
 * <h2>How</h2>
 *
 * The batch writes its plain buffers (exactly what a plain request would carry) into reused
 * scratch buffers, and each column is encoded from there: one more pass over the plain bytes,
 * which keeps one encoder for every {@link InsertBatch} (Arrow or row tablets) and the batch's
 * checks unchanged. Nothing is allocated per request once the buffers have grown.
 *
 * <p>Not thread-safe: one per connection.
 */
public final class EncodedRequest {
  /** Batches with fewer rows are sent plain, as the official client does (its default 10). */
  public static final int MIN_ROWS = 10;

  public static final byte PLAIN = 0;
  public static final byte RLE = 2;
  public static final byte TS_2DIFF = 4;
  public static final byte GORILLA = 8;
  /** {@code compressType}: IoTDB's CompressionType.UNCOMPRESSED. */
  public static final byte UNCOMPRESSED = 0;
  /** {@code compressType}: IoTDB's CompressionType.GZIP (see {@link Gzip}). */
  public static final byte GZIP = 2;

  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final int DATE_PLACEHOLDER = 10000101;

  private final WireBuffer plainTimes = new WireBuffer(64 * 1024);
  private final WireBuffer plainValues = new WireBuffer(64 * 1024);
  private final WireBuffer times = new WireBuffer(16 * 1024);
  private final WireBuffer values = new WireBuffer(64 * 1024);
  private final byte compressType;
  private final int gzipLevel;
  private final WireBuffer compressedTimes;
  private final WireBuffer compressedValues;
  private final TwoDiff twoDiff = new TwoDiff();
  private final Gorilla gorilla = new Gorilla();
  private final BooleanRle booleanRle = new BooleanRle();
  private byte[] booleans = new byte[1024];
  private long[] column = new long[1024];
  private int[] starts = new int[0];
  private int[] bitmaps = new int[0];
  private byte[] encodings = new byte[0];
  private int columns;

  /** Encoded columns, uncompressed. */
  public EncodedRequest() {
    this(UNCOMPRESSED);
  }

  /**
   * Encoded columns, then GZIP at {@link java.util.zip.Deflater#BEST_SPEED} if asked.
   *
   * @param compressType {@link #UNCOMPRESSED} or {@link #GZIP}
   * @throws IllegalArgumentException for another type
   */
  public EncodedRequest(byte compressType) {
    this(compressType, java.util.zip.Deflater.BEST_SPEED);
  }

  /**
   * @param compressType {@link #UNCOMPRESSED} or {@link #GZIP}
   * @param gzipLevel the {@link java.util.zip.Deflater} level for GZIP ({@code
   *     DEFAULT_COMPRESSION} writes the official client's exact bytes)
   * @throws IllegalArgumentException for another type
   */
  public EncodedRequest(byte compressType, int gzipLevel) {
    if (compressType != UNCOMPRESSED && compressType != GZIP) {
      throw new IllegalArgumentException("compressType " + compressType
          + ": only 0 (uncompressed) and 2 (GZIP) are supported");
    }
    this.compressType = compressType;
    this.gzipLevel = gzipLevel;
    this.compressedTimes = compressType == GZIP ? new WireBuffer(16 * 1024) : null;
    this.compressedValues = compressType == GZIP ? new WireBuffer(64 * 1024) : null;
  }

  /** The request's {@code compressType}. */
  public byte compressType() {
    return compressType;
  }

  /** The encoding of a column of this type. */
  public static byte encodingOf(DataType type) {
    switch (type) {
      case INT32:
      case INT64:
      case TIMESTAMP:
      case DATE:
        return TS_2DIFF;
      case FLOAT:
      case DOUBLE:
        return GORILLA;
      case BOOLEAN:
        return RLE;
      default:
        return PLAIN;
    }
  }

  /**
   * Encodes the batch: afterwards {@link #times()} and {@link #values()} hold the request's two
   * binary fields and {@link #encoding} the encodings.
   *
   * @throws io.quiver.client.InvalidBatchException as the batch's own writes do
   */
  public void encode(InsertBatch batch, TimePrecision precision) {
    int rows = batch.rowCount();
    columns = batch.columnCount();
    if (starts.length < columns + 1) {
      encodings = new byte[columns + 1];
      starts = new int[columns + 1];
      bitmaps = new int[columns];
    }
    if (column.length < rows) {
      column = new long[Math.max(rows, column.length * 2)];
    }
    plainTimes.position(0);
    plainTimes.ensureRemaining(8L * rows);
    batch.writeTimestamps(plainTimes, precision);
    plainValues.position(0);
    plainValues.ensureRemaining(batch.valuesSize());
    batch.writeValues(plainValues, precision);

    byte[] t = plainTimes.array();
    for (int r = 0; r < rows; r++) {
      column[r] = (long) LONG_BE.get(t, r << 3);
    }
    times.position(0);
    encodings[0] = TS_2DIFF;
    twoDiff.encode(column, rows, true, times);

    byte[] v = plainValues.array();
    int end = plainValues.position();
    int bitmapSection = locate(batch, v, rows, end);
    values.position(0);
    for (int c = 0; c < columns; c++) {
      DataType type = batch.dataType(c);
      byte encoding = encodingOf(type);
      encodings[c + 1] = encoding;
      int from = starts[c];
      int to = starts[c + 1];
      switch (type) {
        case INT32:
        case DATE:
        case INT64:
        case TIMESTAMP:
          read(v, from, rows, type, bitmaps[c]);
          twoDiff.encode(column, rows, type.fixedWidth() == 8, values);
          break;
        case FLOAT:
        case DOUBLE:
          read(v, from, rows, type, bitmaps[c]);
          gorilla.encode(column, rows, type == DataType.DOUBLE, values);
          break;
        case BOOLEAN:
          readBooleans(v, from, rows, bitmaps[c]);
          booleanRle.encode(booleans, 0, rows, values);
          break;
        default:
          values.putBytes(v, from, to - from);
          break;
      }
    }
    int section = values.position();
    if (bitmapSection == end) {
      // No null: a marker 0 per column, as the reference writes for its tablets.
      values.putZeros(columns);
    }
    values.putBytes(v, bitmapSection, end - bitmapSection);
    // The reference's bitmaps mark the bits past the last row as null; the server ignores them.
    byte[] out = values.array();
    for (int c = 0; c < columns; c++) {
      if (bitmaps[c] >= 0) {
        out[section + bitmaps[c] - bitmapSection + rows / 8] |= (byte) (0xFF << (rows & 7));
      }
    }
    if (compressType == GZIP) {
      Gzip.compress(times, compressedTimes, gzipLevel);
      Gzip.compress(values, compressedValues, gzipLevel);
    }
  }

  /**
   * Finds where each column starts in the plain values, and its null bitmap (-1 if none); returns
   * where the bitmap section starts (the end if there is none).
   */
  private int locate(InsertBatch batch, byte[] v, int rows, int end) {
    int at = 0;
    for (int c = 0; c < columns; c++) {
      starts[c] = at;
      int width = batch.dataType(c).fixedWidth();
      if (width > 0) {
        at += width * rows;
      } else {
        for (int r = 0; r < rows; r++) {
          at += 4 + (int) INT_BE.get(v, at);
        }
      }
    }
    starts[columns] = at;
    int section = at;
    for (int c = 0; c < columns; c++) {
      bitmaps[c] = -1;
      if (at < end && v[at++] != 0) {
        bitmaps[c] = at;
        at += rows / 8 + 1;
      }
    }
    if (at != end) {
      throw new IllegalStateException(batch.getClass().getName() + " wrote " + end
          + " bytes of values for table '" + batch.tableName() + "' but its layout ends at " + at
          + "; this is a bug in the batch");
    }
    return section;
  }

  private static boolean isNull(byte[] v, int bitmap, int row) {
    return bitmap >= 0 && (v[bitmap + (row >>> 3)] & (1 << (row & 7))) != 0;
  }

  /** Reads a fixed-width column into {@link #column}, null rows as the reference fills them. */
  private void read(byte[] v, int from, int rows, DataType type, int bitmap) {
    long[] out = column;
    if (type.fixedWidth() == 8) {
      for (int r = 0; r < rows; r++) {
        out[r] = (long) LONG_BE.get(v, from + (r << 3));
      }
    } else {
      for (int r = 0; r < rows; r++) {
        out[r] = (int) INT_BE.get(v, from + (r << 2));
      }
    }
    if (bitmap < 0) {
      return;
    }
    boolean date = type == DataType.DATE;
    // Right to left, so that out[r - 1] is still the plain value of row r - 1 when row r takes
    // it; a null row r - 1 gives 0 (DATE: the placeholder).
    for (int r = rows - 1; r >= 0; r--) {
      if (!isNull(v, bitmap, r)) {
        continue;
      }
      if (r == 0 || isNull(v, bitmap, r - 1)) {
        out[r] = date ? DATE_PLACEHOLDER : 0;
      } else {
        out[r] = out[r - 1];
      }
    }
  }

  /**
   * Reads a BOOLEAN column (a byte 0 or 1 per row) into {@link #booleans}, a null row taking the
   * value of the row before when that one is not null, as the reference does (the plain bytes of
   * a null row are 0).
   */
  private void readBooleans(byte[] v, int from, int rows, int bitmap) {
    if (booleans.length < rows) {
      booleans = new byte[Math.max(rows, booleans.length * 2)];
    }
    byte[] dst = booleans;
    System.arraycopy(v, from, dst, 0, rows);
    if (bitmap < 0) {
      return;
    }
    for (int r = 1; r < rows; r++) {
      if (isNull(v, bitmap, r) && !isNull(v, bitmap, r - 1)) {
        dst[r] = v[from + r - 1];
      }
    }
  }

  /** The request's {@code timestamps} field: the encoded time column. */
  public WireBuffer times() {
    return compressType == GZIP ? compressedTimes : times;
  }

  /** The request's {@code values} field: the encoded columns, then the null-bitmap section. */
  public WireBuffer values() {
    return compressType == GZIP ? compressedValues : values;
  }

  /** The encoding of column {@code i} of the last batch; {@code -1} is the time column. */
  public byte encoding(int i) {
    return encodings[i + 1];
  }

  /** The number of columns of the last batch, the time column excluded. */
  public int columnCount() {
    return columns;
  }
}
