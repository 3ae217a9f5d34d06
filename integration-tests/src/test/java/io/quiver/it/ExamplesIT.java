package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.TableSessionPoolConfig;
import io.quiver.examples.SessionExample;
import io.quiver.examples.SessionPoolExample;
import io.quiver.it.support.TestIoTDB;
import io.quiver.it.support.Databases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The examples run against the real server and leave nothing behind. */
class ExamplesIT {

  @Test
  void sessionExampleCreatesInsertsQueriesAndDrops() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    TableSessionConfig config = Databases.quiverConfig(null).build();
    int rows = SessionExample.run(config, new PrintStream(buf, true, StandardCharsets.UTF_8));
    String printed = buf.toString(StandardCharsets.UTF_8);
    assertEquals(15, rows, printed);
    assertTrue(printed.contains("table1") && printed.contains("table2"), printed);
    assertTrue(printed.contains("15 rows"), printed);
    try (TableSession s = TableSession.open(config);
        var dbs = s.executeQueryStatement("SHOW DATABASES")) {
      while (dbs.next()) {
        assertTrue(!dbs.getString(0).startsWith("quiver_example"), "the example dropped its databases");
      }
    }
  }

  @Test
  void sessionPoolExampleInsertsFromTwoThreadsQueriesAndDrops() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    SessionPoolExample.Result result = SessionPoolExample.run(
        TableSessionPoolConfig.builder().nodeUrls(TestIoTDB.endpoint()).build(),
        new PrintStream(buf, true, StandardCharsets.UTF_8));
    String printed = buf.toString(StandardCharsets.UTF_8);
    assertEquals(30, result.table0Rows(), printed);
    assertEquals(30, result.table1Rows(), printed);
    assertTrue(printed.contains("id:0") && printed.contains("id:29") && printed.contains("attr:29"), printed);
    assertTrue(printed.contains("insert data for table0") && printed.contains("insert data for table1"), printed);
    assertEquals(0, result.stats().inUse(), result.stats().toString());
    assertTrue(result.stats().opened() >= 2 && result.stats().opened() <= 5, result.stats().toString());
    try (TableSession s = Databases.quiver(null);
        var dbs = s.executeQueryStatement("SHOW DATABASES")) {
      while (dbs.next()) {
        assertTrue(!dbs.getString(0).equals("quiver_example_pool"), "the example dropped its database");
      }
    }
  }
}
