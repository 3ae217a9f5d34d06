package io.quiver.it.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.client.DataType;
import io.quiver.client.ReplayStats;
import io.quiver.client.Session;
import io.quiver.client.SessionConfig;
import io.quiver.client.Tablet;
import io.quiver.it.support.TcpProxy;
import io.quiver.it.support.TestIoTDB;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The table session's replay window carries tree requests unchanged: acknowledged {@code
 * insertTablet} and {@code insertTablets} frames are kept, and after the connection breaks (cut by
 * a {@link TcpProxy}, the server stays up) they are re-sent as they were before the next insert,
 * and the server accepts each again (equal times overwrite: the counts stay the same).
 */
class TreeReplayIT {
  private static final String DB = "root.quiver_tree_replay";
  private static org.apache.iotdb.session.Session official;

  @BeforeAll
  static void open() throws Exception {
    official = TreeServer.official();
    TreeServer.recreateDatabase(official, DB);
  }

  @AfterAll
  static void close() throws Exception {
    TreeServer.dropDatabase(official, DB);
    official.close();
  }

  static Tablet rows(String device, long from, int n) {
    Tablet.Builder b = Tablet.builder(device).field("v", DataType.INT64).field("s", DataType.TEXT);
    for (int r = 0; r < n; r++) {
      b.row(from + r, from + r, "x" + r);
    }
    return b.build();
  }

  static long count(String series) throws Exception {
    try (org.apache.iotdb.isession.SessionDataSet ds = official.executeQueryStatement("select count(v) from " + series)) {
      return ds.next().getFields().get(0).getLongV();
    }
  }

  @Test
  void afterAReconnectTheTreeFramesAreReplayedFirstAndAccepted() throws Exception {
    try (TcpProxy proxy = new TcpProxy(TestIoTDB.endpoint());
        Session s = Session.open(SessionConfig.builder().nodeUrls(proxy.endpoint())
            .retryInterval(Duration.ofMillis(50)).build())) {
      s.insertAlignedTablet(rows(DB + ".one", 0, 10));
      List<Tablet> many = new ArrayList<>();
      for (int d = 0; d < 50; d++) {
        many.add(rows(DB + ".many.d" + d, 0, 4));
      }
      s.insertTablets(many);
      ReplayStats held = s.replayStats();
      assertEquals(2, held.frames(), held.toString());
      assertEquals(210, held.rows());

      proxy.cutAll();
      s.insertTablet(rows(DB + ".after", 0, 5));
      ReplayStats after = s.replayStats();
      assertEquals(2, after.replayedFrames(), after.toString());
      assertEquals(210, after.replayedRows());
      assertEquals(0, after.refusedFrames(), after.toString());
      assertEquals(10, count(DB + ".one"));
      assertEquals(4, count(DB + ".many.d0"));
      assertEquals(4, count(DB + ".many.d49"));
      assertEquals(5, count(DB + ".after"));
      TreeServer.assertAligned(official, DB + ".one", true);
    }
  }

  @Test
  void aTreeSessionPipelinesItsTabletsAndLosesNoneWhenTheConnectionIsCutWithSomeInFlight() throws Exception {
    try (TcpProxy proxy = new TcpProxy(TestIoTDB.endpoint());
        Session s = Session.open(SessionConfig.builder().nodeUrls(proxy.endpoint()).maxInFlightInserts(4)
            .retryInterval(Duration.ofMillis(50)).build())) {
      for (int b = 0; b < 20; b++) {
        s.insertAlignedTablet(rows(DB + ".piped", b * 100L, 100));
        if (b == 9) {
          proxy.cutAll(); // up to four requests have no answer yet
        }
      }
      s.flush();
      assertEquals(2_000, count(DB + ".piped"));
      TreeServer.assertAligned(official, DB + ".piped", true);
    }
  }
}
