package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.cli.CliContext;
import io.quiver.cli.Main;
import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.it.support.Databases;
import io.quiver.it.support.TestIoTDB;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Times are shown in the session's zone: {@code SessionDataSet.getString} on the time column and
 * on a TIMESTAMP field, and {@code ./quiver query --time-zone} in every text format.
 */
class SessionTimeZoneIT {
  private static final String DB = "it_time_zone";
  /** 2023-11-14T22:13:20Z. */
  private static final long T = 1_700_000_000_000L;

  @BeforeAll
  static void createTable() {
    Databases.recreate(DB);
    try (TableSession s = Databases.quiver(DB)) {
      s.executeNonQueryStatement("CREATE TABLE zoned (device STRING TAG, seen TIMESTAMP FIELD)");
      s.executeNonQueryStatement("INSERT INTO zoned (time, device, seen) VALUES (" + T + ", 'd1', "
          + (T + 1) + ")");
    }
  }

  @AfterAll
  static void dropDatabase() {
    Databases.drop(DB);
  }

  @Test
  void getStringShowsTimestampsInTheSessionZone() {
    for (String zone : List.of("+08:00", "UTC", "America/New_York")) {
      try (TableSession s = TableSession.open(Databases.quiverConfig(DB).timeZone(zone).build());
          SessionDataSet rs = s.executeQueryStatement("SELECT time, seen FROM zoned")) {
        assertTrue(rs.next());
        String expectedTime = zone.equals("+08:00") ? "2023-11-15T06:13:20.000+08:00"
            : zone.equals("UTC") ? "2023-11-14T22:13:20.000Z".replace("Z", "+00:00")
            : "2023-11-14T17:13:20.000-05:00";
        assertEquals(expectedTime, rs.getString(0), zone);
        assertEquals(expectedTime.replace("20.000", "20.001"), rs.getString(1), zone);
        assertEquals(T, rs.getLong(0));
      }
    }
  }

  private static String query(String... args) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    String[] all = new String[args.length + 5];
    all[0] = "query";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--url";
    all[args.length + 2] = TestIoTDB.endpoint();
    all[args.length + 3] = "--database";
    all[args.length + 4] = DB;
    assertEquals(0, Main.run(all, CliContext.of(out, Map.of())), buffer.toString(StandardCharsets.UTF_8));
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theQueryCommandShowsTimesInTheZoneAskedFor() {
    String table = query("SELECT time, device, seen FROM zoned", "--time-zone", "Asia/Tokyo");
    assertTrue(table.contains("2023-11-15T07:13:20.000+09:00 | d1     | 2023-11-15T07:13:20.001+09:00"),
        table);
    String csv = query("SELECT time, seen FROM zoned", "--time-zone", "-03:00", "--format", "csv");
    assertEquals(List.of("time,seen", "2023-11-14T19:13:20.000-03:00,2023-11-14T19:13:20.001-03:00"),
        csv.lines().toList());
    String json = query("SELECT time FROM zoned", "--time-zone", "UTC", "--format", "json");
    assertEquals("{\"time\":\"2023-11-14T22:13:20.000+00:00\"}", json.strip());
  }
}
