package io.quiver.it.support;

import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import java.util.List;
import org.apache.iotdb.isession.ITableSession;
import org.apache.iotdb.session.TableSessionBuilder;

/** Sessions on the test server, Quiver's and the official client's. */
public final class Databases {
  private Databases() {}

  /**
   * Quiver settings for the test server, in this database (null for none). Closing does not wait
   * for the replay window ({@code awaitWindowOnClose(false)}): these tests do not crash the server,
   * and waiting up to 3 s per closed session would add more than half a minute to the suite.
   * ReplayWindowIT and DataNodeCrashIT test the default.
   */
  public static TableSessionConfig.Builder quiverConfig(String database) {
    return TableSessionConfig.builder().nodeUrls(TestIoTDB.endpoint()).database(database).awaitWindowOnClose(false);
  }

  public static TableSession quiver(String database) {
    return TableSession.open(quiverConfig(database).build());
  }

  /** The official IoTDB Java client on the same server: the reference reader and writer. */
  public static ITableSession official(String database) {
    try {
      TableSessionBuilder b = new TableSessionBuilder().nodeUrls(List.of(TestIoTDB.endpoint()));
      if (database != null) {
        b.database(database);
      }
      return b.build();
    } catch (Exception e) {
      throw new IllegalStateException("the official client cannot connect to " + TestIoTDB.endpoint(), e);
    }
  }

  /** Creates an empty database (dropping an old one of the same name). */
  public static void recreate(String database) {
    try (TableSession s = quiver(null)) {
      s.executeNonQueryStatement("DROP DATABASE IF EXISTS " + database);
      s.executeNonQueryStatement("CREATE DATABASE " + database);
    }
  }

  public static void drop(String database) {
    try (TableSession s = quiver(null)) {
      s.executeNonQueryStatement("DROP DATABASE IF EXISTS " + database);
    }
  }

  /** {@code SELECT count(*)} of a table. */
  public static long count(TableSession s, String table) {
    try (var rows = s.executeQueryStatement("SELECT count(*) FROM " + table)) {
      if (!rows.next()) {
        throw new AssertionError("count(*) returned no row");
      }
      return rows.getLong(0);
    }
  }
}
