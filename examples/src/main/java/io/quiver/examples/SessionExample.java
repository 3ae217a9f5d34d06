package io.quiver.examples;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.Tablet;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java version of the IoTDB Python docs' table-model session example: create two databases and
 * two tables with TAG, ATTRIBUTE and FIELD columns, list tables, insert a row {@link Tablet}, query
 * it back and print it, then drop what it created.
 *
 * <p>Run: {@code ./quiver example session}, or {@code main} with an optional {@code host:port}.
 */
public final class SessionExample {
  /** Databases the example creates and drops; named so as not to touch anyone's data. */
  static final String DB1 = "quiver_example_db1";

  static final String DB2 = "quiver_example_db2";

  private SessionExample() {}

  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : "127.0.0.1:6667";
    run(TableSessionConfig.builder().nodeUrls(url).build(), System.out);
  }

  /**
   * Runs the example against the server in {@code base} (its database setting is ignored).
   *
   * @return the number of rows read back from the table the example wrote
   */
  public static int run(TableSessionConfig base, PrintStream out) {
    TableSessionConfig config = base.toBuilder().database(null).build();
    try (TableSession session = TableSession.open(config)) {
      out.println("session example: connected to " + session.endpoint()
          + " (timestamp precision " + session.timePrecision().serverName() + ")");
      session.executeNonQueryStatement("CREATE DATABASE IF NOT EXISTS " + DB1);
      session.executeNonQueryStatement("CREATE DATABASE IF NOT EXISTS " + DB2);
      try {
        return createInsertQuery(session, out);
      } finally {
        session.executeNonQueryStatement("DROP DATABASE IF EXISTS " + DB1);
        session.executeNonQueryStatement("DROP DATABASE IF EXISTS " + DB2);
        out.println("dropped databases " + DB1 + " and " + DB2);
      }
    }
  }

  private static int createInsertQuery(TableSession session, PrintStream out) {
    session.executeNonQueryStatement("USE " + DB2);
    session.executeNonQueryStatement(
        "CREATE TABLE table1 (region_id STRING TAG, plant_id STRING TAG, device_id STRING TAG,"
            + " model STRING ATTRIBUTE, temperature FLOAT FIELD, humidity DOUBLE FIELD)");
    session.executeNonQueryStatement(
        "CREATE TABLE table2 (region_id STRING TAG, plant_id STRING TAG, color STRING ATTRIBUTE,"
            + " temperature FLOAT FIELD, speed DOUBLE FIELD)");

    out.println("tables in the current database (" + session.database() + "):");
    try (SessionDataSet tables = session.executeQueryStatement("SHOW TABLES")) {
      ResultPrinter.print(tables, out, 20);
    }
    out.println("tables in " + DB1 + " (named in the statement):");
    try (SessionDataSet tables = session.executeQueryStatement("SHOW TABLES FROM " + DB1)) {
      ResultPrinter.print(tables, out, 20);
    }

    List<String> names = List.of("region_id", "plant_id", "device_id", "model", "temperature", "humidity");
    List<DataType> types = List.of(DataType.STRING, DataType.STRING, DataType.STRING, DataType.STRING,
        DataType.FLOAT, DataType.DOUBLE);
    List<ColumnCategory> categories = List.of(ColumnCategory.TAG, ColumnCategory.TAG, ColumnCategory.TAG,
        ColumnCategory.ATTRIBUTE, ColumnCategory.FIELD, ColumnCategory.FIELD);
    List<List<Object>> rows = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    for (int row = 0; row < 15; row++) {
      times.add((long) row);
      rows.add(List.of("1", "5", "3", "A", 1.23f + row, 111.1 + row));
    }
    session.insert(new Tablet("table1", names, types, categories, rows, times));
    out.println("inserted a row Tablet of " + rows.size() + " rows into table1");

    out.println("SELECT * FROM table1 ORDER BY time:");
    try (SessionDataSet result = session.executeQueryStatement("SELECT * FROM table1 ORDER BY time")) {
      return ResultPrinter.print(result, out, 100);
    }
  }
}
