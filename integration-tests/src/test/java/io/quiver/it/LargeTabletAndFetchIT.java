package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.DataType;
import io.quiver.client.SessionDataSet;
import io.quiver.client.Tablet;
import io.quiver.client.TableSession;
import io.quiver.it.support.Databases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A 200,000-row tablet in one insert, and queries that span many fetches. */
class LargeTabletAndFetchIT {
  private static final String DB = "it_large";
  private static final int ROWS = 200_000;

  @BeforeAll
  static void insertLargeTablet() {
    Databases.recreate(DB);
    Tablet.Builder b = Tablet.builder("big").tag("dev").field("v", DataType.INT64).field("x", DataType.DOUBLE);
    for (int r = 0; r < ROWS; r++) {
      b.row((long) r, "d" + (r % 10), (long) r, r % 7 == 0 ? null : r * 0.5);
    }
    try (TableSession s = Databases.quiver(DB)) {
      s.insert(b.build());
    }
  }

  @AfterAll
  static void dropDatabase() {
    Databases.drop(DB);
  }

  @Test
  void twoHundredThousandRowTabletArrivesWhole() {
    try (TableSession s = Databases.quiver(DB)) {
      assertEquals(ROWS, Databases.count(s, "big"));
      try (SessionDataSet rs = s.executeQueryStatement(
          "SELECT count(x), sum(v), min(time), max(time) FROM big")) {
        assertTrue(rs.next());
        long nonNull = ROWS - (ROWS + 6) / 7;
        assertEquals(nonNull, rs.getLong(0));
        assertEquals((long) ROWS * (ROWS - 1) / 2, (long) rs.getDouble(1));
        assertEquals(0L, rs.getLong(2));
        assertEquals(ROWS - 1L, rs.getLong(3));
      }
    }
  }

  @Test
  void queryWithFetchSize100ReadsEveryRowInOrderAcrossManyFetches() {
    int wanted = 25_000;
    try (TableSession s = TableSession.open(Databases.quiverConfig(DB).fetchSize(100).build());
        SessionDataSet rs = s.executeQueryStatement(
            "SELECT time, dev, v, x FROM big WHERE dev = 'd3' ORDER BY time LIMIT " + wanted)) {
      long expectedTime = 3;
      int n = 0;
      while (rs.next()) {
        assertEquals(expectedTime, rs.getLong("time"));
        assertEquals("d3", rs.getString("dev"));
        assertEquals(expectedTime, rs.getLong("v"));
        assertEquals(expectedTime % 7 == 0, rs.isNull("x"), "x null at time " + expectedTime);
        expectedTime += 10;
        n++;
      }
      assertEquals(20_000, n, "every d3 row (a tenth of the table)");
      assertFalse(rs.next(), "an exhausted result stays exhausted");
      assertFalse(rs.isOpenOnServer(), "the server released the query");
    }
  }

  @Test
  void abandonedQueryIsReleasedOnCloseAndTheSessionGoesOn() {
    try (TableSession s = TableSession.open(Databases.quiverConfig(DB).fetchSize(100).build())) {
      SessionDataSet rs = s.executeQueryStatement("SELECT time, v FROM big");
      assertTrue(rs.next());
      assertTrue(rs.isOpenOnServer());
      assertEquals(1, s.openResultCount());
      rs.close();
      assertFalse(rs.isOpenOnServer());
      assertEquals(0, s.openResultCount());
      assertEquals(ROWS, Databases.count(s, "big"));
    }
  }

  @Test
  void otherCallsMayComeBetweenRowsOfAnOpenResult() {
    try (TableSession s = TableSession.open(Databases.quiverConfig(DB).fetchSize(100).build());
        SessionDataSet rs = s.executeQueryStatement("SELECT time FROM big WHERE dev = 'd0' ORDER BY time")) {
      long expected = 0;
      int n = 0;
      while (rs.next()) {
        assertEquals(expected, rs.getLong(0));
        expected += 10;
        if (++n % 5000 == 0) {
          assertEquals(ROWS, Databases.count(s, "big"));
        }
      }
      assertEquals(ROWS / 10, n);
    }
  }
}
