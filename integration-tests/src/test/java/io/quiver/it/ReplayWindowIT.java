package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.DataType;
import io.quiver.client.ReplayRefusedException;
import io.quiver.client.ReplayStats;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.Tablet;
import io.quiver.it.support.Databases;
import io.quiver.it.support.TcpProxy;
import io.quiver.it.support.TestIoTDB;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replay window against the test server, with connections broken by a relay ({@link
 * TcpProxy#cutAll()}) rather than a crash (the server keeps the rows, so a replay must land them
 * exactly where they were, and change nothing): what it holds and when it lets go, closing, the
 * byte cap, databases, and a replay the server refuses. The crash itself: {@code DataNodeCrashIT}.
 */
class ReplayWindowIT {
  private static final String DB = "replay_a";
  private static final String OTHER_DB = "replay_b";

  @BeforeAll
  static void createTables() {
    for (String db : new String[] {DB, OTHER_DB}) {
      Databases.recreate(db);
      try (TableSession s = Databases.quiver(db)) {
        s.executeNonQueryStatement("CREATE TABLE t (dev STRING TAG, v INT64 FIELD)");
      }
    }
  }

  @AfterAll
  static void dropDatabases() {
    Databases.drop(DB);
    Databases.drop(OTHER_DB);
  }

  private static Tablet rows(String table, long first, int count) {
    Tablet.Builder b = Tablet.builder(table).tag("dev").field("v", DataType.INT64);
    for (int i = 0; i < count; i++) {
      b.row(first + i, "d" + (i % 3), first + i);
    }
    return b.build();
  }

  private static long count(TableSession s, String where) {
    try (var rs = s.executeQueryStatement("SELECT count(*) FROM " + where)) {
      assertTrue(rs.next());
      return rs.getLong(0);
    }
  }

  private static TableSessionConfig.Builder through(TcpProxy proxy, String database) {
    return TableSessionConfig.builder().nodeUrls(proxy.endpoint()).database(database)
        .retryInterval(Duration.ofMillis(50));
  }

  @Test
  void afterAReconnectTheWindowIsReplayedFirstAndEachFrameGoesBackToItsOwnDatabase() throws Exception {
    try (TcpProxy proxy = new TcpProxy(TestIoTDB.endpoint());
        TableSession s = TableSession.open(through(proxy, DB).build())) {
      s.insert(rows("t", 0, 10));
      s.executeNonQueryStatement("USE " + OTHER_DB);
      s.insert(rows("t", 100, 10));
      ReplayStats held = s.replayStats();
      assertEquals(2, held.frames());
      assertEquals(20, held.rows());
      assertTrue(held.bytes() > 0 && held.bytesAllocated() >= held.bytes(), held.toString());

      proxy.cutAll();
      s.insert(rows("t", 200, 10));
      ReplayStats after = s.replayStats();
      assertEquals(2, after.replayedFrames(), after.toString());
      assertEquals(20, after.replayedRows());
      assertEquals(OTHER_DB, s.database(), "the session's database is restored after the replay");
      assertEquals(10, count(s, DB + ".t WHERE time < 1000"), "the first frame went back to " + DB + " only");
      assertEquals(20, count(s, OTHER_DB + ".t WHERE time < 1000"));
      assertEquals(3, s.replayStats().frames(), "the replayed frames stay until the server outlives them again");
    }
  }

  @Test
  void awaitingTheWindowEmptiesItAndReleasesItsMemory() {
    try (TableSession s = Databases.quiver(DB)) {
      s.insert(rows("t", 1_000, 10));
      assertEquals(1, s.replayStats().frames());
      long t0 = System.nanoTime();
      s.awaitReplayWindow();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      ReplayStats stats = s.replayStats();
      assertEquals(0, stats.frames(), stats.toString());
      assertEquals(0, stats.bytesAllocated(), "an empty window holds no memory: " + stats);
      assertTrue(ms >= 2_500 && ms < 60_000, "waited " + ms + " ms for a 3 s window");
    }
  }

  @Test
  void closingRightAfterAnInsertWaitsForTheWindowUnlessTurnedOff() {
    TableSessionConfig config = Databases.quiverConfig(DB).awaitWindowOnClose(true).build();
    TableSession waiting = TableSession.open(config);
    waiting.insert(rows("t", 2_000, 10));
    long t0 = System.nanoTime();
    waiting.close();
    long waited = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(waited >= 2_500 && waited < 60_000, "close waited " + waited + " ms");

    // A 60 s window that close() does not wait for: returning well within it shows it did not wait,
    // however slow the machine.
    TableSession quick = TableSession.open(config.toBuilder().awaitWindowOnClose(false)
        .replayWindow(Duration.ofSeconds(60)).build());
    quick.insert(rows("t", 3_000, 10));
    t0 = System.nanoTime();
    quick.close();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 30_000, "close without waiting took " + ms + " ms of a 60 s window");
  }

  @Test
  void aWindowTooSmallForTheInsertsDropsTheOldestEarlyAndCountsThem() {
    try (TableSession s = TableSession.open(Databases.quiverConfig(DB).replayWindowBytes(2_000).build())) {
      for (int i = 0; i < 5; i++) {
        s.insert(rows("t", 4_000 + 100 * i, 40)); // about 800 bytes each
      }
      ReplayStats stats = s.replayStats();
      assertTrue(stats.droppedFrames() >= 2, stats.toString());
      assertEquals(stats.droppedFrames() * 40, stats.droppedRows());
      assertTrue(stats.bytes() <= 2_000, stats.toString());
      assertEquals(5 - stats.droppedFrames(), stats.frames());
    }
  }

  @Test
  void withTheWindowOffNothingIsKeptNorReplayed() throws Exception {
    try (TcpProxy proxy = new TcpProxy(TestIoTDB.endpoint());
        TableSession s = TableSession.open(through(proxy, DB).replayWindow(Duration.ZERO).build())) {
      s.insert(rows("t", 5_000, 10));
      proxy.cutAll();
      s.insert(rows("t", 5_100, 10));
      ReplayStats stats = s.replayStats();
      assertFalse(stats.enabled());
      assertEquals(0, stats.frames());
      assertEquals(0, stats.replayedFrames());
    }
  }

  @Test
  void aReplayTheServerRefusesFailsTheCallNamingTheRowsAndTheSessionGoesOn() throws Exception {
    try (TableSession admin = Databases.quiver(DB)) {
      admin.executeNonQueryStatement("CREATE TABLE gone (dev STRING TAG, v INT64 FIELD)");
    }
    try (TcpProxy proxy = new TcpProxy(TestIoTDB.endpoint());
        TableSession s = TableSession.open(through(proxy, DB).build())) {
      s.insert(rows("gone", 0, 7));
      s.insert(rows("t", 6_000, 10));
      try (TableSession admin = Databases.quiver(DB)) {
        // Meanwhile its column changed type: the replayed INT64 values no longer fit.
        admin.executeNonQueryStatement("DROP TABLE gone");
        admin.executeNonQueryStatement("CREATE TABLE gone (dev STRING TAG, v BOOLEAN FIELD)");
      }
      proxy.cutAll();
      ReplayRefusedException e = assertThrows(ReplayRefusedException.class, () -> s.insert(rows("t", 6_100, 10)));
      assertFalse(e.isRetryable());
      assertEquals(1, e.refusedFrames());
      assertEquals(7, e.refusedRows());
      assertTrue(e.getMessage().contains("7 rows into 'gone'") && e.getMessage().contains("not sent"), e.getMessage());
      ReplayStats stats = s.replayStats();
      assertEquals(1, stats.refusedFrames());
      assertEquals(1, stats.replayedFrames(), "the other frame was replayed: " + stats);

      s.insert(rows("t", 6_100, 10));
      assertEquals(20, count(s, "t WHERE time >= 6000 AND time < 7000"));
    }
  }
}
