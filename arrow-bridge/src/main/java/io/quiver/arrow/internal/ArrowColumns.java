package io.quiver.arrow.internal;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.NullSection;
import io.quiver.client.spi.WireBuffer;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/**
 * The columns of an {@code ArrowTablet}, checked and mapped once: the time column and one encoder
 * per other column, with its category. The one public entry point to the package's encoders
 * (which are package-private): it derives row ranges and writes the request's timestamps and
 * values section. Immutable; reads the vectors only when written.
 */
public final class ArrowColumns {
  private final int rows;
  private final TimeColumn time;
  private final ColumnEncoder[] columns;
  private final ColumnCategory[] categories;

  ArrowColumns(int rows, TimeColumn time, ColumnEncoder[] columns, ColumnCategory[] categories) {
    this.rows = rows;
    this.time = time;
    this.columns = columns;
    this.categories = categories;
  }

  /**
   * Checks {@code root} against a tablet's settings and maps each column's type; see {@code
   * ArrowTablet.Builder#build()} for what is refused.
   *
   * @param timeColumn the time column's name, or null for "time"
   * @param categories lower-cased names to their category, as given
   * @param spelling lower-cased names as the caller spelled them (for messages)
   * @param textColumns names asked to be sent as TEXT
   * @throws io.quiver.client.InvalidBatchException naming the column, if the root does not fit
   */
  public static ArrowColumns check(String tableName, VectorSchemaRoot root, String timeColumn,
      Map<String, ColumnCategory> categories, Map<String, String> spelling,
      List<String> textColumns, boolean allText, DictionaryProvider dictionaries) {
    return new SchemaCheck(tableName, root, categories, spelling, textColumns)
        .check(timeColumn, allText, dictionaries);
  }

  public int rowCount() {
    return rows;
  }

  public int columnCount() {
    return columns.length;
  }

  public String columnName(int i) {
    return columns[i].name();
  }

  public DataType dataType(int i) {
    return columns[i].dataType();
  }

  public ColumnCategory category(int i) {
    return categories[i];
  }

  public String timeColumnName() {
    return time.name();
  }

  /** The root's row that is row 0 here. */
  public int firstRow() {
    return time.firstRow();
  }

  /**
   * Rows {@code [from, from + n)} of these, over the same vectors (see {@link
   * ColumnEncoder#withRows}).
   */
  public ArrowColumns withRows(int from, int n) {
    ColumnEncoder[] range = new ColumnEncoder[columns.length];
    for (int i = 0; i < columns.length; i++) {
      range[i] = columns[i].withRows(from, n);
    }
    return new ArrowColumns(n, time.withRows(from, n), range, categories);
  }

  /** The bytes {@link #writeValues} writes. */
  public long valuesSize() {
    long size = 0;
    for (ColumnEncoder c : columns) {
      size += c.valuesSize();
    }
    return size + NullSection.size(columns.length, rows, c -> columns[c].hasNulls());
  }

  /** Writes the big-endian int64 times in the server's precision. */
  public void writeTimestamps(WireBuffer out, TimePrecision precision) {
    time.writeTimestamps(out, precision);
  }

  /** Writes the columns, in order, then the null-bitmap section if some column has a null. */
  public void writeValues(WireBuffer out, TimePrecision precision) {
    for (ColumnEncoder c : columns) {
      c.writeValues(out, precision);
    }
    NullSection.write(out, columns.length, rows, c -> columns[c].hasNulls(),
        (c, o) -> columns[c].writeNullBitmap(o));
  }
}
