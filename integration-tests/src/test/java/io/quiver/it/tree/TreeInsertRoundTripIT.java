package io.quiver.it.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.DataType;
import io.quiver.client.Tablet;
import io.quiver.client.TimePrecision;
import io.quiver.client.internal.tree.DeviceBatch;
import io.quiver.client.internal.tree.TreeInsertWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.isession.SessionDataSet;
import org.apache.iotdb.session.Session;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.tsfile.read.common.Field;
import org.apache.tsfile.read.common.RowRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quiver's hand-framed tree inserts ({@link TreeInsertWriter}) sent to the real server over a raw
 * libthrift connection, read back by the official Java {@code Session} cell by cell: every tree
 * type with nulls and edge values, aligned and not, one device per request and 1,000 devices in
 * one {@code insertTablets} request. The rows are given out of time order, so the server also
 * sees the writer's sorting.
 */
class TreeInsertRoundTripIT {
  private static final String DB = "root.quiver_rt";
  static final DataType[] TYPES = {DataType.BOOLEAN, DataType.INT32, DataType.INT64,
      DataType.FLOAT, DataType.DOUBLE, DataType.TEXT, DataType.STRING, DataType.BLOB, DataType.DATE,
      DataType.TIMESTAMP};
  static final List<String> NAMES = Arrays.stream(TYPES)
      .map(t -> "s_" + t.name().toLowerCase()).toList();

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

  /** One row: time and one value per type (null for null). */
  record Row(long time, Object[] values) {}

  static List<Row> edgeRows() {
    byte[] mib = new byte[1 << 20];
    new Random(42).nextBytes(mib);
    List<Row> rows = new ArrayList<>();
    rows.add(new Row(4, new Object[] {false, -1, -1L, Float.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, "温度 ✓ é", "Ünïcødé 😀", mib, LocalDate.of(1970, 1, 1), -1L}));
    rows.add(new Row(1, new Object[] {true, Integer.MIN_VALUE, Long.MIN_VALUE, -Float.MAX_VALUE,
        -Double.MAX_VALUE, "min", "min", new byte[] {0}, LocalDate.of(1000, 1, 1), Long.MIN_VALUE + 1}));
    rows.add(new Row(2, new Object[] {false, Integer.MAX_VALUE, Long.MAX_VALUE, Float.MAX_VALUE,
        Double.MAX_VALUE, "max", "max", new byte[] {(byte) 0xff}, LocalDate.of(9999, 12, 31),
        Long.MAX_VALUE}));
    rows.add(new Row(3, new Object[] {true, 0, 0L, Float.NaN, Double.NaN, "", "", new byte[0],
        LocalDate.of(2024, 2, 29), 0L}));
    rows.add(new Row(5, new Object[] {true, 7, 7L, -0.0f, -0.0, "x", "y", new byte[] {1, 2},
        LocalDate.of(2000, 1, 1), 5L}));
    rows.add(new Row(7, new Object[] {true, 1, 1L, Float.MIN_VALUE, Double.MIN_VALUE, "t", "s",
        new byte[] {3}, null, null}));
    rows.add(new Row(6, new Object[] {null, null, null, null, 2.5, null, null, null, null, null}));
    rows.add(new Row(8, new Object[] {null, 2, null, 1.5f, null, null, "only-s", null,
        LocalDate.of(1999, 12, 31), null}));
    rows.add(new Row(1_700_000_000_000L, new Object[] {null, null, null, null, null, "last", null,
        null, null, null}));
    return rows;
  }

  static Tablet tablet(List<Row> rows) {
    Tablet.Builder b = Tablet.builder("ignored");
    for (int c = 0; c < TYPES.length; c++) {
      b.field(NAMES.get(c), TYPES[c]);
    }
    for (Row r : rows) {
      b.row(r.time(), r.values());
    }
    return b.build();
  }

  static String select(String device) {
    return "select " + String.join(", ", NAMES) + " from " + device;
  }

  static List<Row> timeOrdered(List<Row> rows) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingLong(Row::time));
    return sorted;
  }

  static TSStatus sendTablet(String device, List<Row> rows, boolean aligned) throws Exception {
    try (RawTreeConnection c = RawTreeConnection.tree()) {
      FrameTransport t = new FrameTransport();
      TreeInsertWriter.writeTablet(new TBinaryProtocol(t), t.frame(), false, 1, c.sessionId(),
          new DeviceBatch(device, tablet(rows)), aligned, TimePrecision.MILLISECONDS);
      byte[] bytes = t.bytes();
      return c.sendFramed(bytes, 0, bytes.length, "insertTablet");
    }
  }

  static TSStatus sendTablets(Map<String, List<Row>> devices, boolean aligned) throws Exception {
    try (RawTreeConnection c = RawTreeConnection.tree()) {
      FrameTransport t = new FrameTransport();
      List<DeviceBatch> batches = new ArrayList<>();
      devices.forEach((d, rows) -> batches.add(new DeviceBatch(d, tablet(rows))));
      TreeInsertWriter.writeTablets(new TBinaryProtocol(t), t.frame(), false, 1, c.sessionId(),
          batches, aligned, TimePrecision.MILLISECONDS);
      byte[] bytes = t.bytes();
      return c.sendFramed(bytes, 0, bytes.length, "insertTablets");
    }
  }

  /** Every cell of the device as the official client reads it, against the rows, in time order. */
  static void assertDevice(String device, List<Row> given) throws Exception {
    List<Row> expected = timeOrdered(given);
    try (SessionDataSet ds = official.executeQueryStatement(select(device))) {
      List<String> names = ds.getColumnNames();
      assertEquals("Time", names.get(0));
      for (int c = 0; c < NAMES.size(); c++) {
        assertEquals(device + "." + NAMES.get(c), names.get(c + 1));
      }
      int r = 0;
      while (ds.hasNext()) {
        RowRecord rec = ds.next();
        assertTrue(r < expected.size(), device + ": more rows than written");
        Row row = expected.get(r);
        assertEquals(row.time(), rec.getTimestamp(), device + " row " + r + " time");
        List<Field> fields = rec.getFields();
        for (int c = 0; c < TYPES.length; c++) {
          assertCell(device + " time " + row.time() + " " + NAMES.get(c), TYPES[c], row.values()[c],
              fields.get(c));
        }
        r++;
      }
      assertEquals(expected.size(), r, device + ": rows read back");
    }
  }

  static void assertCell(String where, DataType type, Object expected, Field f) {
    boolean isNull = f == null || f.getDataType() == null;
    if (expected == null) {
      assertTrue(isNull, where + ": expected null, read " + f);
      return;
    }
    assertTrue(!isNull, where + ": expected " + expected + ", read null");
    switch (type) {
      case BOOLEAN -> assertEquals(expected, f.getBoolV(), where);
      case INT32 -> assertEquals(expected, f.getIntV(), where);
      case INT64, TIMESTAMP -> assertEquals(expected, f.getLongV(), where);
      case FLOAT -> assertEquals(0, Float.compare((Float) expected, f.getFloatV()), where + ": " + f.getFloatV());
      case DOUBLE -> assertEquals(0, Double.compare((Double) expected, f.getDoubleV()), where + ": " + f.getDoubleV());
      case TEXT, STRING -> assertEquals(expected, f.getBinaryV().getStringValue(StandardCharsets.UTF_8), where);
      case BLOB -> assertArrayEquals((byte[]) expected, f.getBinaryV().getValues(), where);
      case DATE -> assertEquals(expected, f.getDateV(), where);
    }
  }

  @Test
  void oneDeviceOfEveryTypeReadsBackCellByCellNotAligned() throws Exception {
    List<Row> rows = edgeRows();
    assertEquals(200, sendTablet(DB + ".one.plain", rows, false).getCode());
    assertDevice(DB + ".one.plain", rows);
    TreeServer.assertAligned(official, DB + ".one.plain", false);
  }

  @Test
  void oneDeviceOfEveryTypeReadsBackCellByCellAligned() throws Exception {
    List<Row> rows = edgeRows();
    assertEquals(200, sendTablet(DB + ".one.aligned", rows, true).getCode());
    assertDevice(DB + ".one.aligned", rows);
    TreeServer.assertAligned(official, DB + ".one.aligned", true);
  }

  /** Per device, a few rows in a device-specific order, with device-specific nulls. */
  static Map<String, List<Row>> thousandDevices(String prefix) {
    Random rnd = new Random(prefix.hashCode());
    List<Row> edges = edgeRows();
    Map<String, List<Row>> devices = new LinkedHashMap<>();
    for (int d = 0; d < 1000; d++) {
      List<Row> rows = new ArrayList<>();
      int n = 1 + rnd.nextInt(4);
      for (int i = 0; i < n; i++) {
        Row e = edges.get(rnd.nextInt(edges.size()));
        Object[] v = e.values().clone();
        if (v[7] instanceof byte[] b && b.length > 1000) {
          v[7] = Arrays.copyOf(b, 100);
        }
        v[1] = d;
        rows.add(new Row(1000L * (n - i) + d, v));
      }
      devices.put(prefix + ".d" + d, rows);
    }
    return devices;
  }

  @Test
  void aThousandDevicesInOneRequestReadBackCellByCellNotAligned() throws Exception {
    Map<String, List<Row>> devices = thousandDevices(DB + ".many_plain");
    assertEquals(200, sendTablets(devices, false).getCode());
    assertEveryDevice(devices);
    TreeServer.assertAligned(official, DB + ".many_plain.d999", false);
  }

  @Test
  void aThousandDevicesInOneRequestReadBackCellByCellAligned() throws Exception {
    Map<String, List<Row>> devices = thousandDevices(DB + ".many_aligned");
    assertEquals(200, sendTablets(devices, true).getCode());
    assertEveryDevice(devices);
    TreeServer.assertAligned(official, DB + ".many_aligned.d0", true);
  }

  /** Reads all devices in one ALIGN BY DEVICE query and checks each against its rows. */
  static void assertEveryDevice(Map<String, List<Row>> devices) throws Exception {
    String prefix = devices.keySet().iterator().next();
    prefix = prefix.substring(0, prefix.lastIndexOf('.'));
    Map<String, List<RowRecord>> read = new TreeMap<>();
    try (SessionDataSet ds = official.executeQueryStatement("select " + String.join(", ", NAMES)
        + " from " + prefix + ".** align by device")) {
      assertEquals("Device", ds.getColumnNames().get(1));
      while (ds.hasNext()) {
        RowRecord rec = ds.next();
        String device = rec.getFields().get(0).getStringValue();
        read.computeIfAbsent(device, k -> new ArrayList<>()).add(rec);
      }
    }
    assertEquals(devices.keySet().stream().sorted().toList(), List.copyOf(read.keySet()));
    for (Map.Entry<String, List<Row>> e : devices.entrySet()) {
      List<Row> expected = timeOrdered(e.getValue());
      List<RowRecord> got = read.get(e.getKey());
      assertEquals(expected.size(), got.size(), e.getKey());
      for (int r = 0; r < expected.size(); r++) {
        assertEquals(expected.get(r).time(), got.get(r).getTimestamp(), e.getKey() + " row " + r);
        for (int c = 0; c < TYPES.length; c++) {
          assertCell(e.getKey() + " row " + r + " " + NAMES.get(c), TYPES[c],
              expected.get(r).values()[c], got.get(r).getFields().get(c + 1));
        }
      }
    }
  }
}
