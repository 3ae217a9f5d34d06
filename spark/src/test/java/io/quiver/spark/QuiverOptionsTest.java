package io.quiver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.TableSessionConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuiverOptionsTest {
  @Test
  void sparkConfSuppliesWhatTheOptionsLeaveOutAndOptionsWin() {
    QuiverOptions o = QuiverOptions.of(Map.of("Table", "db1.T1", "URL", "10.0.0.1:6667,10.0.0.2:6667"),
        Map.of("spark.datasource.quiver.password", "secret", "spark.datasource.quiver.url", "ignored:1",
            "spark.other", "x"));
    assertEquals("db1", o.database());
    assertEquals("t1", o.table());
    TableSessionConfig c = o.sessionConfig();
    assertEquals(List.of("10.0.0.1:6667", "10.0.0.2:6667"), c.nodeUrls());
    assertEquals("secret", c.password());
    assertTrue(c.enableRedirection());
    assertFalse(o.toString().contains("secret"), o.toString());
    assertEquals(TableSessionConfig.DEFAULT_REPLAY_WINDOW, c.replayWindow());
  }

  @Test
  void replayWindowIsMillisecondsAndZeroTurnsItOff() {
    assertEquals(0, QuiverOptions.of(Map.of("table", "db.t", "replayWindow", "0")).sessionConfig()
        .replayWindow().toMillis());
    assertEquals(1500, QuiverOptions.of(Map.of("table", "db.t", "replayWindow", "1500")).replayWindowMillis());
    assertEquals(0, QuiverOptions.of(Map.of()).queryTimeoutMs(), "the server's default");
    assertEquals(600_000, QuiverOptions.of(Map.of("queryTimeout", "600000")).queryTimeoutMs());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> QuiverOptions.of(Map.of("queryTimeout", "-5"))
        .queryTimeoutMs()).getMessage().contains("'queryTimeout'"));
    QuiverOptions bad = QuiverOptions.of(Map.of("table", "db.t", "replayWindow", "-1"));
    assertTrue(assertThrows(IllegalArgumentException.class, bad::replayWindowMillis).getMessage()
        .contains("'replayWindow'"));
  }

  @Test
  void insertRequestOptionsReachBothSessionConfigs() {
    QuiverOptions o = QuiverOptions.of(Map.of("table", "db.t", "encodeInserts", "true", "gzipInserts", "true",
        "maxInFlightInserts", "2"));
    assertTrue(o.sessionConfig().encodeInserts());
    assertTrue(o.sessionConfig().gzipInserts());
    assertEquals(2, o.sessionConfig().maxInFlightInserts());
    assertTrue(assertThrows(IllegalArgumentException.class, o::treeSessionConfig).getMessage()
        .startsWith("gzipInserts: a tree-model session sends its insert requests plain"));
    assertEquals(2, QuiverOptions.of(Map.of("deviceColumn", "d", "maxInFlightInserts", "2")).treeSessionConfig()
        .maxInFlightInserts());
    assertEquals(2, QuiverOptions.of(Map.of("table", "db.t")).sessionConfig().maxInFlightInserts(), "the default");
    assertEquals(1, QuiverOptions.of(Map.of("table", "db.t", "replayWindow", "0")).sessionConfig()
        .maxInFlightInserts(), "without a window, nothing to re-send from");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> QuiverOptions.of(Map.of("table", "db.t", "maxInFlightInserts", "2", "replayWindow", "0")).sessionConfig());
    assertTrue(e.getMessage().contains("maxInFlightInserts") && e.getMessage().contains("replayWindow"),
        e.getMessage());
  }

  @Test
  void badValuesNameTheOption() {
    QuiverOptions o = QuiverOptions.of(Map.of("table", "t", "partitions", "0", "timeAs", "days",
        "redirection", "maybe"));
    assertTrue(assertThrows(IllegalArgumentException.class, o::partitions).getMessage().contains("'partitions'"));
    assertTrue(assertThrows(IllegalArgumentException.class, o::timeAsLong).getMessage().contains("'timeAs'"));
    assertTrue(assertThrows(IllegalArgumentException.class, o::database).getMessage().contains("'database'"));
    QuiverOptions noTable = QuiverOptions.of(Map.of());
    assertTrue(assertThrows(IllegalArgumentException.class, noTable::table).getMessage().contains("'table'"));
  }
}
