package io.quiver.client;

import io.quiver.client.spi.InsertBatch;
import io.quiver.client.spi.NullSection;
import io.quiver.client.spi.WireBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Rows for one table, given as Java values: the row-oriented tablet of the IoTDB Python client.
 *
 * <pre>{@code
 * Tablet tablet = new Tablet("table1",
 *     List.of("region", "model", "temperature"),
 *     List.of(DataType.STRING, DataType.STRING, DataType.FLOAT),
 *     List.of(ColumnCategory.TAG, ColumnCategory.ATTRIBUTE, ColumnCategory.FIELD),
 *     List.of(List.of("north", "m1", 20.5f), Arrays.asList("south", "m2", null)),
 *     List.of(1_000L, 2_000L));
 * session.insert(tablet);
 * }</pre>
 *
 * or row by row with {@link #builder(String)}. The value each type takes is listed in {@link
 * DataType}; {@code null} is a null value of any type. Everything is checked when the tablet is
 * made: column lists of equal length, non-empty distinct names, TAG and ATTRIBUTE columns of type
 * STRING or TEXT, one value per column in every row, value types, non-null times, DATE years 1000
 * to 9999. A failure is an {@link InvalidBatchException} naming the column and row. Rows are not
 * sorted: IoTDB accepts them in any order.
 *
 * <p>The values are held column by column in primitive arrays, and strings as UTF-8 bytes, so the
 * tablet encodes without further conversion. Immutable and safe to share once built. {@link
 * #rows(int, int)} gives a range of the rows that shares these arrays.
 */
public final class Tablet implements InsertBatch {
  private final String tableName;
  private final String[] names;
  private final DataType[] types;
  private final ColumnCategory[] categories;
  /**
   * The index in the arrays below of this tablet's row 0: 0 for a tablet made by the constructor,
   * the start of the range for one made by {@link #rows(int, int)}, which shares the arrays.
   */
  private final int first;
  /** The number of rows, from {@link #first}. */
  private final int rows;
  /** Times: a long per row, or an Instant converted when the server precision is known. */
  private final long[] times;
  private final Instant[] instantTimes;
  /** Per column: boolean[], int[], long[], float[], double[] or byte[][]. */
  private final Object[] columns;
  /** Per column: Instants of a TIMESTAMP column given as Instant, else null. */
  private final Instant[][] instantColumns;
  /** Per column: nulls, or null when the column has none among this tablet's rows. */
  private final boolean[][] nulls;
  private final long valuesSize;

  /**
   * A tablet from row-major values, as the Python client's {@code Tablet}.
   *
   * @param tableName the table
   * @param columnNames the columns, time excluded
   * @param dataTypes the type of each column
   * @param categories the category of each column
   * @param rows one list of values per row, in column order
   * @param timestamps the time of each row, in the server's precision (milliseconds by default)
   * @throws InvalidBatchException naming the column and row of the first problem
   */
  public Tablet(
      String tableName,
      List<String> columnNames,
      List<DataType> dataTypes,
      List<ColumnCategory> categories,
      List<? extends List<?>> rows,
      List<?> timestamps) {
    this.tableName = checkTableName(tableName);
    if (columnNames == null || dataTypes == null || categories == null) {
      throw invalid("give column names, data types and categories (none may be null)", null, -1);
    }
    if (columnNames.size() != dataTypes.size() || columnNames.size() != categories.size()) {
      throw invalid(
          columnNames.size() + " column names, " + dataTypes.size() + " data types and "
              + categories.size() + " categories; give one of each per column",
          null,
          -1);
    }
    int cols = columnNames.size();
    this.names = columnNames.toArray(new String[0]);
    this.types = dataTypes.toArray(new DataType[0]);
    this.categories = categories.toArray(new ColumnCategory[0]);
    checkColumns();
    if (rows == null || timestamps == null) {
      throw invalid("give the rows and their timestamps (neither may be null)", null, -1);
    }
    if (rows.size() != timestamps.size()) {
      throw invalid(rows.size() + " rows but " + timestamps.size() + " timestamps; give one time per row", null, -1);
    }
    this.first = 0;
    this.rows = rows.size();
    this.times = new long[this.rows];
    Instant[] instants = null;
    for (int r = 0; r < this.rows; r++) {
      Object t = timestamps.get(r);
      if (t instanceof Long || t instanceof Integer) {
        times[r] = ((Number) t).longValue();
      } else if (t instanceof Instant) {
        if (instants == null) {
          instants = new Instant[this.rows];
        }
        instants[r] = (Instant) t;
      } else if (t == null) {
        throw invalid("the timestamp of row " + r + " is null; every row needs a time", "time", r);
      } else {
        throw invalid("the timestamp of row " + r + " is a " + t.getClass().getName()
            + "; give a Long (server precision) or an Instant", "time", r);
      }
    }
    this.instantTimes = instants;
    this.columns = new Object[cols];
    this.instantColumns = new Instant[cols][];
    this.nulls = new boolean[cols][];
    for (int c = 0; c < cols; c++) {
      columns[c] = TabletColumns.allocate(types[c], this.rows);
    }
    for (int r = 0; r < this.rows; r++) {
      List<?> row = rows.get(r);
      if (row == null) {
        throw invalid("row " + r + " is null; give a list of " + cols + " values", null, r);
      }
      if (row.size() != cols) {
        throw invalid("row " + r + " has " + row.size() + " values but the tablet has " + cols
            + " columns " + Arrays.toString(names), null, r);
      }
      for (int c = 0; c < cols; c++) {
        set(c, r, row.get(c));
      }
    }
    this.valuesSize = computeValuesSize();
  }

  private Tablet(Builder b) {
    this(b.tableName, b.names, b.types, b.categories, b.rows, b.times);
  }

  /** Rows {@code [from, from + count)} of {@code whole}, sharing its arrays. */
  private Tablet(Tablet whole, int from, int count) {
    this.tableName = whole.tableName;
    this.names = whole.names;
    this.types = whole.types;
    this.categories = whole.categories;
    this.first = whole.first + from;
    this.rows = count;
    this.times = whole.times;
    this.instantTimes = whole.instantTimes;
    this.columns = whole.columns;
    this.instantColumns = whole.instantColumns;
    this.nulls = new boolean[whole.nulls.length][];
    for (int c = 0; c < nulls.length; c++) {
      boolean[] n = whole.nulls[c];
      if (n != null) {
        for (int r = first; r < first + rows; r++) {
          if (n[r]) {
            nulls[c] = n; // the column has a null in the range, so it gets a bitmap
            break;
          }
        }
      }
    }
    this.valuesSize = computeValuesSize();
  }

  /** A builder that takes the columns, then the rows one by one. */
  public static Builder builder(String tableName) {
    return new Builder(tableName);
  }

  private String checkTableName(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidBatchException("Tablet: the table name is empty", null, -1);
    }
    return name;
  }

  private void checkColumns() {
    Set<String> seen = new HashSet<>();
    for (int c = 0; c < names.length; c++) {
      String n = names[c];
      if (n == null || n.isBlank()) {
        throw invalid("column " + c + " has an empty name", null, -1);
      }
      if (types[c] == null) {
        throw invalid("column '" + n + "' has no data type", n, -1);
      }
      if (categories[c] == null) {
        throw invalid("column '" + n + "' has no category", n, -1);
      }
      String key = n.toLowerCase(Locale.ROOT);
      if (key.equals("time")) {
        throw invalid("column 'time' is the time column; pass times as the timestamps, not as a column", n, -1);
      }
      if (!seen.add(key)) {
        throw invalid("column '" + n + "' appears twice (IoTDB names are case-insensitive)", n, -1);
      }
      if (categories[c] != ColumnCategory.FIELD && types[c] != DataType.STRING && types[c] != DataType.TEXT) {
        throw invalid("column '" + n + "' is a " + categories[c] + " of type " + types[c]
            + "; TAG and ATTRIBUTE columns must be STRING", n, -1);
      }
    }
  }

  private void set(int c, int r, Object v) {
    if (v == null) {
      if (nulls[c] == null) {
        nulls[c] = new boolean[rows];
      }
      nulls[c][r] = true;
      return;
    }
    String problem = TabletColumns.store(types[c], names[c], columns, instantColumns, c, rows, r, v);
    if (problem != null) {
      throw invalid(problem, names[c], r);
    }
  }

  private InvalidBatchException invalid(String what, String column, long row) {
    return new InvalidBatchException("Tablet '" + tableName + "': " + what, column, row);
  }

  private boolean anyNull() {
    for (boolean[] n : nulls) {
      if (n != null) {
        return true;
      }
    }
    return false;
  }

  private long computeValuesSize() {
    long size = 0;
    for (int c = 0; c < types.length; c++) {
      if (types[c].isVariableWidth()) {
        size += 4L * rows;
        byte[][] values = (byte[][]) columns[c];
        for (int r = first; r < first + rows; r++) {
          if (values[r] != null) {
            size += values[r].length;
          }
        }
      } else {
        size += (long) types[c].fixedWidth() * rows;
      }
    }
    return size + NullSection.size(nulls.length, rows, c -> nulls[c] != null);
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
    return names.length;
  }

  @Override
  public String columnName(int i) {
    return names[i];
  }

  @Override
  public DataType dataType(int i) {
    return types[i];
  }

  @Override
  public ColumnCategory category(int i) {
    return categories[i];
  }

  /** The column names, time excluded. */
  public List<String> columnNames() {
    return List.of(names);
  }

  @Override
  public long valuesSize() {
    return valuesSize;
  }

  /**
   * A tablet of rows {@code [from, to)} of this one, sharing its arrays (nothing is copied): the
   * same table and columns, {@code to - from} rows, writing exactly what a tablet made of only
   * those rows would write (its null-bitmap section follows the nulls of those rows alone). An
   * error while writing it names the row of this tablet's constructor ({@code from + i}). The
   * session uses it to split a batch larger than the server's frame limit.
   *
   * @param from the first row, a multiple of 64
   * @param to the row after the last
   * @return the range; {@code this} for the whole tablet
   * @throws IllegalArgumentException unless {@code 0 <= from <= to <= rowCount()} and {@code from}
   *     is a multiple of 64
   */
  @Override
  public Tablet rows(int from, int to) {
    if (from < 0 || from > to || to > rows) {
      throw new IllegalArgumentException("rows [" + from + ", " + to + ") of the tablet '"
          + tableName + "' of " + rows + " rows: give 0 <= from <= to <= " + rows);
    }
    if ((from & 63) != 0) {
      throw new IllegalArgumentException("rows [" + from + ", " + to + ") of the tablet '"
          + tableName + "': from must be a multiple of 64");
    }
    if (from == 0 && to == rows) {
      return this;
    }
    return new Tablet(this, from, to - from);
  }

  @Override
  public void writeTimestamps(WireBuffer out, TimePrecision precision) {
    for (int r = first; r < first + rows; r++) {
      out.putLong(instantTimes != null && instantTimes[r] != null
          ? toPrecision(instantTimes[r], precision, "time", r)
          : times[r]);
    }
  }

  private long toPrecision(Instant instant, TimePrecision precision, String column, int row) {
    try {
      return precision.fromInstant(instant);
    } catch (ArithmeticException e) {
      throw invalid("column '" + column + "' row " + row + ": " + instant + " does not fit a 64-bit count of "
          + precision.unit().name().toLowerCase(Locale.ROOT), column, row);
    }
  }

  @Override
  public void writeValues(WireBuffer out, TimePrecision precision) {
    for (int c = 0; c < types.length; c++) {
      int column = c;
      TabletColumns.write(out, types[c], columns[c], instantColumns[c], first, first + rows,
          r -> toPrecision(instantColumns[column][r], precision, names[column], r));
    }
    NullSection.write(out, nulls.length, rows, c -> nulls[c] != null, (c, o) -> {
      boolean[] n = nulls[c];
      int start = NullSection.startBitmap(o, rows);
      byte[] a = o.array();
      for (int r = 0; r < rows; r++) {
        if (n[first + r]) {
          NullSection.setNull(a, start, r);
        }
      }
    });
  }

  /** Builds a {@link Tablet} column by column, then row by row. */
  public static final class Builder {
    private final String tableName;
    private final List<String> names = new ArrayList<>();
    private final List<DataType> types = new ArrayList<>();
    private final List<ColumnCategory> categories = new ArrayList<>();
    private final List<List<Object>> rows = new ArrayList<>();
    private final List<Object> times = new ArrayList<>();

    private Builder(String tableName) {
      this.tableName = tableName;
    }

    /** Adds a column. */
    public Builder column(String name, DataType type, ColumnCategory category) {
      if (!rows.isEmpty()) {
        throw new IllegalStateException("add every column before the first row");
      }
      names.add(name);
      types.add(type);
      categories.add(category);
      return this;
    }

    /** Adds a STRING TAG column. */
    public Builder tag(String name) {
      return column(name, DataType.STRING, ColumnCategory.TAG);
    }

    /** Adds a STRING ATTRIBUTE column. */
    public Builder attribute(String name) {
      return column(name, DataType.STRING, ColumnCategory.ATTRIBUTE);
    }

    /** Adds a FIELD column. */
    public Builder field(String name, DataType type) {
      return column(name, type, ColumnCategory.FIELD);
    }

    /** Adds a row: its time (Long in the server's precision, or Instant) and one value per column. */
    public Builder row(Object time, Object... values) {
      times.add(time);
      rows.add(values == null ? null : Arrays.asList(values));
      return this;
    }

    /**
     * Builds and checks the tablet.
     *
     * @throws InvalidBatchException naming the column and row of the first problem
     */
    public Tablet build() {
      Objects.requireNonNull(tableName, "tableName");
      return new Tablet(this);
    }
  }
}
