package io.quiver.client;

import io.quiver.client.internal.QueryCursor;
import io.quiver.client.internal.tsblock.DecodedColumn;
import io.quiver.client.internal.tsblock.TsBlockDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The rows of a query, read with a cursor: {@link #next()} moves to the next row, fetching more
 * from the server as needed, and the getters read the current row's columns by 0-based index or by
 * name.
 *
 * <pre>{@code
 * try (SessionDataSet rows = session.executeQueryStatement("SELECT time, region, temp FROM t1")) {
 *   while (rows.next()) {
 *     Instant t = rows.getTimestamp(0);
 *     String region = rows.getString("region");
 *     double temp = rows.isNull(2) ? Double.NaN : rows.getDouble(2);
 *   }
 * }
 * }</pre>
 *
 * <p>Each fetch's blocks are decoded at once into primitive arrays, column by column (no object per
 * value), so other calls on the same session may come between rows. Primitive getters throw on a
 * null value (check {@link #isNull(int)} first); object getters return null. Widening is allowed
 * (getLong on INT32, getDouble on any number). When the last row has been read, or on {@link
 * #close()}, the query is released on the server. Not thread-safe.
 */
public final class SessionDataSet implements AutoCloseable {
  private final QueryCursor cursor;
  private final TimePrecision precision;
  private final DateTimeFormatter timestampText;
  private final Runnable onClose;
  private final List<String> names;
  private final List<DataType> types;
  private final List<TsBlockDecoder.Block> blocks = new ArrayList<>();
  private int blockIndex;
  private int row = -1;
  private long rowNumber = -1;
  private TsBlockDecoder.Block current;
  private boolean exhausted;
  private boolean closed;

  SessionDataSet(QueryCursor cursor, TimePrecision precision, Runnable onClose) {
    this(cursor, precision, ZoneId.systemDefault(), onClose);
  }

  /** {@code zone}: the session's, in which {@link #getString} shows TIMESTAMP values. */
  SessionDataSet(QueryCursor cursor, TimePrecision precision, ZoneId zone, Runnable onClose) {
    this.cursor = cursor;
    this.precision = precision;
    this.timestampText = timestampFormat(precision, zone);
    this.onClose = onClose;
    this.names = cursor.columnNames();
    this.types = cursor.columnTypes();
  }

  /** The output column names, in order. */
  public List<String> getColumnNames() {
    return names;
  }

  /** The IoTDB type of each output column. */
  public List<DataType> getColumnTypes() {
    return types;
  }

  public int columnCount() {
    return names.size();
  }

  /** The index of the column with this name (case-insensitive). */
  public int findColumn(String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("the query has no column '" + name + "'; its columns are " + names);
  }

  /**
   * Moves to the next row.
   *
   * @return false when there are no more rows (the query is then released on the server)
   */
  public boolean next() {
    if (closed) {
      throw new SessionClosedException("this SessionDataSet is closed");
    }
    if (exhausted) {
      return false;
    }
    while (true) {
      if (current != null && row + 1 < blocks.get(blockIndex).positionCount()) {
        row++;
        rowNumber++;
        return true;
      }
      if (current != null) {
        blockIndex++;
      }
      if (blockIndex >= blocks.size() && !fetch()) {
        exhausted = true;
        current = null;
        release();
        return false;
      }
      current = blocks.get(blockIndex);
      row = -1;
    }
  }

  /** Reads the next fetch's blocks; false when the query has none. */
  private boolean fetch() {
    blocks.clear();
    blockIndex = 0;
    List<ByteBuffer> raw;
    do {
      raw = cursor.nextBlocks();
      if (raw == null) {
        return false;
      }
      for (ByteBuffer b : raw) {
        TsBlockDecoder.Block block = TsBlockDecoder.decode(b.duplicate());
        if (block.positionCount() > 0) {
          blocks.add(block);
        }
      }
    } while (blocks.isEmpty());
    return true;
  }

  private DecodedColumn column(int i) {
    if (current == null) {
      throw new IllegalStateException(
          closed ? "this SessionDataSet is closed" : "no current row: call next() first, and only while it returns true");
    }
    if (i < 0 || i >= names.size()) {
      throw new IndexOutOfBoundsException("column index " + i + ", the query has " + names.size() + " columns (0-based)");
    }
    return current.column(cursor.blockColumn(i));
  }

  public boolean isNull(int i) {
    return column(i).isNull(row);
  }

  public boolean isNull(String name) {
    return isNull(findColumn(name));
  }

  private DecodedColumn nonNull(int i, String getter) {
    DecodedColumn c = column(i);
    if (c.isNull(row)) {
      throw new IllegalStateException("column '" + names.get(i) + "' is null in row " + rowNumber
          + "; check isNull before " + getter);
    }
    return c;
  }

  private IllegalStateException wrongType(int i, String getter) {
    return new IllegalStateException(getter + " cannot read column '" + names.get(i) + "' of type " + types.get(i));
  }

  public boolean getBoolean(int i) {
    DecodedColumn c = nonNull(i, "getBoolean");
    if (types.get(i) != DataType.BOOLEAN) {
      throw wrongType(i, "getBoolean");
    }
    return c.getBoolean(row);
  }

  public int getInt(int i) {
    DecodedColumn c = nonNull(i, "getInt");
    if (types.get(i) != DataType.INT32 && types.get(i) != DataType.DATE) {
      throw wrongType(i, "getInt");
    }
    return c.getInt(row);
  }

  /** INT64 and TIMESTAMP as stored (timestamps in the server's precision), INT32 widened. */
  public long getLong(int i) {
    DecodedColumn c = nonNull(i, "getLong");
    switch (types.get(i)) {
      case INT64:
      case TIMESTAMP:
        return c.getLong(row);
      case INT32:
        return c.getInt(row);
      default:
        throw wrongType(i, "getLong");
    }
  }

  public float getFloat(int i) {
    DecodedColumn c = nonNull(i, "getFloat");
    if (types.get(i) != DataType.FLOAT) {
      throw wrongType(i, "getFloat");
    }
    return c.getFloat(row);
  }

  /** DOUBLE, or any other number widened. */
  public double getDouble(int i) {
    DecodedColumn c = nonNull(i, "getDouble");
    switch (types.get(i)) {
      case DOUBLE:
        return c.getDouble(row);
      case FLOAT:
        return c.getFloat(row);
      case INT32:
        return c.getInt(row);
      case INT64:
        return c.getLong(row);
      default:
        throw wrongType(i, "getDouble");
    }
  }

  /**
   * The value as text: strings as they are, BLOB as 0x-hex, DATE as yyyy-MM-dd, TIMESTAMP as ISO
   * 8601 in the session's time zone with the server's precision (e.g. {@code
   * 2024-01-01T08:00:00.000+08:00}), as IoTDB's own CLI shows it.
   */
  public String getString(int i) {
    DecodedColumn c = column(i);
    if (c.isNull(row)) {
      return null;
    }
    switch (types.get(i)) {
      case TEXT:
      case STRING:
        return new String(c.binaryData(), c.binaryOffset(row), c.binaryLength(row), StandardCharsets.UTF_8);
      case BLOB:
        return "0x" + HexFormat.of().formatHex(c.binaryData(), c.binaryOffset(row), c.binaryOffset(row) + c.binaryLength(row));
      case TIMESTAMP:
        return timestampText.format(getTimestamp(i));
      default:
        return String.valueOf(getObject(i));
    }
  }

  /** The bytes of a BLOB, TEXT or STRING value (a copy), or null. */
  public byte[] getBytes(int i) {
    DecodedColumn c = column(i);
    if (c.isNull(row)) {
      return null;
    }
    DataType t = types.get(i);
    if (!t.isVariableWidth()) {
      throw wrongType(i, "getBytes");
    }
    int off = c.binaryOffset(row);
    byte[] out = new byte[c.binaryLength(row)];
    System.arraycopy(c.binaryData(), off, out, 0, out.length);
    return out;
  }

  /** A DATE value, or null. */
  public LocalDate getDate(int i) {
    DecodedColumn c = column(i);
    if (c.isNull(row)) {
      return null;
    }
    if (types.get(i) != DataType.DATE) {
      throw wrongType(i, "getDate");
    }
    int v = c.getInt(row);
    return LocalDate.of(v / 10000, (v / 100) % 100, v % 100);
  }

  /** A TIMESTAMP value as an instant (converted from the server's precision), or null. */
  public Instant getTimestamp(int i) {
    DecodedColumn c = column(i);
    if (c.isNull(row)) {
      return null;
    }
    if (types.get(i) != DataType.TIMESTAMP) {
      throw wrongType(i, "getTimestamp");
    }
    return precision.toInstant(c.getLong(row));
  }

  /**
   * The value as an object, or null: Boolean, Integer, Long, Float, Double, String (TEXT, STRING),
   * byte[] (BLOB), LocalDate (DATE) or Instant (TIMESTAMP).
   */
  public Object getObject(int i) {
    DecodedColumn c = column(i);
    if (c.isNull(row)) {
      return null;
    }
    switch (types.get(i)) {
      case BOOLEAN: return c.getBoolean(row);
      case INT32: return c.getInt(row);
      case INT64: return c.getLong(row);
      case FLOAT: return c.getFloat(row);
      case DOUBLE: return c.getDouble(row);
      case DATE: return getDate(i);
      case TIMESTAMP: return getTimestamp(i);
      case BLOB: return getBytes(i);
      default: return getString(i);
    }
  }

  public boolean getBoolean(String name) {
    return getBoolean(findColumn(name));
  }

  public int getInt(String name) {
    return getInt(findColumn(name));
  }

  public long getLong(String name) {
    return getLong(findColumn(name));
  }

  public float getFloat(String name) {
    return getFloat(findColumn(name));
  }

  public double getDouble(String name) {
    return getDouble(findColumn(name));
  }

  public String getString(String name) {
    return getString(findColumn(name));
  }

  public byte[] getBytes(String name) {
    return getBytes(findColumn(name));
  }

  public LocalDate getDate(String name) {
    return getDate(findColumn(name));
  }

  public Instant getTimestamp(String name) {
    return getTimestamp(findColumn(name));
  }

  public Object getObject(String name) {
    return getObject(findColumn(name));
  }

  /** True if the server still holds this query open (not yet read to the end nor closed). */
  public boolean isOpenOnServer() {
    return cursor.isOpenOnServer();
  }

  /** Releases the query on the server (if still open) and this data set. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    current = null;
    blocks.clear();
    release();
  }

  private void release() {
    try {
      cursor.close();
    } finally {
      onClose.run();
    }
  }

  @Override
  public String toString() {
    return "SessionDataSet" + names + (closed ? " (closed)" : "") + String.format(Locale.ROOT, " at row %d", rowNumber);
  }

  private static DateTimeFormatter timestampFormat(TimePrecision precision, ZoneId zone) {
    String fraction;
    switch (precision) {
      case MILLISECONDS: fraction = ".SSS"; break;
      case MICROSECONDS: fraction = ".SSSSSS"; break;
      default: fraction = ".SSSSSSSSS"; break;
    }
    return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss" + fraction + "xxx").withZone(zone);
  }
}
