package io.quiver.arrow;

import io.quiver.arrow.internal.ArrowColumns;
import io.quiver.arrow.internal.Errors;
import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.InsertBatch;
import io.quiver.client.spi.WireBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/**
 * An Arrow {@link VectorSchemaRoot} as a batch of rows for one IoTDB table, written straight from
 * Arrow memory into the session's request frame.
 *
 * <pre>{@code
 * ArrowTablet tablet = ArrowTablet.builder("t1", root)
 *     .time("ts")              // default: the column named "time" (any case)
 *     .tag("region")
 *     .attribute("model")
 *     .asText("note")          // STRING columns are sent as STRING unless asked
 *     .build();                // every other column is a FIELD
 * session.insert(tablet);
 * }</pre>
 *
 * <h2>Columns</h2>
 *
 * One column of the root holds the time: a Timestamp of any unit, with or without a zone (converted
 * to the server's precision), or an Int64 taken as already in the server's precision. A null time
 * fails the batch naming its row. Every other column is sent, in the root's order, as a TAG,
 * ATTRIBUTE or (by default) FIELD; TAG and ATTRIBUTE columns must map to STRING or TEXT. Names are
 * matched case-insensitively (IoTDB lower-cases them), and two columns whose names differ only in
 * case are rejected.
 *
 * <h2>Type mapping</h2>
 *
 * <table>
 *   <caption>Arrow types and the IoTDB types they are sent as</caption>
 *   <tr><th>Arrow type</th><th>IoTDB type</th><th>notes</th></tr>
 *   <tr><td>Bool (Bit)</td><td>BOOLEAN</td><td>one byte 0 or 1 per row</td></tr>
 *   <tr><td>Int8, Int16, Int32</td><td>INT32</td><td>sign-extended</td></tr>
 *   <tr><td>Int64</td><td>INT64</td><td></td></tr>
 *   <tr><td>UInt8 (UInt1), UInt16 (UInt2)</td><td>INT32</td><td>zero-extended</td></tr>
 *   <tr><td>UInt32 (UInt4)</td><td>INT64</td><td>zero-extended</td></tr>
 *   <tr><td>UInt64 (UInt8)</td><td>INT64</td><td>a value above {@code Long.MAX_VALUE} fails the
 *       batch naming its row</td></tr>
 *   <tr><td>Float32 (Float4)</td><td>FLOAT</td><td>raw IEEE-754 bits</td></tr>
 *   <tr><td>Float64 (Float8)</td><td>DOUBLE</td><td>raw IEEE-754 bits</td></tr>
 *   <tr><td>Utf8, LargeUtf8, Utf8View</td><td>STRING, or TEXT with {@link Builder#asText}</td>
 *       <td>bytes as they are (UTF-8)</td></tr>
 *   <tr><td>dictionary-encoded Utf8 or LargeUtf8</td><td>STRING, or TEXT</td><td>indices of any
 *       integer type; the dictionary from {@link Builder#dictionaries}</td></tr>
 *   <tr><td>Binary, LargeBinary, BinaryView, FixedSizeBinary, dictionary-encoded Binary or
 *       LargeBinary</td><td>BLOB</td><td></td></tr>
 *   <tr><td>Date (DAY, MILLISECOND)</td><td>DATE</td><td>the int yyyymmdd (milliseconds floored to
 *       the day); a year outside 1000 to 9999 fails the batch naming its row, because the server
 *       does not check</td></tr>
 *   <tr><td>Timestamp (any unit, any or no zone)</td><td>TIMESTAMP</td><td>converted to the
 *       server's precision: multiplied (an overflow fails the batch naming its row, never wraps)
 *       or divided rounding toward negative infinity</td></tr>
 *   <tr><td>anything else: Decimal, Float16, Time, Duration, Interval, List, Struct, Map, Union,
 *       Null, ...</td><td>rejected by {@link Builder#build()}</td><td>convert it first</td></tr>
 * </table>
 *
 * <p>The values of a null row are sent as the row {@link io.quiver.client.Tablet} sends them (0,
 * false, a zero length), so both write identical bytes for the same data; the null bitmap section
 * is written only when some column has a null.
 *
 * <h2>Copies</h2>
 *
 * Each value byte is copied once before the kernel: from Arrow memory into the session's request
 * frame array, swapped to big-endian on the way; the frame then goes to the socket in one write.
 * Buffers are read by address after a bounds check per column, so no JVM flags are needed.
 * Encoding allocates no Arrow memory and no per-value objects (details: the package-private
 * {@code internal.ColumnEncoder}, reached through {@code internal.ArrowColumns}).
 *
 * <h2>Lifetime</h2>
 *
 * {@link Builder#build()} checks the schema and maps the types, once per column; it keeps
 * references to the root's vectors (and dictionaries) but copies nothing. The values are read from
 * the vectors when the batch is written, during {@code TableSession.insert}. So <b>the root must
 * not be changed between {@code build()} and {@code insert()}</b>; once {@code insert} returns, the
 * tablet holds nothing the caller needs, and the root may be cleared, refilled or closed (build a
 * new tablet for the next batch). The tablet never changes the root, its vectors or their buffers,
 * and allocates no Arrow memory. A vector found changed in size when the batch is written fails it
 * with an {@link InvalidBatchException} rather than reading outside its buffers.
 *
 * <p>Values IoTDB cannot take (a null time, an overflowing time, a UInt64 above {@code
 * Long.MAX_VALUE}, a date outside the years 1000 to 9999) are found while writing and fail the
 * insert with an {@link InvalidBatchException} naming the column and row; nothing is sent.
 *
 * <h2>Row ranges</h2>
 *
 * {@link #rows(int, int)} gives a tablet of a range of the rows (starting at a multiple of 64) over
 * the same vectors, copying nothing; the session uses it to send a batch larger than the server's
 * frame limit as several requests. A range writes exactly what a tablet over a root of only its
 * rows would, and its errors name the row of the root.
 *
 * <p>Not thread-safe; the root is not either.
 */
public final class ArrowTablet implements InsertBatch {
  private final String tableName;
  private final int rows;
  /** The time column and the other columns' encoders, checked and mapped by the builder. */
  private final ArrowColumns columns;

  private ArrowTablet(String tableName, ArrowColumns columns) {
    this.tableName = tableName;
    this.rows = columns.rowCount();
    this.columns = columns;
  }

  /**
   * Starts a tablet for the rows of {@code root}, going to the table {@code tableName}.
   *
   * @param tableName the table
   * @param root the rows; not retained beyond the insert, never changed
   */
  public static Builder builder(String tableName, VectorSchemaRoot root) {
    return new Builder(tableName, root);
  }

  /**
   * A tablet with the defaults: the time in the column named "time", every other column a FIELD.
   *
   * @throws InvalidBatchException if the root does not fit (see {@link Builder#build()})
   */
  public static ArrowTablet of(String tableName, VectorSchemaRoot root) {
    return builder(tableName, root).build();
  }

  @Override
  public String tableName() {
    return tableName;
  }

  @Override
  public int rowCount() {
    return rows;
  }

  @Override
  public int columnCount() {
    return columns.columnCount();
  }

  @Override
  public String columnName(int i) {
    return columns.columnName(i);
  }

  @Override
  public DataType dataType(int i) {
    return columns.dataType(i);
  }

  @Override
  public ColumnCategory category(int i) {
    return columns.category(i);
  }

  /** The name of the time column. */
  public String timeColumnName() {
    return columns.timeColumnName();
  }

  /**
   * The root's row that is this tablet's row 0: 0 for a tablet built over a root, the start of the
   * range for one made by {@link #rows}.
   */
  public int firstRow() {
    return columns.firstRow();
  }

  /**
   * A tablet of rows {@code [from, to)} of this one, over the same vectors: same table, columns,
   * categories and types, {@code to - from} rows, writing exactly the bytes an ArrowTablet over a
   * root holding only those rows would write (the null-bitmap section included, which depends only
   * on the nulls of those rows). It copies nothing and allocates no Arrow memory; the root must stay
   * unchanged until it has been written, as for this tablet. An error while writing it names the
   * row of the root ({@link #firstRow()} + row), not of the range. A range of a range works the
   * same way.
   *
   * <p>The session uses it to split a batch larger than the server's frame limit.
   *
   * @param from the first row, a multiple of 64 (so the range's validity starts on a whole 64-bit
   *     word)
   * @param to the row after the last
   * @return the range; {@code this} for the whole tablet
   * @throws IllegalArgumentException unless {@code 0 <= from <= to <= rowCount()} and {@code from}
   *     is a multiple of 64
   */
  @Override
  public ArrowTablet rows(int from, int to) {
    if (from < 0 || from > to || to > rows) {
      throw new IllegalArgumentException("rows [" + from + ", " + to + ") of " + this
          + ": give 0 <= from <= to <= " + rows);
    }
    if ((from & 63) != 0) {
      throw new IllegalArgumentException("rows [" + from + ", " + to + ") of " + this
          + ": from must be a multiple of 64, so that the range's validity starts on a whole"
          + " 64-bit word");
    }
    if (from == 0 && to == rows) {
      return this;
    }
    return new ArrowTablet(tableName, columns.withRows(from, to - from));
  }

  @Override
  public long valuesSize() {
    return columns.valuesSize();
  }

  /**
   * Writes {@link #rowCount()} big-endian int64 times in the server's precision.
   *
   * @throws InvalidBatchException naming the row of a null time or of a time that overflows the
   *     server's precision
   */
  @Override
  public void writeTimestamps(WireBuffer out, TimePrecision precision) {
    columns.writeTimestamps(out, precision);
  }

  /**
   * Writes the columns, in order, then the null-bitmap section if some column has a null: a marker
   * byte per column, 0 for a column without nulls, 1 followed by {@code rows / 8 + 1} bitmap bytes
   * (LSB first, set bit = null) for a column with some. See {@link InsertBatch} for the layout and
   * the package-private {@code internal.ColumnEncoder} for each column's.
   *
   * @throws InvalidBatchException naming the column and row of a value IoTDB cannot take
   */
  @Override
  public void writeValues(WireBuffer out, TimePrecision precision) {
    columns.writeValues(out, precision);
  }

  @Override
  public String toString() {
    int first = columns.firstRow();
    return "ArrowTablet[" + tableName + ", " + rows + " rows"
        + (first == 0 ? "" : " from row " + first + " of the root") + ", time " + columns.timeColumnName()
        + ", " + columns.columnCount() + " columns]";
  }

  /**
   * Says which column holds the time and what each other column is, then checks the root once
   * ({@link #build()}). Column names are matched case-insensitively.
   */
  public static final class Builder {
    private final String tableName;
    private final VectorSchemaRoot root;
    private String timeColumn;
    /** Lower-cased name → category, in the order given. */
    private final Map<String, ColumnCategory> categories = new LinkedHashMap<>();
    private final Map<String, String> spelling = new HashMap<>();
    private final List<String> textColumns = new ArrayList<>();
    private boolean allText;
    private DictionaryProvider dictionaries;

    private Builder(String tableName, VectorSchemaRoot root) {
      this.tableName = tableName;
      this.root = root;
    }

    /** The column that holds the time; by default the column named "time". */
    public Builder time(String column) {
      this.timeColumn = column;
      return this;
    }

    /** Makes these columns TAGs (they identify the device). They must hold strings. */
    public Builder tag(String... columns) {
      return category(ColumnCategory.TAG, columns);
    }

    /** Makes these columns ATTRIBUTEs (per-device properties). They must hold strings. */
    public Builder attribute(String... columns) {
      return category(ColumnCategory.ATTRIBUTE, columns);
    }

    /** Makes these columns FIELDs, which every column not named otherwise already is. */
    public Builder field(String... columns) {
      return category(ColumnCategory.FIELD, columns);
    }

    /** Gives these columns a category. */
    public Builder category(ColumnCategory category, String... columns) {
      if (category == null) {
        throw new IllegalArgumentException("give a category");
      }
      for (String c : checkNames(columns)) {
        String key = key(c);
        ColumnCategory before = categories.putIfAbsent(key, category);
        if (before != null && before != category) {
          throw Errors.invalid(tableName, c, -1, "it is given as both " + before + " and "
              + category + "; give each column one category");
        }
        spelling.putIfAbsent(key, c);
      }
      return this;
    }

    /** Sends these string columns as TEXT instead of STRING (the payload is the same). */
    public Builder asText(String... columns) {
      for (String c : checkNames(columns)) {
        textColumns.add(c);
      }
      return this;
    }

    /** Sends every string column as TEXT instead of STRING. */
    public Builder allStringsAsText() {
      this.allText = true;
      return this;
    }

    /** The dictionaries of the root's dictionary-encoded columns (the root holds the indices). */
    public Builder dictionaries(DictionaryProvider provider) {
      this.dictionaries = provider;
      return this;
    }

    private static String[] checkNames(String[] columns) {
      if (columns == null) {
        throw new IllegalArgumentException("give column names");
      }
      for (String c : columns) {
        if (c == null || c.isBlank()) {
          throw new IllegalArgumentException("a column name is null or blank");
        }
      }
      return columns;
    }

    private static String key(String name) {
      return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Checks the root against the settings and maps each column's type, once. Reads no values.
     *
     * @throws InvalidBatchException naming the column, for: a missing time column, or one that is
     *     not a Timestamp or Int64; a name given to the builder that is not in the root; two
     *     columns whose names differ only in case; an Arrow type with no IoTDB equivalent (naming
     *     the type); a TAG or ATTRIBUTE, or a column asked as TEXT, that does not hold strings; a
     *     vector whose value count differs from the root's row count
     */
    public ArrowTablet build() {
      return new ArrowTablet(tableName, ArrowColumns.check(tableName, root, timeColumn, categories,
          spelling, textColumns, allText, dictionaries));
    }
  }
}
