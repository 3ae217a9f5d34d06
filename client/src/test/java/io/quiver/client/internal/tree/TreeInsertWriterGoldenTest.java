package io.quiver.client.internal.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quiver.client.DataType;
import io.quiver.client.Tablet;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.iotdb.service.rpc.thrift.IClientRPCService;
import org.apache.iotdb.service.rpc.thrift.TSInsertTabletReq;
import org.apache.iotdb.service.rpc.thrift.TSInsertTabletsReq;
import org.apache.thrift.TBase;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-framed tree inserts are byte for byte what libthrift's generated classes serialize
 * from the same request structs, in the binary and the compact protocol, with the rows of each
 * device in time order.
 */
class TreeInsertWriterGoldenTest {
  private static final DataType[] ALL = {DataType.BOOLEAN, DataType.INT32, DataType.INT64,
      DataType.FLOAT, DataType.DOUBLE, DataType.TEXT, DataType.STRING, DataType.BLOB,
      DataType.DATE, DataType.TIMESTAMP};

  /** One row: a time and a value per column of {@link #ALL}. */
  record Row(long time, Object[] values) {}

  static Tablet tablet(List<Row> rows) {
    Tablet.Builder b = Tablet.builder("t");
    for (DataType t : ALL) {
      b.field("s_" + t.name().toLowerCase(), t);
    }
    for (Row r : rows) {
      b.row(r.time(), r.values());
    }
    return b.build();
  }

  static Row row(Random rnd, long time, double nullRate) {
    Object[] v = new Object[ALL.length];
    for (int c = 0; c < ALL.length; c++) {
      if (rnd.nextDouble() < nullRate) {
        continue;
      }
      v[c] = switch (ALL[c]) {
        case BOOLEAN -> rnd.nextBoolean();
        case INT32 -> rnd.nextInt();
        case INT64 -> rnd.nextLong();
        case FLOAT -> rnd.nextFloat();
        case DOUBLE -> rnd.nextDouble();
        case TEXT, STRING -> "v" + rnd.nextInt(1000) + "é".repeat(rnd.nextInt(3));
        case BLOB -> {
          byte[] b = new byte[rnd.nextInt(5)];
          rnd.nextBytes(b);
          yield b;
        }
        case DATE -> LocalDate.of(1000 + rnd.nextInt(9000), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28));
        case TIMESTAMP -> rnd.nextLong() >> 8;
      };
    }
    return new Row(time, v);
  }

  static List<Row> rows(Random rnd, int n, boolean sorted, double nullRate) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long t = sorted ? i * 10L : rnd.nextInt(Math.max(1, n / 2)) - n / 4;
      rows.add(row(rnd, t, nullRate));
    }
    return rows;
  }

  static List<Row> timeOrdered(List<Row> rows) {
    List<Row> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparingLong(Row::time));
    return copy;
  }

  static ByteBuffer bytes(WireBuffer b) {
    return ByteBuffer.wrap(Arrays.copyOf(b.array(), b.position()));
  }

  static TSInsertTabletReq expectedStruct(String device, Tablet sorted, boolean aligned) {
    WireBuffer times = new WireBuffer(16);
    sorted.writeTimestamps(times, TimePrecision.MILLISECONDS);
    WireBuffer values = new WireBuffer(16);
    sorted.writeValues(values, TimePrecision.MILLISECONDS);
    List<Integer> types = new ArrayList<>();
    for (int i = 0; i < sorted.columnCount(); i++) {
      types.add((int) sorted.dataType(i).code());
    }
    TSInsertTabletReq req = new TSInsertTabletReq(42L, device, sorted.columnNames(), bytes(values),
        bytes(times), types, sorted.rowCount());
    req.setIsAligned(aligned);
    return req;
  }

  static TProtocol protocol(FrameTransport t, boolean compact) {
    return compact ? new TCompactProtocol(t) : new TBinaryProtocol(t);
  }

  static byte[] libthrift(String method, TBase<?, ?> args, boolean compact) throws Exception {
    FrameTransport t = new FrameTransport();
    TProtocol p = protocol(t, compact);
    p.writeMessageBegin(new TMessage(method, TMessageType.CALL, 9));
    args.write(p);
    p.writeMessageEnd();
    return t.bytes();
  }

  static byte[] quiverTablet(String device, Tablet tablet, boolean aligned, boolean compact)
      throws Exception {
    FrameTransport t = new FrameTransport();
    TreeInsertWriter.writeTablet(protocol(t, compact), t.frame(), compact, 9, 42L,
        new DeviceBatch(device, tablet), aligned, TimePrecision.MILLISECONDS);
    return t.bytes();
  }

  static byte[] quiverTablets(List<DeviceBatch> devices, boolean aligned, boolean compact)
      throws Exception {
    FrameTransport t = new FrameTransport();
    TreeInsertWriter.writeTablets(protocol(t, compact), t.frame(), compact, 9, 42L, devices,
        aligned, TimePrecision.MILLISECONDS);
    return t.bytes();
  }

  static TSInsertTabletsReq expectedTablets(List<String> paths, List<Tablet> sorted, boolean aligned) {
    TSInsertTabletsReq req = new TSInsertTabletsReq();
    req.setSessionId(42L);
    req.setPrefixPaths(new ArrayList<>(paths));
    req.setMeasurementsList(new ArrayList<>());
    req.setValuesList(new ArrayList<>());
    req.setTimestampsList(new ArrayList<>());
    req.setTypesList(new ArrayList<>());
    req.setSizeList(new ArrayList<>());
    for (int i = 0; i < paths.size(); i++) {
      TSInsertTabletReq one = expectedStruct(paths.get(i), sorted.get(i), aligned);
      req.addToMeasurementsList(one.getMeasurements());
      req.addToValuesList(one.bufferForValues());
      req.addToTimestampsList(one.bufferForTimestamps());
      req.addToTypesList(one.getTypes());
      req.addToSizeList(one.getSize());
    }
    req.setIsAligned(aligned);
    return req;
  }

  @ParameterizedTest(name = "compact={0}")
  @ValueSource(booleans = {false, true})
  void aTimeOrderedTabletOfEveryTypeIsWhatLibthriftSerializes(boolean compact) throws Exception {
    Tablet t = tablet(rows(new Random(1), 100, true, 0.2));
    for (boolean aligned : new boolean[] {false, true}) {
      byte[] expected = libthrift("insertTablet",
          new IClientRPCService.insertTablet_args(expectedStruct("root.sg.d1", t, aligned)), compact);
      assertArrayEquals(expected, quiverTablet("root.sg.d1", t, aligned, compact));
    }
  }

  @ParameterizedTest(name = "compact={0}")
  @ValueSource(booleans = {false, true})
  void unsortedRowsGoOutStablySortedWithTheirNullBitmaps(boolean compact) throws Exception {
    List<Row> given = rows(new Random(2), 300, false, 0.3);
    byte[] expected = libthrift("insertTablet", new IClientRPCService.insertTablet_args(
        expectedStruct("root.sg.d1", tablet(timeOrdered(given)), false)), compact);
    assertArrayEquals(expected, quiverTablet("root.sg.d1", tablet(given), false, compact));
  }

  @Test
  void equalTimesKeepTheOrderTheyWereGivenIn() throws Exception {
    Object[] a = {true, 1, 1L, 1f, 1d, "first", "a", new byte[] {1}, LocalDate.of(2024, 1, 1), 1L};
    Object[] b = {false, 2, 2L, 2f, 2d, "second", "b", new byte[] {2}, LocalDate.of(2024, 1, 2), 2L};
    Object[] c = {null, 3, null, 3f, null, "third", null, new byte[0], null, 3L};
    List<Row> given = List.of(new Row(5, a), new Row(1, c), new Row(5, b));
    List<Row> expected = List.of(new Row(1, c), new Row(5, a), new Row(5, b));
    assertArrayEquals(
        libthrift("insertTablet", new IClientRPCService.insertTablet_args(
            expectedStruct("root.sg.d1", tablet(expected), false)), false),
        quiverTablet("root.sg.d1", tablet(given), false, false));
  }

  @ParameterizedTest(name = "compact={0}")
  @ValueSource(booleans = {false, true})
  void manyDevicesInOneRequestAreWhatLibthriftSerializes(boolean compact) throws Exception {
    Random rnd = new Random(3);
    List<String> paths = new ArrayList<>();
    List<DeviceBatch> devices = new ArrayList<>();
    List<Tablet> sorted = new ArrayList<>();
    for (int d = 0; d < 25; d++) {
      List<Row> given = rows(rnd, rnd.nextInt(70), d % 3 == 0, d % 2 == 0 ? 0 : 0.25);
      paths.add("root.sg.d" + d);
      devices.add(new DeviceBatch("root.sg.d" + d, tablet(given)));
      sorted.add(tablet(timeOrdered(given)));
    }
    for (boolean aligned : new boolean[] {false, true}) {
      byte[] expected = libthrift("insertTablets",
          new IClientRPCService.insertTablets_args(expectedTablets(paths, sorted, aligned)), compact);
      assertArrayEquals(expected, quiverTablets(devices, aligned, compact));
    }
  }

  @Test
  void randomTabletsMatchLibthriftInBothProtocols() throws Exception {
    Random rnd = new Random(20261204L);
    for (int round = 0; round < 40; round++) {
      List<Row> given = rows(rnd, rnd.nextInt(200), rnd.nextBoolean(), rnd.nextDouble());
      boolean compact = rnd.nextBoolean();
      boolean aligned = rnd.nextBoolean();
      byte[] expected = libthrift("insertTablet", new IClientRPCService.insertTablet_args(
          expectedStruct("root.sg.`d.x`", tablet(timeOrdered(given)), aligned)), compact);
      assertArrayEquals(expected, quiverTablet("root.sg.`d.x`", tablet(given), aligned, compact),
          "round " + round);
    }
  }

  @Test
  void aTabletOfNoRowsIsStillAWellFormedRequest() throws Exception {
    Tablet empty = tablet(List.of());
    assertArrayEquals(
        libthrift("insertTablet", new IClientRPCService.insertTablet_args(
            expectedStruct("root.sg.d1", empty, false)), false),
        quiverTablet("root.sg.d1", empty, false, false));
  }

  @Test
  void insertTabletsRefusesAnEmptyDeviceList() {
    FrameTransport t = new FrameTransport();
    assertThrows(IllegalArgumentException.class, () -> TreeInsertWriter.writeTablets(
        new TBinaryProtocol(t), t.frame(), false, 1, 1L, List.of(), false,
        TimePrecision.MILLISECONDS));
    assertEquals(0, t.frame().position());
  }

  @Test
  void theRequestHasNeitherWriteToTableNorColumnCategories() throws Exception {
    Tablet t = tablet(rows(new Random(4), 3, true, 0));
    byte[] frame = quiverTablet("root.sg.d1", t, true, false);
    org.apache.thrift.transport.TMemoryInputTransport in =
        new org.apache.thrift.transport.TMemoryInputTransport(frame);
    TBinaryProtocol p = new TBinaryProtocol(in);
    p.readMessageBegin();
    IClientRPCService.insertTablet_args args = new IClientRPCService.insertTablet_args();
    args.read(p);
    assertFalse(args.getReq().isSetWriteToTable());
    assertFalse(args.getReq().isSetColumnCategories());
    assertEquals(true, args.getReq().isIsAligned());
    assertEquals("root.sg.d1", args.getReq().getPrefixPath());
  }
}
