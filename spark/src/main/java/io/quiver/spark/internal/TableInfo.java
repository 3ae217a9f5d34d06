package io.quiver.spark.internal;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.SessionDataSet;
import io.quiver.client.StatementException;
import io.quiver.client.TableSession;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of an IoTDB table as {@code DESC} reports them (IoTDB 2.0.10: one row per column,
 * {@code ColumnName} lower case, {@code DataType}, {@code Category} TIME/TAG/ATTRIBUTE/FIELD; a
 * missing table is status 550).
 */
public final class TableInfo implements Serializable {
  private static final long serialVersionUID = 1L;
  /** IoTDB's status for a table that does not exist. */
  static final int TABLE_NOT_EXISTS = 550;
  /** The Spark field metadata key holding the column's category. */
  public static final String CATEGORY = "iotdb.category";

  /** One column; {@code category} is null for the time column. */
  public record Column(String name, DataType type, ColumnCategory category) implements Serializable {}

  private final String table;
  private final String timeColumn;
  private final List<Column> columns;

  public TableInfo(String table, String timeColumn, List<Column> columns) {
    this.table = table;
    this.timeColumn = timeColumn;
    this.columns = List.copyOf(columns);
  }

  /**
   * The table's columns, or null if it does not exist.
   *
   * @throws IllegalArgumentException if the database does not exist
   */
  public static TableInfo describe(TableSession session, String database, String table) {
    List<Column> columns = new ArrayList<>();
    String time = null;
    try (SessionDataSet rows = session.executeQueryStatement("DESC " + Sql.quote(table))) {
      while (rows.next()) {
        String name = rows.getString(0).toLowerCase(Locale.ROOT);
        String category = rows.getString(2).toUpperCase(Locale.ROOT);
        if (category.equals("TIME")) {
          time = name;
          continue;
        }
        columns.add(new Column(name, DataType.fromName(rows.getString(1).toUpperCase(Locale.ROOT)),
            ColumnCategory.valueOf(category)));
      }
    } catch (StatementException e) {
      if (e.statusCode() == TABLE_NOT_EXISTS) {
        return null;
      }
      String server = e.serverMessage() == null ? "" : e.serverMessage();
      if (server.toLowerCase(Locale.ROOT).contains("unknown database")) {
        throw new IllegalArgumentException("quiver: the database '" + database + "' does not exist on "
            + session.endpoint() + "; create it (CREATE DATABASE " + Sql.quote(database) + ")", e);
      }
      throw e;
    }
    return new TableInfo(table, time == null ? "time" : time, columns);
  }

  public String table() {
    return table;
  }

  public String timeColumn() {
    return timeColumn;
  }

  public List<Column> columns() {
    return columns;
  }

  /** The column named so (case-insensitive), or null; not the time column. */
  public Column column(String name) {
    for (Column c : columns) {
      if (c.name().equalsIgnoreCase(name)) {
        return c;
      }
    }
    return null;
  }

  /** The Spark schema of a full read: the time column, then every column in table order. */
  public StructType sparkSchema(boolean timeAsLong) {
    List<StructField> fields = new ArrayList<>();
    fields.add(new StructField(timeColumn, TypeMapping.toSpark(DataType.TIMESTAMP, timeAsLong), true,
        new MetadataBuilder().putString(CATEGORY, "TIME").build()));
    for (Column c : columns) {
      Metadata m = new MetadataBuilder().putString(CATEGORY, c.category().name()).build();
      fields.add(new StructField(c.name(), TypeMapping.toSpark(c.type(), timeAsLong), true, m));
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  @Override
  public String toString() {
    return "TableInfo[" + table + ", time " + timeColumn + ", " + columns + "]";
  }
}
