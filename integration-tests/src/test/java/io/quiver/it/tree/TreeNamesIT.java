package io.quiver.it.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.InvalidBatchException;
import io.quiver.client.internal.tree.TreePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.session.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which device paths and measurement names the server accepts on {@code insertTablet}, sent raw
 * (no client checks), against what {@link TreePaths} decides before sending: they must agree,
 * except where Quiver is deliberately stricter (listed and checked as such).
 */
class TreeNamesIT {
  private static final String DB = "root.quiver_names";
  /**
   * Accepted by the server, refused by Quiver: white space (trimmed away by the server) and an
   * empty quoted node.
   */
  private static final Set<String> STRICTER_DEVICES = Set.of(DB + ".d1 ", DB + ".``", DB + ".`root`");
  /**
   * Names the server accepts and Quiver refuses on purpose: {@code `root`} is stored unquoted
   * ({@code root.sg.root.s1}, seen on 2.0.10), a path that then reads as the reserved word.
   */
  private static final Set<String> STRICTER_MEASUREMENTS = Set.of("`root`");

  private static Session official;

  @BeforeAll
  static void createDatabase() throws Exception {
    official = TreeServer.official();
    TreeServer.recreateDatabase(official, DB);
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    TreeServer.dropDatabase(official, DB);
    official.close();
  }

  private static boolean quiverAccepts(Runnable check) {
    try {
      check.run();
      return true;
    } catch (InvalidBatchException e) {
      return false;
    }
  }

  @Test
  void devicePathsTheServerAcceptsAreThoseQuiverAccepts() throws Exception {
    String[] nodes = {"d1", "`d-1`", "`d 1`", "1d", "select", "中文", "d_1", "d:1", "`a.b`", "d@1",
        "d#1", "d$1", "d{1}", "`d``1`", "`12`", "`time`", "d-1", "d 1", "*", "d*", "time", "TIME",
        "timestamp", "root", "\"q\"", "12", "1e5", "-1", "d`1", "`d1", "``", "dé", "`a`b", "`root`", "`TIMESTAMP`"};
    List<String> paths = new ArrayList<>();
    for (String n : nodes) {
      paths.add(DB + "." + n);
    }
    paths.addAll(List.of("root", "", "quiver_names.d1", "ROOT.quiver_names.upper", DB,
        DB + "..d1", DB + ".d1.", DB + ".d1 "));
    List<String> disagreements = new ArrayList<>();
    try (RawTreeConnection c = RawTreeConnection.tree()) {
      for (String path : paths) {
        TSStatus status = c.insertTablet(RawRequests.int32Tablet(path, List.of("s1"), false, 1));
        boolean server = status.getCode() == 200;
        boolean quiver = quiverAccepts(() -> TreePaths.checkDevice(path));
        boolean expectedQuiver = server && !STRICTER_DEVICES.contains(path);
        if (quiver != expectedQuiver) {
          disagreements.add("[" + path + "] server " + status + ", quiver " + quiver);
        }
      }
    }
    assertEquals(List.of(), disagreements);
  }

  @Test
  void measurementNamesTheServerAcceptsAreThoseQuiverAccepts() throws Exception {
    String[] names = {"s1", "S1", "`s 1`", "`s.1`", "1s", "select", "s_1", "中文", "`s``1`",
        "device", "align", "null", "`time`", "`12`", "s.1", "s 1", "time", "Time", "TIMESTAMP",
        "root", "*", "s*", "12", "s-1", "s:1", "s`1", "\"s1\"", "s@1", "s#1", "s$1", "s{1}", "1e5",
        "-1", "`s1", "sé", "", "`root`", "`Timestamp`"};
    List<String> disagreements = new ArrayList<>();
    int i = 0;
    try (RawTreeConnection c = RawTreeConnection.tree()) {
      for (String name : names) {
        String device = DB + ".m" + (i++);
        TSStatus status = c.insertTablet(RawRequests.int32Tablet(device, List.of(name), false, 1));
        boolean server = status.getCode() == 200;
        boolean quiver = quiverAccepts(() -> TreePaths.checkMeasurement(device, name));
        boolean expectedQuiver = server && !STRICTER_MEASUREMENTS.contains(name);
        if (quiver != expectedQuiver) {
          disagreements.add("[" + name + "] server " + status + ", quiver " + quiver);
        }
      }
    }
    assertEquals(List.of(), disagreements);
  }

  @Test
  void theServerTrimsWhiteSpaceAroundADevicePathWhichQuiverRefuses() throws Exception {
    try (RawTreeConnection c = RawTreeConnection.tree()) {
      assertEquals(200, c.insertTablet(RawRequests.int32Tablet(DB + ".trim ", List.of("s1"), false, 9))
          .getCode());
    }
    assertEquals(List.of(List.of("0")), TreeServer.rows(official, "select s1 from " + DB + ".trim"));
    assertTrue(!quiverAccepts(() -> TreePaths.checkDevice(DB + ".trim ")));
  }

  @Test
  void duplicateAndEmptyMeasurementsAreRefusedWith701() throws Exception {
    try (RawTreeConnection c = RawTreeConnection.tree()) {
      TSStatus dup = c.insertTablet(RawRequests.int32Tablet(DB + ".dup", List.of("s1", "s1"), false, 1));
      assertEquals(701, dup.getCode());
      assertTrue(dup.getMessage().contains("duplicated measurement: s1"), dup.getMessage());
      TSStatus empty = c.insertTablet(RawRequests.int32Tablet(DB + ".empty", List.of(""), false, 1));
      assertEquals(701, empty.getCode());
      assertTrue(empty.getMessage().contains("null or empty"), empty.getMessage());
    }
  }
}
