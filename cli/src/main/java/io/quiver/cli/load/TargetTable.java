package io.quiver.cli.load;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.SessionDataSet;
import io.quiver.client.StatementException;
import io.quiver.client.TableSession;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The table a load writes to: read with {@code DESC}, created from a {@link ColumnPlan} with
 * {@code CREATE TABLE IF NOT EXISTS}, and compared with the plan before any row is sent.
 *
 * <p>IoTDB 2.0.10 answers {@code DESC t} with one row per column: {@code ColumnName} (lower case),
 * {@code DataType} and {@code Category} ({@code TIME}, {@code TAG}, {@code ATTRIBUTE} or {@code
 * FIELD}); for a missing table it refuses with status 550, for a missing database with status 500
 * "Unknown database".
 *
 * <p><b>What a FIELD column accepts.</b> Measured on IoTDB 2.0.10 by inserting each type into a
 * FIELD of each type (it differs from the compatibility map of the server's source for TEXT and
 * STRING): a column takes its own type and
 *
 * <table>
 *   <caption>Other types a FIELD column accepts, converting them</caption>
 *   <tr><th>table column</th><th>also accepts</th></tr>
 *   <tr><td>INT64</td><td>INT32, TIMESTAMP</td></tr>
 *   <tr><td>FLOAT</td><td>INT32</td></tr>
 *   <tr><td>DOUBLE</td><td>INT32, INT64, FLOAT, TIMESTAMP</td></tr>
 *   <tr><td>TIMESTAMP</td><td>INT32, INT64</td></tr>
 *   <tr><td>BLOB</td><td>TEXT, STRING</td></tr>
 *   <tr><td>TEXT, STRING</td><td>every type (the value is stored as its text)</td></tr>
 *   <tr><td>BOOLEAN, INT32, DATE</td><td>nothing else</td></tr>
 * </table>
 *
 * Any other pair is refused with status 507, and <em>after</em> the refusal the rows are stored
 * with that column null (IoTDB's partial insert): so the loader refuses such a pair itself, before
 * the first row. TAG and ATTRIBUTE columns are always STRING and take STRING or TEXT.
 */
final class TargetTable {
  /** IoTDB's status for a table that does not exist. */
  static final int TABLE_NOT_EXISTS = 550;

  private static final Map<DataType, Set<DataType>> ALSO_ACCEPTS = Map.of(
      DataType.INT64, EnumSet.of(DataType.INT32, DataType.TIMESTAMP),
      DataType.FLOAT, EnumSet.of(DataType.INT32),
      DataType.DOUBLE, EnumSet.of(DataType.INT32, DataType.INT64, DataType.FLOAT, DataType.TIMESTAMP),
      DataType.TIMESTAMP, EnumSet.of(DataType.INT32, DataType.INT64),
      DataType.BLOB, EnumSet.of(DataType.TEXT, DataType.STRING),
      DataType.TEXT, EnumSet.allOf(DataType.class),
      DataType.STRING, EnumSet.allOf(DataType.class));

  /**
   * A column of the table as {@code DESC} reports it.
   *
   * @param name lower case
   * @param type the type's name (e.g. "INT64")
   * @param category "TIME", "TAG", "ATTRIBUTE" or "FIELD"
   */
  record TableColumn(String name, String type, String category) {}

  private TargetTable() {}

  /**
   * The table's columns, or null if the table does not exist.
   *
   * @throws LoadException if the database does not exist, or the server refuses {@code DESC}
   */
  static List<TableColumn> describe(TableSession session, String database, String table) {
    List<TableColumn> columns = new ArrayList<>();
    try (SessionDataSet rows = session.executeQueryStatement("DESC " + quote(table))) {
      while (rows.next()) {
        columns.add(new TableColumn(rows.getString(0).toLowerCase(Locale.ROOT),
            rows.getString(1).toUpperCase(Locale.ROOT), rows.getString(2).toUpperCase(Locale.ROOT)));
      }
    } catch (StatementException e) {
      if (e.statusCode() == TABLE_NOT_EXISTS) {
        return null;
      }
      String server = e.serverMessage() == null ? "" : e.serverMessage();
      if (server.toLowerCase(Locale.ROOT).contains("unknown database")) {
        throw new LoadException("the database '" + database + "' does not exist on "
            + session.endpoint() + "; create it (CREATE DATABASE " + quote(database)
            + ") or name another with --database", e);
      }
      throw new LoadException("reading the columns of table '" + table + "' (DESC) failed: "
          + e.getMessage(), e);
    }
    return columns;
  }

  /**
   * The statement that creates the table for the plan: the time column (named as in the file),
   * then every column with its category and the IoTDB type it is sent as (TAG and ATTRIBUTE
   * columns as STRING).
   */
  static String createStatement(String table, ColumnPlan plan) {
    StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(quote(table))
        .append(" (").append(quote(plan.timeColumn())).append(" TIMESTAMP TIME");
    for (ColumnPlan.Column c : plan.columns()) {
      DataType type = c.category() == ColumnCategory.FIELD ? c.type() : DataType.STRING;
      sql.append(", ").append(quote(c.name())).append(' ').append(type.name()).append(' ')
          .append(c.category().name());
    }
    return sql.append(')').toString();
  }

  /**
   * Checks that every column of the plan fits the table: the table has it, with the same category,
   * and (for a FIELD) a type that accepts the type sent. Columns of the table that the file lacks
   * are fine: they are left null.
   *
   * @return notes for the user: conversions IoTDB will make, table columns left null
   * @throws LoadException naming the first column that does not fit, with the file's and the
   *     table's type or category and what to change
   */
  static List<String> check(String table, List<TableColumn> columns, ColumnPlan plan) {
    List<String> notes = new ArrayList<>();
    for (ColumnPlan.Column c : plan.columns()) {
      TableColumn t = find(columns, c.name());
      if (t == null) {
        throw new LoadException("column '" + c.name() + "' of the file is not in table '" + table
            + "' (its columns: " + names(columns) + "); add it with ALTER TABLE " + quote(table)
            + " ADD COLUMN " + quote(c.name()) + " "
            + (c.category() == ColumnCategory.FIELD ? c.type().name() : "STRING") + " "
            + c.category().name() + ", or load into another table");
      }
      if (t.category().equals("TIME")) {
        throw new LoadException("column '" + c.name() + "' of the file is the time column of table '"
            + table + "', but the time is taken from '" + plan.timeColumn() + "'; pass --time "
            + c.name() + " if it holds the time");
      }
      if (!t.category().equals(c.category().name())) {
        throw new LoadException("column '" + c.name() + "' is a " + t.category() + " in table '"
            + table + "' but would be sent as a " + c.category() + "; " + categoryHint(c.name(), t.category()));
      }
      if (c.category() != ColumnCategory.FIELD) {
        continue;
      }
      DataType tableType = dataType(t.type());
      if (tableType == null || !accepts(tableType, c.type())) {
        throw new LoadException("column '" + c.name() + "': the file's " + c.arrowType()
            + " is sent as " + c.type() + ", which the table's " + t.type() + " column of table '"
            + table + "' does not accept" + acceptedBy(tableType) + "; convert the column in the"
            + " file, or load into a table whose column is " + c.type());
      }
      if (tableType != c.type()) {
        notes.add("column '" + c.name() + "': the file's " + c.arrowType() + " (" + c.type()
            + ") goes into the table's " + tableType + " column; IoTDB converts it");
      }
    }
    List<String> absent = new ArrayList<>();
    for (TableColumn t : columns) {
      if (!t.category().equals("TIME") && plan.column(t.name()) == null) {
        absent.add(t.name() + " (" + t.category() + ")");
      }
    }
    if (!absent.isEmpty()) {
      notes.add("columns of the table that the file lacks, left null: " + String.join(", ", absent));
    }
    return notes;
  }

  /** Whether a FIELD column of type {@code column} accepts values sent as {@code sent}. */
  static boolean accepts(DataType column, DataType sent) {
    return column == sent || ALSO_ACCEPTS.getOrDefault(column, Set.of()).contains(sent);
  }

  private static String acceptedBy(DataType tableType) {
    if (tableType == null) {
      return " (the loader does not know that type)";
    }
    Set<DataType> also = ALSO_ACCEPTS.getOrDefault(tableType, Set.of());
    List<String> names = new ArrayList<>();
    names.add(tableType.name());
    for (DataType d : also) {
      if (d != tableType) {
        names.add(d.name());
      }
    }
    return " (it takes " + String.join(", ", names) + ")";
  }

  private static String categoryHint(String name, String tableCategory) {
    switch (tableCategory) {
      case "TAG":
        return "pass it in --tags " + name;
      case "ATTRIBUTE":
        return "pass it in --attributes " + name;
      default:
        return "leave it out of --tags and --attributes";
    }
  }

  private static DataType dataType(String name) {
    try {
      return DataType.valueOf(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static TableColumn find(List<TableColumn> columns, String name) {
    String key = name.toLowerCase(Locale.ROOT);
    for (TableColumn t : columns) {
      if (t.name().equals(key)) {
        return t;
      }
    }
    return null;
  }

  private static String names(List<TableColumn> columns) {
    List<String> names = new ArrayList<>();
    for (TableColumn t : columns) {
      names.add(t.name());
    }
    return String.join(", ", names);
  }

  /** A double-quoted identifier. */
  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
