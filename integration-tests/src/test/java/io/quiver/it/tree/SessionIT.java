package io.quiver.it.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.DataType;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.Session;
import io.quiver.client.SessionConfig;
import io.quiver.client.SessionDataSet;
import io.quiver.client.StatementException;
import io.quiver.client.Tablet;
import io.quiver.it.support.TestIoTDB;
import io.quiver.it.tree.TreeInsertRoundTripIT.Row;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.tsfile.read.common.RowRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tree-model {@link Session} against the real server, with the official Java {@code Session}
 * as the reference both ways: Quiver writes (row tablets, one device and 1,000 devices in one
 * request, aligned and not) and the official client reads back cell by cell; the official client
 * writes and Quiver's {@link SessionDataSet} reads back cell by cell. Every tree type with nulls
 * and edge values. Plus bad input refused before any byte is sent, and a type conflict answered
 * by the server naming the series.
 */
class SessionIT {
  private static final String DB = "root.quiver_session";
  private static final DataType[] TYPES = TreeInsertRoundTripIT.TYPES;
  private static final List<String> NAMES = TreeInsertRoundTripIT.NAMES;
  private static org.apache.iotdb.session.Session official;
  private static Session session;

  @BeforeAll
  static void open() throws Exception {
    official = TreeServer.official();
    TreeServer.recreateDatabase(official, DB);
    session = Session.open(config());
  }

  static SessionConfig config() {
    String[] hp = TestIoTDB.endpoint().split(":");
    return SessionConfig.builder().host(hp[0]).port(Integer.parseInt(hp[1])).zoneId("UTC+8").build();
  }

  @AfterAll
  static void close() throws Exception {
    if (session != null) {
      session.close();
    }
    TreeServer.dropDatabase(official, DB);
    official.close();
  }

  static Tablet tablet(String device, List<Row> rows) {
    Tablet.Builder b = Tablet.builder(device);
    for (int c = 0; c < TYPES.length; c++) {
      b.field(NAMES.get(c), TYPES[c]);
    }
    for (Row r : rows) {
      b.row(r.time(), r.values());
    }
    return b.build();
  }

  /** Every cell of the device as the official client reads it, against the rows in time order. */
  static void assertOfficialReads(String device, List<Row> given) throws Exception {
    List<Row> expected = TreeInsertRoundTripIT.timeOrdered(given);
    try (org.apache.iotdb.isession.SessionDataSet ds =
        official.executeQueryStatement(TreeInsertRoundTripIT.select(device))) {
      int r = 0;
      while (ds.hasNext()) {
        RowRecord rec = ds.next();
        Row row = expected.get(r);
        assertEquals(row.time(), rec.getTimestamp(), device + " row " + r + " time");
        for (int c = 0; c < TYPES.length; c++) {
          TreeInsertRoundTripIT.assertCell(device + " time " + row.time() + " " + NAMES.get(c), TYPES[c],
              row.values()[c], rec.getFields().get(c));
        }
        r++;
      }
      assertEquals(expected.size(), r, device + ": rows read back");
    }
  }

  /** Every cell of the device as Quiver's SessionDataSet reads it: Time first, full paths. */
  static void assertQuiverReads(String device, List<Row> given) {
    List<Row> expected = TreeInsertRoundTripIT.timeOrdered(given);
    try (SessionDataSet ds = session.executeQueryStatement(TreeInsertRoundTripIT.select(device))) {
      List<String> names = ds.getColumnNames();
      assertEquals("Time", names.get(0));
      assertEquals(DataType.TIMESTAMP, ds.getColumnTypes().get(0));
      for (int c = 0; c < NAMES.size(); c++) {
        assertEquals(device + "." + NAMES.get(c), names.get(c + 1));
        assertEquals(TYPES[c], ds.getColumnTypes().get(c + 1));
      }
      int r = 0;
      while (ds.next()) {
        Row row = expected.get(r);
        assertEquals(row.time(), ds.getLong(0), device + " row " + r + " time");
        assertEquals(row.time(), ds.getTimestamp("Time").toEpochMilli(), device + " row " + r + " Time");
        for (int c = 0; c < TYPES.length; c++) {
          String where = device + " time " + row.time() + " " + NAMES.get(c);
          Object v = row.values()[c];
          int i = c + 1;
          if (v == null) {
            assertTrue(ds.isNull(i), where + ": expected null, read " + ds.getObject(i));
            continue;
          }
          assertFalse(ds.isNull(i), where + ": expected " + v + ", read null");
          switch (TYPES[c]) {
            case BOOLEAN -> assertEquals(v, ds.getBoolean(i), where);
            case INT32 -> assertEquals(v, ds.getInt(i), where);
            case INT64, TIMESTAMP -> assertEquals(v, ds.getLong(i), where);
            case FLOAT -> assertEquals(0, Float.compare((Float) v, ds.getFloat(i)), where);
            case DOUBLE -> assertEquals(0, Double.compare((Double) v, ds.getDouble(i)), where);
            case TEXT, STRING -> assertEquals(v, ds.getString(i), where);
            case BLOB -> assertArrayEquals((byte[]) v, ds.getBytes(i), where);
            case DATE -> assertEquals(v, ds.getDate(i), where);
          }
        }
        r++;
      }
      assertEquals(expected.size(), r, device + ": rows read back");
    }
  }

  @Test
  void aRowTabletOfEveryTypeReadsBackCellByCellBothWaysNotAligned() throws Exception {
    String device = DB + ".one.plain";
    List<Row> rows = TreeInsertRoundTripIT.edgeRows();
    session.insertTablet(tablet(device, rows));
    assertOfficialReads(device, rows);
    assertQuiverReads(device, rows);
    TreeServer.assertAligned(official, device, false);
  }

  @Test
  void aRowTabletOfEveryTypeReadsBackCellByCellBothWaysAligned() throws Exception {
    String device = DB + ".one.aligned";
    List<Row> rows = TreeInsertRoundTripIT.edgeRows();
    session.insertAlignedTablet(tablet(device, rows));
    assertOfficialReads(device, rows);
    assertQuiverReads(device, rows);
    TreeServer.assertAligned(official, device, true);
  }

  @Test
  void officialWritesQuiverReadsEveryTypeCellByCell() throws Exception {
    String device = DB + ".by_official";
    List<Row> rows = TreeInsertRoundTripIT.edgeRows();
    List<org.apache.tsfile.write.schema.IMeasurementSchema> schemas = new ArrayList<>();
    for (int c = 0; c < TYPES.length; c++) {
      schemas.add(new org.apache.tsfile.write.schema.MeasurementSchema(NAMES.get(c),
          org.apache.tsfile.enums.TSDataType.valueOf(TYPES[c].name())));
    }
    org.apache.tsfile.write.record.Tablet t = new org.apache.tsfile.write.record.Tablet(device, schemas, rows.size());
    for (Row r : rows) {
      int i = t.getRowSize();
      t.addTimestamp(i, r.time());
      for (int c = 0; c < TYPES.length; c++) {
        Object v = r.values()[c];
        if (v == null) {
          continue;
        }
        if (TYPES[c] == DataType.TEXT || TYPES[c] == DataType.STRING) {
          t.addValue(NAMES.get(c), i, (String) v);
        } else if (TYPES[c] == DataType.BLOB) {
          t.addValue(NAMES.get(c), i, new org.apache.tsfile.utils.Binary((byte[]) v));
        } else if (TYPES[c] == DataType.DATE) {
          t.addValue(NAMES.get(c), i, (LocalDate) v);
        } else {
          t.addValue(NAMES.get(c), i, v);
        }
      }
    }
    official.insertTablet(t, true);
    assertQuiverReads(device, rows);
  }

  @Test
  void aThousandDevicesFromTabletsInOneCallReadBackCellByCell() throws Exception {
    for (boolean aligned : new boolean[] {false, true}) {
      Map<String, List<Row>> devices =
          TreeInsertRoundTripIT.thousandDevices(DB + (aligned ? ".many_aligned" : ".many_plain"));
      List<Tablet> tablets = new ArrayList<>();
      devices.forEach((d, rows) -> tablets.add(tablet(d, rows)));
      if (aligned) {
        session.insertAlignedTablets(tablets);
      } else {
        session.insertTablets(tablets);
      }
      Map<String, List<Row>> sample = new TreeMap<>();
      for (String d : List.of("d0", "d1", "d500", "d999")) {
        String path = DB + (aligned ? ".many_aligned." : ".many_plain.") + d;
        sample.put(path, devices.get(path));
      }
      for (Map.Entry<String, List<Row>> e : sample.entrySet()) {
        assertOfficialReads(e.getKey(), e.getValue());
        assertQuiverReads(e.getKey(), e.getValue());
      }
      try (SessionDataSet ds = session.executeQueryStatement(
          "count devices " + DB + (aligned ? ".many_aligned" : ".many_plain") + ".**")) {
        assertTrue(ds.next());
        assertEquals(1000L, ds.getLong(0));
      }
      TreeServer.assertAligned(official, DB + (aligned ? ".many_aligned" : ".many_plain") + ".d7", aligned);
    }
  }

  @Test
  void insertRecordsWriteSingleRowsOfSeveralDevices() throws Exception {
    session.insertRecord(DB + ".rec.d1", 1L, List.of("a", "b"), List.of(DataType.INT32, DataType.TEXT),
        java.util.Arrays.asList(5, "x"));
    session.insertRecords(List.of(DB + ".rec.d1", DB + ".rec.d2"), List.of(2L, 3L),
        List.of(List.of("a"), List.of("a", "c")),
        List.of(List.of(DataType.INT32), List.of(DataType.INT32, DataType.DOUBLE)),
        List.of(List.of(6), java.util.Arrays.asList(7, null)));
    assertEquals(List.of(List.of("5", "x"), java.util.Arrays.asList("6", null)),
        TreeServer.rows(official, "select a, b from " + DB + ".rec.d1"));
    assertEquals(List.of(List.of("7")), TreeServer.rows(official, "select a from " + DB + ".rec.d2"));
  }

  @Test
  void queryShapesAsTheOfficialClientShowsThem() {
    String d = DB + ".shapes";
    session.insertTablet(Tablet.builder(d).field("s1", DataType.INT32).field("s2", DataType.DOUBLE)
        .row(1L, 10, 1.5).row(2L, 20, null).build());
    try (SessionDataSet ds = session.executeQueryStatement("select s1 from " + d + " align by device")) {
      assertEquals(List.of("Time", "Device", "s1"), ds.getColumnNames());
      assertTrue(ds.next());
      assertEquals(1L, ds.getLong(0));
      assertEquals(d, ds.getString("Device"));
      assertEquals(10, ds.getInt(2));
    }
    try (SessionDataSet ds = session.executeQueryStatement("select count(s1) from " + d)) {
      assertEquals(List.of("count(" + d + ".s1)"), ds.getColumnNames());
      assertTrue(ds.next());
      assertEquals(2L, ds.getLong(0));
    }
    try (SessionDataSet ds = session.executeQueryStatement("select last s2 from " + d)) {
      assertEquals(List.of("Time", "Timeseries", "Value", "DataType"), ds.getColumnNames());
      assertTrue(ds.next());
      assertEquals(1L, ds.getLong(0));
      assertEquals(d + ".s2", ds.getString(1));
      assertEquals("1.5", ds.getString(2));
    }
    try (SessionDataSet ds = session.executeQueryStatement("show timeseries " + d + ".*")) {
      assertEquals("Timeseries", ds.getColumnNames().get(0));
      int n = 0;
      while (ds.next()) {
        n++;
      }
      assertEquals(2, n);
    }
    try (SessionDataSet ds = session.executeQueryStatement("show devices " + d)) {
      assertEquals(List.of("Device", "IsAligned", "Template", "TTL(ms)"), ds.getColumnNames());
      assertTrue(ds.next());
      assertEquals("false", ds.getString("IsAligned"));
    }
  }

  @Test
  void badPathsAndNamesAreRefusedBeforeAnyByteIsSent() throws Exception {
    InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> session.insertTablet(
        Tablet.builder(DB + ".bad.d-1").field("s1", DataType.INT32).row(1L, 1).build()));
    assertTrue(e.getMessage().contains("d-1"), e.getMessage());
    e = assertThrows(InvalidBatchException.class, () -> session.insertTablet(
        Tablet.builder(DB + ".bad.d1").field("s.1", DataType.INT32).row(1L, 1).build()));
    assertTrue(e.getMessage().contains("s.1"), e.getMessage());
    // one bad device among good ones: nothing of the request is sent
    List<Tablet> mixed = List.of(
        Tablet.builder(DB + ".bad.ok").field("s1", DataType.INT32).row(1L, 1).build(),
        Tablet.builder(DB + ".bad.at").field("s@1", DataType.INT32).row(1L, 1).build());
    assertThrows(InvalidBatchException.class, () -> session.insertTablets(mixed));
    assertEquals(List.of(), TreeServer.rows(official, "show devices " + DB + ".bad.**"));
  }

  @Test
  void aTypeTheSeriesHasDifferentlyIsTheServersAnswerNamingTheSeries() throws Exception {
    String d = DB + ".conflict";
    session.executeNonQueryStatement("create timeseries " + d + ".s1 with datatype=INT32");
    StatementException e = assertThrows(StatementException.class, () -> session.insertTablet(
        Tablet.builder(d).field("s1", DataType.DOUBLE).row(1L, 1.5).build()));
    assertEquals(507, e.statusCode());
    assertTrue(e.getMessage().contains(d + ".s1"), e.getMessage());
    assertTrue(e.getMessage().contains("wrote the request's other"), e.getMessage());
    // many devices in one request: the conflicting one is named, the others are written, and said so
    List<Tablet> two = List.of(
        Tablet.builder(DB + ".conflict_ok").field("s1", DataType.DOUBLE).row(1L, 2.5).build(),
        Tablet.builder(d).field("s1", DataType.DOUBLE).row(2L, 3.5).build());
    e = assertThrows(StatementException.class, () -> session.insertTablets(two));
    assertTrue(e.getMessage().contains(d + ".s1") && e.getMessage().contains("devices"), e.getMessage());
    assertEquals(List.of(List.of("2.5")), TreeServer.rows(official, "select s1 from " + DB + ".conflict_ok"));
  }

  @Test
  void duplicateMeasurementsInAnyBatchAreRefusedBeforeAnyByteIsSent() throws Exception {
    io.quiver.client.spi.InsertBatch dup = new io.quiver.client.spi.InsertBatch() {
      final Tablet t = Tablet.builder(DB + ".dup").field("s1", DataType.INT32).field("s2", DataType.INT32)
          .row(1L, 1, 2).build();

      @Override public String tableName() { return t.tableName(); }
      @Override public int rowCount() { return 1; }
      @Override public int columnCount() { return 2; }
      @Override public String columnName(int i) { return "s1"; }
      @Override public DataType dataType(int i) { return DataType.INT32; }
      @Override public io.quiver.client.ColumnCategory category(int i) { return t.category(i); }
      @Override public long valuesSize() { return t.valuesSize(); }
      @Override public void writeTimestamps(io.quiver.client.spi.WireBuffer out, io.quiver.client.TimePrecision p) {
        t.writeTimestamps(out, p);
      }
      @Override public void writeValues(io.quiver.client.spi.WireBuffer out, io.quiver.client.TimePrecision p) {
        t.writeValues(out, p);
      }
    };
    InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> session.insertTablet(dup));
    assertTrue(e.getMessage().contains("s1"), e.getMessage());
    assertEquals(List.of(), TreeServer.rows(official, "show devices " + DB + ".dup"));
  }
}
