package io.quiver.it.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.iotdb.isession.SessionDataSet;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;
import org.apache.iotdb.session.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of tree-dialect query results as the server sends them (raw: column names, types,
 * {@code ignoreTimeStamp}) and as the official {@code Session} shows them (a {@code Time} column
 * first exactly when {@code ignoreTimeStamp} is false). A tree {@code SessionDataSet} and
 * {@code ArrowQuery} must reproduce the official column lists.
 */
class TreeQueryShapesIT {
  private static final String DB = "root.quiver_q";
  private static final String D1 = DB + ".d1";
  private static Session official;

  @BeforeAll
  static void createData() throws Exception {
    official = TreeServer.official();
    TreeServer.recreateDatabase(official, DB);
    try (RawTreeConnection c = RawTreeConnection.tree()) {
      assertEquals(200, c.insertTablet(RawRequests.int32Tablet(D1, List.of("s1", "s2"), false, 1, 2, 7)).getCode());
      assertEquals(200, c.insertTablet(RawRequests.int32Tablet(DB + ".d2", List.of("s1"), true, 3)).getCode());
    }
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    TreeServer.dropDatabase(official, DB);
    official.close();
  }

  /** What the server says about a query, and the official client's column names and types. */
  record Shape(List<String> columns, List<String> types, boolean ignoreTimeStamp,
      List<String> officialColumns, List<String> officialTypes) {}

  static Shape shape(String sql) throws Exception {
    TSExecuteStatementResp r;
    try (RawTreeConnection c = RawTreeConnection.tree()) {
      r = c.execute(sql);
    }
    assertEquals(200, r.getStatus().getCode(), sql + ": " + r.getStatus());
    assertFalse(r.isTableModel(), sql);
    List<Integer> index = new ArrayList<>(r.getColumnIndex2TsBlockColumnIndexList());
    Collections.sort(index);
    List<Integer> identity = new ArrayList<>();
    for (int i = 0; i < r.getColumns().size(); i++) {
      identity.add(i);
    }
    assertEquals(identity, index, sql + ": the column-to-TsBlock index list is a permutation");
    try (SessionDataSet ds = official.executeQueryStatement(sql)) {
      return new Shape(r.getColumns(), r.getDataTypeList(), r.isIgnoreTimeStamp(),
          ds.getColumnNames(), ds.getColumnTypes());
    }
  }

  static List<String> withTime(List<String> columns) {
    List<String> l = new ArrayList<>();
    l.add("Time");
    l.addAll(columns);
    return l;
  }

  static void assertShape(String sql, List<String> columns, List<String> types, boolean ignoreTimeStamp)
      throws Exception {
    Shape s = shape(sql);
    assertEquals(columns, s.columns(), sql + " columns");
    assertEquals(types, s.types(), sql + " types");
    assertEquals(ignoreTimeStamp, s.ignoreTimeStamp(), sql + " ignoreTimeStamp");
    assertEquals(ignoreTimeStamp ? columns : withTime(columns), s.officialColumns(), sql + " official columns");
    List<String> officialTypes = new ArrayList<>(types);
    if (!ignoreTimeStamp) {
      officialTypes.add(0, "INT64");
    }
    assertEquals(officialTypes, s.officialTypes(), sql + " official types");
  }

  @Test
  void rawQueriesNameColumnsByFullPathAndLeaveTimeToTheClient() throws Exception {
    assertShape("select s1, s2 from " + D1, List.of(D1 + ".s1", D1 + ".s2"), List.of("INT32", "INT32"), false);
    assertShape("select s1 as x from " + D1, List.of("x"), List.of("INT32"), false);
    assertShape("select s1 + 1 from " + D1, List.of(D1 + ".s1 + 1"), List.of("DOUBLE"), false);
    assertShape("select s1 from " + D1 + " where time > 100", List.of(D1 + ".s1"), List.of("INT32"), false);
  }

  @Test
  void selectStarListsEverySeriesInAnOrderOfTheServersChoosing() throws Exception {
    Shape s = shape("select * from " + D1);
    assertEquals(List.of(D1 + ".s1", D1 + ".s2"), s.columns().stream().sorted().toList());
    assertFalse(s.ignoreTimeStamp());
    assertEquals(withTime(s.columns()), s.officialColumns());
  }

  @Test
  void alignByDeviceAddsATextDeviceColumnFirstAndKeepsTime() throws Exception {
    assertShape("select s1 from " + DB + ".** align by device", List.of("Device", "s1"),
        List.of("TEXT", "INT32"), false);
    assertEquals(List.of(List.of(D1, "0"), List.of(D1, "1"), List.of(D1, "2"), List.of(DB + ".d2", "0")),
        TreeServer.rows(official, "select s1 from " + DB + ".** align by device"));
  }

  @Test
  void aggregationsHaveNoTimeUnlessGroupedByTime() throws Exception {
    assertShape("select count(s1) from " + D1, List.of("count(" + D1 + ".s1)"), List.of("INT64"), true);
    assertShape("select count(s1) from " + D1 + " group by ([0, 10), 5ms)",
        List.of("count(" + D1 + ".s1)"), List.of("INT64"), false);
    assertShape("select count(s1) from " + DB + ".** align by device", List.of("Device", "count(s1)"),
        List.of("TEXT", "INT64"), true);
  }

  @Test
  void lastQueriesAreTimeThenThreeTextColumns() throws Exception {
    assertShape("select last s1 from " + D1, List.of("Timeseries", "Value", "DataType"),
        List.of("TEXT", "TEXT", "TEXT"), false);
    assertEquals(List.of(List.of(D1 + ".s1", "2", "INT32")),
        TreeServer.rows(official, "select last s1 from " + D1));
  }

  @Test
  void showStatementsAreTextTablesWithoutTime() throws Exception {
    assertShape("show timeseries " + DB + ".**", List.of("Timeseries", "Alias", "Database", "DataType",
        "Encoding", "Compression", "Tags", "Attributes", "Deadband", "DeadbandParameters", "ViewType"),
        Collections.nCopies(11, "TEXT"), true);
    assertShape("show devices " + DB + ".**", List.of("Device", "IsAligned", "Template", "TTL(ms)"),
        Collections.nCopies(4, "TEXT"), true);
    List<List<String>> devices = new ArrayList<>(TreeServer.rows(official, "show devices " + DB + ".**"));
    devices.sort((a, b) -> a.get(0).compareTo(b.get(0)));
    assertEquals(List.of(java.util.Arrays.asList(D1, "false", null, "INF"),
        java.util.Arrays.asList(DB + ".d2", "true", null, "INF")), devices);
    assertShape("show databases " + DB, List.of("Database", "SchemaReplicationFactor",
        "DataReplicationFactor", "TimePartitionOrigin", "TimePartitionInterval"),
        List.of("TEXT", "INT32", "INT32", "INT64", "INT64"), true);
    assertShape("count timeseries " + DB + ".**", List.of("count(timeseries)"), List.of("INT64"), true);
    assertShape("count devices " + DB + ".**", List.of("count(devices)"), List.of("INT64"), true);
  }
}
