package io.quiver.it.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;
import org.apache.iotdb.session.Session;
import org.apache.thrift.TException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an IoTDB 2.0.10 server does with tree-dialect sessions and tree inserts, the facts the
 * tree model's client code relies on (docs/tree-model.md): opening in the dialect, the schema a
 * first insert creates, alignment, type conflicts (and what they leave written), insertTablets
 * with many devices, unsorted rows.
 */
class TreeDialectFactsIT {
  private static final String DB = "root.quiver_facts";
  private static Session official;

  @BeforeAll
  static void createDatabase() throws Exception {
    official = TreeServer.official();
    TreeServer.recreateDatabase(official, DB);
    TreeServer.dropDatabase(official, "root.quiver_auto");
  }

  @AfterAll
  static void dropDatabases() throws Exception {
    TreeServer.dropDatabase(official, DB);
    TreeServer.dropDatabase(official, "root.quiver_auto");
    official.close();
  }

  @Test
  void theDialectKeyIsCaseInsensitiveTreeIsTheDefaultAndAnUnknownOneIsRefused() throws Exception {
    try (RawTreeConnection c = RawTreeConnection.tree()) {
      assertEquals(200, c.openResponse().getStatus().getCode());
      assertEquals(Map.of("timestamp_precision", "ms"), c.openResponse().getConfiguration());
      assertFalse(c.execute("SHOW DATABASES").isTableModel());
    }
    for (String dialect : new String[] {null, "TrEe"}) {
      try (RawTreeConnection c = RawTreeConnection.open(dialect, false)) {
        TSExecuteStatementResp r = c.execute("SHOW DEVICES root.**");
        assertEquals(200, r.getStatus().getCode(), "dialect " + dialect + ": " + r.getStatus());
        assertFalse(r.isTableModel());
      }
    }
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> RawTreeConnection.open("forest", false).close());
    assertTrue(e.getMessage().contains("code:205") && e.getMessage().contains("Unknown sql_dialect: forest"),
        e.getMessage());
  }

  @Test
  void theCompactProtocolIsNotSpokenByADefaultServer() {
    assertThrows(TException.class, () -> RawTreeConnection.open("tree", true).close());
  }

  @Test
  void aFirstInsertCreatesTheDatabaseAndSeriesOfTheTypesSent() throws Exception {
    String device = "root.quiver_auto.sensors.d1";
    assertEquals(200, TreeInsertRoundTripIT.sendTablet(device, TreeInsertRoundTripIT.edgeRows(), false)
        .getCode());
    assertEquals(List.of(List.of("root.quiver_auto")),
        TreeServer.rows(official, "SHOW DATABASES root.quiver_auto").stream().map(r -> r.subList(0, 1)).toList());
    Map<String, List<String>> series = new TreeMap<>();
    for (List<String> r : TreeServer.rows(official, "SHOW TIMESERIES " + device + ".**")) {
      series.put(r.get(0), List.of(r.get(2), r.get(3), r.get(4), r.get(5)));
    }
    Map<String, List<String>> expected = new TreeMap<>();
    String[] encodings = {"RLE", "TS_2DIFF", "TS_2DIFF", "GORILLA", "GORILLA", "PLAIN", "PLAIN",
        "PLAIN", "TS_2DIFF", "TS_2DIFF"};
    for (int c = 0; c < TreeInsertRoundTripIT.NAMES.size(); c++) {
      expected.put(device + "." + TreeInsertRoundTripIT.NAMES.get(c), List.of("root.quiver_auto",
          TreeInsertRoundTripIT.TYPES[c].name(), encodings[c], "LZ4"));
    }
    assertEquals(expected, series);
    TreeServer.assertAligned(official, device, false);
  }

  @Test
  void theFirstInsertDecidesAlignmentAndALaterOppositeFlagIsAcceptedAndIgnored() throws Exception {
    try (RawTreeConnection c = RawTreeConnection.tree()) {
      assertEquals(200, c.insertTablet(RawRequests.int32Tablet(DB + ".plain", List.of("s1"), false, 1)).getCode());
      assertEquals(200, c.insertTablet(RawRequests.int32Tablet(DB + ".aligned", List.of("s1"), true, 1)).getCode());
      TSStatus toPlain = c.insertTablet(RawRequests.int32Tablet(DB + ".plain", List.of("s2"), true, 2));
      TSStatus toAligned = c.insertTablet(RawRequests.int32Tablet(DB + ".aligned", List.of("s2"), false, 2));
      assertEquals(200, toPlain.getCode(), toPlain.toString());
      assertEquals(200, toAligned.getCode(), toAligned.toString());
    }
    TreeServer.assertAligned(official, DB + ".plain", false);
    TreeServer.assertAligned(official, DB + ".aligned", true);
    assertEquals(List.of(Arrays.asList("0", null), Arrays.asList(null, "0")),
        TreeServer.rows(official, "select s1, s2 from " + DB + ".plain"));
    assertEquals(List.of(Arrays.asList("0", null), Arrays.asList(null, "0")),
        TreeServer.rows(official, "select s1, s2 from " + DB + ".aligned"));
  }

  @Test
  void aTypeConflictAnswers507NamingTheSeriesAndTheOtherMeasurementsAreWritten() throws Exception {
    String d = DB + ".conflict";
    try (RawTreeConnection c = RawTreeConnection.tree()) {
      assertEquals(200, c.insertTablet(RawRequests.int32Tablet(d, List.of("s1"), false, 1)).getCode());
      var req = RawRequests.int32Tablet(d, List.of("s1", "s2"), false, 2);
      req.setTypes(List.of(4, 1));
      req.setValues(ByteBuffer.allocate(12).putDouble(1.5).putInt(7).flip());
      TSStatus status = c.insertTablet(req);
      assertEquals(507, status.getCode());
      assertEquals("Fail to insert measurements [s1] caused by [data type of " + d + ".s1 is not "
          + "consistent, registered type INT32, inserting type DOUBLE, timestamp 2, value 1.5]",
          status.getMessage());
    }
    assertEquals(List.of(Arrays.asList("0", null), Arrays.asList(null, "7")),
        TreeServer.rows(official, "select s1, s2 from " + d), "s2 of the failed request was written");
  }

  @Test
  void insertTabletsWritesEveryDeviceAndAConflictInOneLeavesTheOthersWritten() throws Exception {
    try (RawTreeConnection c = RawTreeConnection.tree()) {
      TSStatus ok = c.insertTablets(RawRequests.tablets(List.of(
          RawRequests.int32Tablet(DB + ".m1", List.of("a"), false, 1, 2),
          RawRequests.int32Tablet(DB + ".m2", List.of("a", "b"), false, 1)), false));
      assertEquals(200, ok.getCode(), ok.toString());
      TSStatus bad = c.insertTablets(RawRequests.tablets(List.of(
          RawRequests.int32Tablet(DB + ".m3", List.of("a"), false, 1),
          RawRequests.oneValue(DB + ".m1", "a", 4, 5, ByteBuffer.allocate(8).putDouble(2.5).array()),
          RawRequests.int32Tablet(DB + ".m4", List.of("a"), false, 1)), false));
      assertEquals(507, bad.getCode(), bad.toString());
      assertFalse(bad.isSetSubStatus(), "one status for the request, no per-device list: " + bad);
      assertTrue(bad.getMessage().contains(DB + ".m1.a is not consistent"), bad.getMessage());
    }
    List<String> devices = new ArrayList<>();
    for (List<String> r : TreeServer.rows(official, "SHOW DEVICES " + DB + ".m*")) {
      devices.add(r.get(0));
    }
    devices.sort(null);
    assertEquals(List.of(DB + ".m1", DB + ".m2", DB + ".m3", DB + ".m4"), devices);
    assertEquals(List.of(List.of("0")), TreeServer.rows(official, "select a from " + DB + ".m4"));
    assertEquals(List.of(List.of("0")), TreeServer.rows(official, "select a from " + DB + ".m3"));
  }

  @Test
  void unsortedRowsAreStoredInTimeOrderAndTheLastOfEqualTimesWins() throws Exception {
    for (boolean aligned : new boolean[] {false, true}) {
      String d = DB + (aligned ? ".unsorted_aligned" : ".unsorted");
      try (RawTreeConnection c = RawTreeConnection.tree()) {
        assertEquals(200, c.insertTablet(RawRequests.int32Tablet(d, List.of("s1"), aligned, 5, 3, 4, 3)).getCode());
      }
      List<String> times = new ArrayList<>();
      try (var ds = official.executeQueryStatement("select s1 from " + d)) {
        while (ds.hasNext()) {
          var r = ds.next();
          times.add(r.getTimestamp() + "=" + r.getFields().get(0).getStringValue());
        }
      }
      assertEquals(List.of("3=3", "4=2", "5=0"), times, d);
    }
  }
}
