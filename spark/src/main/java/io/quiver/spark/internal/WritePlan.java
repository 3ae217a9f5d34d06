package io.quiver.spark.internal;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.spark.QuiverOptions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * How a DataFrame's columns are written to a table, decided and checked on the driver before any
 * task runs: for each column its name in the table, its category, and whether a string is sent as
 * TEXT. Every check fails with an {@link IllegalArgumentException} naming the column.
 *
 * <p>A FIELD column of the table takes its own type and the conversions IoTDB 2.0.10 makes (INT64
 * from INT32 and TIMESTAMP; FLOAT from INT32; DOUBLE from INT32, INT64, FLOAT and TIMESTAMP;
 * TIMESTAMP from INT32 and INT64; BLOB from STRING; STRING and TEXT from anything); any other pair
 * IoTDB would refuse only after storing the rows with that column null, so it is refused here.
 */
public final class WritePlan implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Map<DataType, Set<DataType>> ALSO_ACCEPTS = Map.of(
      DataType.INT64, EnumSet.of(DataType.INT32, DataType.TIMESTAMP),
      DataType.FLOAT, EnumSet.of(DataType.INT32),
      DataType.DOUBLE, EnumSet.of(DataType.INT32, DataType.INT64, DataType.FLOAT, DataType.TIMESTAMP),
      DataType.TIMESTAMP, EnumSet.of(DataType.INT32, DataType.INT64),
      DataType.BLOB, EnumSet.of(DataType.TEXT, DataType.STRING),
      DataType.TEXT, EnumSet.allOf(DataType.class),
      DataType.STRING, EnumSet.allOf(DataType.class));

  /** One DataFrame column: its name in the table, category (null for time), type sent. */
  public record Column(String name, ColumnCategory category, DataType type, boolean asText)
      implements Serializable {}

  private final String table;
  private final StructType schema;
  private final List<Column> columns;
  private final int timeIndex;

  private WritePlan(String table, StructType schema, List<Column> columns, int timeIndex) {
    this.table = table;
    this.schema = schema;
    this.columns = List.copyOf(columns);
    this.timeIndex = timeIndex;
  }

  /**
   * The plan for writing {@code schema} into {@code table} ({@code null}: the table is to be
   * created from the DataFrame, with the tags and attributes of the options).
   */
  public static WritePlan of(StructType schema, TableInfo table, QuiverOptions options) {
    String tableName = options.table();
    String time = options.timeColumn();
    Set<String> tags = lower(options.tags());
    Set<String> attributes = lower(options.attributes());
    if (!java.util.Arrays.stream(schema.fieldNames()).anyMatch(n -> n.equalsIgnoreCase(time))) {
      throw new IllegalArgumentException("quiver: the DataFrame has no time column '" + time + "' (its columns: "
          + String.join(", ", schema.fieldNames()) + "); name it with option 'time'");
    }
    Set<String> seen = new HashSet<>();
    List<Column> columns = new ArrayList<>();
    int timeIndex = -1;
    for (int i = 0; i < schema.fields().length; i++) {
      StructField f = schema.fields()[i];
      String name = f.name().toLowerCase(Locale.ROOT);
      if (!seen.add(name)) {
        throw bad(f, "appears twice (IoTDB column names are case-insensitive)");
      }
      if (name.equalsIgnoreCase(time)) {
        if (!(f.dataType() instanceof TimestampType || f.dataType() instanceof TimestampNTZType
            || f.dataType() instanceof LongType)) {
          throw bad(f, "is the time column (option 'time') but is " + f.dataType().simpleString()
              + "; it must be timestamp, timestamp_ntz or long (a count in the server's precision)");
        }
        timeIndex = i;
        columns.add(new Column(table == null ? name : table.timeColumn(), null, DataType.TIMESTAMP, false));
        continue;
      }
      DataType sent = TypeMapping.toIoTDB(f.dataType());
      if (sent == null) {
        throw bad(f, "has type " + f.dataType().simpleString() + ", which the quiver data source does not "
            + "write: " + TypeMapping.refusal(f.dataType()));
      }
      ColumnCategory category;
      boolean asText = false;
      if (table == null) {
        category = tags != null && tags.contains(name) ? ColumnCategory.TAG
            : attributes != null && attributes.contains(name) ? ColumnCategory.ATTRIBUTE : ColumnCategory.FIELD;
      } else {
        TableInfo.Column c = table.column(name);
        if (c == null) {
          throw bad(f, "is not a column of table '" + tableName + "' (its columns: " + names(table)
              + "); add it with ALTER TABLE " + Sql.quote(tableName) + " ADD COLUMN " + Sql.quote(name) + " "
              + sent.name() + " FIELD, or drop it from the DataFrame");
        }
        category = c.category();
        checkOption(f, tags, category, ColumnCategory.TAG, "tags");
        checkOption(f, attributes, category, ColumnCategory.ATTRIBUTE, "attributes");
        if (category == ColumnCategory.FIELD && c.type() != sent
            && !ALSO_ACCEPTS.getOrDefault(c.type(), Set.of()).contains(sent)) {
          throw bad(f, "is " + f.dataType().simpleString() + " (sent as " + sent + ") but the table's column is "
              + c.type() + ", which IoTDB does not convert it to; cast the column first");
        }
        asText = sent == DataType.STRING && c.type() == DataType.TEXT;
      }
      if (category != ColumnCategory.FIELD && !(f.dataType() instanceof StringType)) {
        throw bad(f, "is a " + category + " column, so it must be a string, not " + f.dataType().simpleString());
      }
      columns.add(new Column(name, category, sent, asText));
    }
    for (String n : union(tags, attributes)) {
      if (!seen.contains(n)) {
        throw new IllegalArgumentException("quiver: option 'tags'/'attributes' names column '" + n
            + "', which the DataFrame lacks (its columns: " + String.join(", ", schema.fieldNames()) + ")");
      }
    }
    return new WritePlan(tableName, schema, columns, timeIndex);
  }

  /**
   * The plan for a tree-model write ({@code deviceColumn} set): the time column, the device column
   * (a string, sent as each row's device path, not stored), and every other column a measurement
   * named as in the DataFrame (tree-model names are case-sensitive).
   */
  public static WritePlan forTree(StructType schema, QuiverOptions options) {
    String time = options.timeColumn();
    String device = options.deviceColumn();
    int timeIndex = -1;
    boolean hasDevice = false;
    Set<String> seen = new HashSet<>();
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < schema.fields().length; i++) {
      StructField f = schema.fields()[i];
      if (!seen.add(f.name())) {
        throw bad(f, "appears twice");
      }
      if (f.name().equalsIgnoreCase(time)) {
        if (!(f.dataType() instanceof TimestampType || f.dataType() instanceof TimestampNTZType
            || f.dataType() instanceof LongType)) {
          throw bad(f, "is the time column (option 'time') but is " + f.dataType().simpleString()
              + "; it must be timestamp, timestamp_ntz or long (a count in the server's precision)");
        }
        timeIndex = i;
        columns.add(new Column(f.name(), null, DataType.TIMESTAMP, false));
      } else if (f.name().equals(device)) {
        if (!(f.dataType() instanceof StringType)) {
          throw bad(f, "is the device column (option 'deviceColumn') but is " + f.dataType().simpleString()
              + "; it must be a string (a device path)");
        }
        hasDevice = true;
        columns.add(new Column(f.name(), ColumnCategory.TAG, DataType.STRING, false));
      } else {
        DataType sent = TypeMapping.toIoTDB(f.dataType());
        if (sent == null) {
          throw bad(f, "has type " + f.dataType().simpleString() + ", which the quiver data source does not "
              + "write: " + TypeMapping.refusal(f.dataType()));
        }
        columns.add(new Column(f.name(), ColumnCategory.FIELD, sent, false));
      }
    }
    if (timeIndex < 0) {
      throw new IllegalArgumentException("quiver: the DataFrame has no time column '" + time + "' (its columns: "
          + String.join(", ", schema.fieldNames()) + "); name it with option 'time'");
    }
    if (!hasDevice) {
      throw new IllegalArgumentException("quiver: option 'deviceColumn' names '" + device + "', which the "
          + "DataFrame lacks (its columns: " + String.join(", ", schema.fieldNames()) + ")");
    }
    String target = options.devicePrefix() == null ? "(tree: devices from " + device + ")" : options.devicePrefix();
    return new WritePlan(target, schema, columns, timeIndex);
  }

  /** The statement creating the table for this plan (TAG and ATTRIBUTE columns as STRING). */
  public String createStatement() {
    StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(Sql.quote(table)).append(" (")
        .append(Sql.quote(columns.get(timeIndex).name())).append(" TIMESTAMP TIME");
    for (Column c : columns) {
      if (c.category() == null) {
        continue;
      }
      DataType t = c.category() == ColumnCategory.FIELD ? c.type() : DataType.STRING;
      sql.append(", ").append(Sql.quote(c.name())).append(' ').append(t.name()).append(' ')
          .append(c.category().name());
    }
    return sql.append(')').toString();
  }

  public String table() {
    return table;
  }

  public StructType schema() {
    return schema;
  }

  public List<Column> columns() {
    return columns;
  }

  public int timeIndex() {
    return timeIndex;
  }

  /** The names of the columns of this category. */
  public String[] names(ColumnCategory category) {
    return columns.stream().filter(c -> c.category() == category).map(Column::name).toArray(String[]::new);
  }

  /** The names of the columns sent as TEXT. */
  public String[] textColumns() {
    return columns.stream().filter(Column::asText).map(Column::name).toArray(String[]::new);
  }

  private static void checkOption(StructField f, Set<String> given, ColumnCategory actual, ColumnCategory option,
      String key) {
    if (given == null) {
      return;
    }
    boolean listed = given.contains(f.name().toLowerCase(Locale.ROOT));
    if (listed != (actual == option)) {
      throw bad(f, "is a " + actual + " column of the table, but option '" + key + "' "
          + (listed ? "lists" : "does not list") + " it; leave the option out to take the table's categories");
    }
  }

  private static IllegalArgumentException bad(StructField f, String what) {
    return new IllegalArgumentException("quiver: column '" + f.name() + "' " + what);
  }

  private static String names(TableInfo table) {
    List<String> out = new ArrayList<>();
    out.add(table.timeColumn());
    table.columns().forEach(c -> out.add(c.name()));
    return String.join(", ", out);
  }

  private static Set<String> lower(List<String> names) {
    if (names == null) {
      return null;
    }
    Set<String> out = new HashSet<>();
    names.forEach(n -> out.add(n.toLowerCase(Locale.ROOT)));
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>();
    if (a != null) {
      out.addAll(a);
    }
    if (b != null) {
      out.addAll(b);
    }
    return out;
  }
}
