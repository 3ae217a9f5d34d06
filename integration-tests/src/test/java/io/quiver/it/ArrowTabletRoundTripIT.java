package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.DataType;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.it.support.Databases;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.TimeStampSecVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.iotdb.isession.ITableSession;
import org.apache.iotdb.isession.SessionDataSet.DataIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ArrowTablets of every supported Arrow type, with nulls, through the real server: read back cell
 * by cell with Quiver's SessionDataSet and with the official client. The expected value of each
 * cell is worked out independently from the Arrow values and the documented mapping.
 */
class ArrowTabletRoundTripIT {
  private static final String DB = "it_arrow";
  private static final int ROWS = 300;

  private BufferAllocator allocator;

  @BeforeAll
  static void createDatabase() {
    Databases.recreate(DB);
  }

  @AfterAll
  static void dropDatabase() {
    Databases.drop(DB);
  }

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close(); // a leaked Arrow buffer fails the test
  }

  /** Column name → (IoTDB type, expected value per row, null for null). */
  private final Map<String, DataType> types = new LinkedHashMap<>();
  private final Map<String, List<Object>> expected = new LinkedHashMap<>();
  private final List<Long> expectedTimes = new ArrayList<>();

  private void expect(String column, DataType type, List<Object> values) {
    types.put(column, type);
    expected.put(column, values);
  }

  private VectorSchemaRoot everyType(Random random) {
    List<FieldVector> vectors = new ArrayList<>();
    TimeStampMicroTZVector time = new TimeStampMicroTZVector("time", allocator, "Asia/Shanghai");
    time.allocateNew(ROWS);
    for (int r = 0; r < ROWS; r++) {
      long micros = 1_700_000_000_000_000L + r * 1_000_500L;
      time.set(r, micros);
      expectedTimes.add(Math.floorDiv(micros, 1000L));
    }
    time.setValueCount(ROWS);
    vectors.add(time);

    VarCharVector dev = new VarCharVector("dev", allocator);
    List<Object> devs = new ArrayList<>();
    LargeVarCharVector attr = new LargeVarCharVector("attr", allocator);
    List<Object> attrs = new ArrayList<>();
    dev.allocateNew();
    attr.allocateNew();
    for (int r = 0; r < ROWS; r++) {
      String d = "dev-" + (r % 3) + "-温";
      dev.setSafe(r, d.getBytes(StandardCharsets.UTF_8));
      devs.add(d);
      String a = "attr-of-" + (r % 3);
      attr.setSafe(r, a.getBytes(StandardCharsets.UTF_8));
      attrs.add(a);
    }
    dev.setValueCount(ROWS);
    attr.setValueCount(ROWS);
    vectors.add(dev);
    expect("dev", DataType.STRING, devs);
    vectors.add(attr);
    expect("attr", DataType.STRING, attrs);

    BitVector b = new BitVector("b", allocator);
    TinyIntVector i8 = new TinyIntVector("i8", allocator);
    SmallIntVector i16 = new SmallIntVector("i16", allocator);
    IntVector i32 = new IntVector("i32", allocator);
    BigIntVector i64 = new BigIntVector("i64", allocator);
    UInt1Vector u1 = new UInt1Vector("u1", allocator);
    UInt2Vector u2 = new UInt2Vector("u2", allocator);
    UInt4Vector u4 = new UInt4Vector("u4", allocator);
    UInt8Vector u8 = new UInt8Vector("u8", allocator);
    Float4Vector f4 = new Float4Vector("f4", allocator);
    Float8Vector f8 = new Float8Vector("f8", allocator);
    ViewVarCharVector sv = new ViewVarCharVector("sv", allocator);
    VarCharVector txt = new VarCharVector("txt", allocator);
    VarBinaryVector bin = new VarBinaryVector("bin", allocator);
    LargeVarBinaryVector lbin = new LargeVarBinaryVector("lbin", allocator);
    FixedSizeBinaryVector fsb = new FixedSizeBinaryVector("fsb", allocator, 4);
    DateDayVector dd = new DateDayVector("dd", allocator);
    DateMilliVector dm = new DateMilliVector("dm", allocator);
    TimeStampNanoVector tsn = new TimeStampNanoVector("tsn", allocator);
    TimeStampSecVector tss = new TimeStampSecVector("tss", allocator);
    FieldVector[] fields = {b, i8, i16, i32, i64, u1, u2, u4, u8, f4, f8, sv, txt, bin, lbin, fsb, dd, dm, tsn, tss};
    for (FieldVector v : fields) {
      v.setInitialCapacity(ROWS);
      v.allocateNew();
    }
    List<List<Object>> e = new ArrayList<>();
    for (int k = 0; k < fields.length; k++) {
      e.add(new ArrayList<>());
    }
    for (int r = 0; r < ROWS; r++) {
      boolean isNull = random.nextInt(10) == 0 || r == ROWS - 1;
      for (int k = 0; k < fields.length; k++) {
        if (isNull || random.nextInt(10) == 0) {
          e.get(k).add(null);
          continue;
        }
        int n = random.nextInt();
        long l = random.nextLong();
        switch (k) {
          case 0: b.setSafe(r, n & 1); e.get(k).add((n & 1) == 1); break;
          case 1: i8.setSafe(r, (byte) n); e.get(k).add((int) (byte) n); break;
          case 2: i16.setSafe(r, (short) n); e.get(k).add((int) (short) n); break;
          case 3: i32.setSafe(r, n); e.get(k).add(n); break;
          case 4: i64.setSafe(r, l); e.get(k).add(l); break;
          case 5: u1.setSafe(r, (byte) n); e.get(k).add(n & 0xff); break;
          case 6: u2.setSafe(r, (char) n); e.get(k).add(n & 0xffff); break;
          case 7: u4.setSafe(r, n); e.get(k).add(n & 0xffffffffL); break;
          case 8: u8.setSafe(r, l & Long.MAX_VALUE); e.get(k).add(l & Long.MAX_VALUE); break;
          case 9: f4.setSafe(r, Float.intBitsToFloat(n)); e.get(k).add(Float.intBitsToFloat(n)); break;
          case 10: f8.setSafe(r, Double.longBitsToDouble(l)); e.get(k).add(Double.longBitsToDouble(l)); break;
          case 11: {
            String s = r % 2 == 0 ? "short" + r : "a string longer than twelve bytes, row " + r;
            sv.setSafe(r, s.getBytes(StandardCharsets.UTF_8));
            e.get(k).add(s);
            break;
          }
          case 12: {
            String s = r % 5 == 0 ? "" : "ä-" + n;
            txt.setSafe(r, s.getBytes(StandardCharsets.UTF_8));
            e.get(k).add(s);
            break;
          }
          case 13: case 14: case 15: {
            byte[] bytes = new byte[k == 15 ? 4 : random.nextInt(40)];
            random.nextBytes(bytes);
            if (k == 13) {
              bin.setSafe(r, bytes);
            } else if (k == 14) {
              lbin.setSafe(r, bytes);
            } else {
              fsb.setSafe(r, bytes);
            }
            e.get(k).add(bytes);
            break;
          }
          case 16: {
            int day = Math.floorMod(n, 2_900_000) - 350_000;
            dd.setSafe(r, day);
            e.get(k).add(LocalDate.ofEpochDay(day));
            break;
          }
          case 17: {
            long ms = Math.floorMod(l, 2_900_000L * 86_400_000L) - 350_000L * 86_400_000L;
            dm.setSafe(r, ms);
            e.get(k).add(LocalDate.ofEpochDay(Math.floorDiv(ms, 86_400_000L)));
            break;
          }
          case 18: tsn.setSafe(r, l); e.get(k).add(Math.floorDiv(l, 1_000_000L)); break;
          case 19: {
            long s = Math.floorMod(l, 9_000_000_000_000L) - 4_500_000_000_000L;
            tss.setSafe(r, s);
            e.get(k).add(s * 1000);
            break;
          }
          default: throw new AssertionError(k);
        }
      }
    }
    DataType[] iotdb = {DataType.BOOLEAN, DataType.INT32, DataType.INT32, DataType.INT32, DataType.INT64,
        DataType.INT32, DataType.INT32, DataType.INT64, DataType.INT64, DataType.FLOAT, DataType.DOUBLE,
        DataType.STRING, DataType.TEXT, DataType.BLOB, DataType.BLOB, DataType.BLOB, DataType.DATE, DataType.DATE,
        DataType.TIMESTAMP, DataType.TIMESTAMP};
    for (int k = 0; k < fields.length; k++) {
      fields[k].setValueCount(ROWS);
      vectors.add(fields[k]);
      expect(fields[k].getName(), iotdb[k], e.get(k));
    }
    return new VectorSchemaRoot(vectors);
  }

  private String select() {
    return "SELECT time, " + String.join(", ", types.keySet()) + " FROM every_type ORDER BY time";
  }

  @Test
  void everyArrowTypeArrivesAndBothClientsReadItBackCellByCell() throws Exception {
    try (VectorSchemaRoot root = everyType(new Random(20261124))) {
      ArrowTablet tablet = ArrowTablet.builder("every_type", root)
          .tag("dev").attribute("attr").asText("txt").build();
      try (TableSession s = Databases.quiver(DB)) {
        s.insert(tablet);
        try (SessionDataSet rs = s.executeQueryStatement(select())) {
          int r = 0;
          while (rs.next()) {
            assertEquals((long) expectedTimes.get(r), rs.getLong(0), "time of row " + r);
            int c = 1;
            for (Map.Entry<String, List<Object>> col : expected.entrySet()) {
              assertEquals(types.get(col.getKey()), rs.getColumnTypes().get(c), "type of " + col.getKey());
              assertCell(col.getValue().get(r), rs.isNull(c) ? null : quiverValue(rs, c), col.getKey(), r);
              c++;
            }
            r++;
          }
          assertEquals(ROWS, r);
        }
      }
    }
    try (ITableSession official = Databases.official(DB);
        org.apache.iotdb.isession.SessionDataSet rs = official.executeQueryStatement(select())) {
      DataIterator it = rs.iterator();
      int r = 0;
      while (it.next()) {
        assertEquals((long) expectedTimes.get(r), it.getLong(1), "official: time of row " + r);
        int c = 2;
        for (Map.Entry<String, List<Object>> col : expected.entrySet()) {
          assertCell(col.getValue().get(r), it.isNull(c) ? null : officialValue(it, c, types.get(col.getKey())),
              "official: " + col.getKey(), r);
          c++;
        }
        r++;
      }
      assertEquals(ROWS, r);
    }
  }

  private static Object quiverValue(SessionDataSet rs, int c) {
    DataType t = rs.getColumnTypes().get(c);
    return t == DataType.TIMESTAMP ? (Object) rs.getLong(c) : rs.getObject(c);
  }

  private static Object officialValue(DataIterator it, int c, DataType t) throws Exception {
    switch (t) {
      case BOOLEAN: return it.getBoolean(c);
      case INT32: return it.getInt(c);
      case INT64: case TIMESTAMP: return it.getLong(c);
      case FLOAT: return it.getFloat(c);
      case DOUBLE: return it.getDouble(c);
      case BLOB: return it.getBlob(c).getValues();
      case DATE: return it.getDate(c);
      default: return it.getString(c);
    }
  }

  private static void assertCell(Object want, Object got, String column, int row) {
    String where = column + " row " + row;
    if (want == null) {
      assertEquals(null, got, where + " should be null");
    } else if (want instanceof byte[]) {
      assertArrayEquals((byte[]) want, (byte[]) got, where);
    } else if (want instanceof Float && ((Float) want).isNaN()) {
      assertTrue(Float.isNaN((Float) got), where);
    } else if (want instanceof Double && ((Double) want).isNaN()) {
      assertTrue(Double.isNaN((Double) got), where);
    } else {
      assertEquals(want, got, where);
    }
  }

  @Test
  void rootIsReusableRightAfterInsertAndBatchesAccumulate() {
    try (TableSession s = Databases.quiver(DB);
        Float8Vector v = new Float8Vector("v", allocator);
        BigIntVector t = new BigIntVector("time", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(t, v)) {
      s.executeNonQueryStatement("CREATE TABLE reuse (v DOUBLE FIELD)");
      for (int batch = 0; batch < 5; batch++) {
        root.allocateNew();
        for (int r = 0; r < 1000; r++) {
          t.set(r, batch * 1000L + r);
          v.set(r, batch);
        }
        root.setRowCount(1000);
        s.insert(ArrowTablet.of("reuse", root));
        root.clear();
      }
      assertEquals(5000, Databases.count(s, "reuse"));
      try (SessionDataSet rs = s.executeQueryStatement("SELECT sum(v) FROM reuse")) {
        assertTrue(rs.next());
        assertEquals(1000.0 * (0 + 1 + 2 + 3 + 4), rs.getDouble(0));
      }
    }
  }

  @Test
  void nullTimeFailsNamingTheRowAndWritesNothing() {
    try (TableSession s = Databases.quiver(DB);
        Float8Vector v = new Float8Vector("v", allocator);
        BigIntVector t = new BigIntVector("time", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(t, v)) {
      s.executeNonQueryStatement("CREATE TABLE null_time (v DOUBLE FIELD)");
      root.allocateNew();
      for (int r = 0; r < 10; r++) {
        if (r != 6) {
          t.set(r, r);
        }
        v.set(r, r);
      }
      root.setRowCount(10);
      InvalidBatchException e = assertThrows(InvalidBatchException.class,
          () -> s.insert(ArrowTablet.of("null_time", root)));
      assertEquals(6, e.row(), e.getMessage());
      assertEquals(0, Databases.count(s, "null_time"));
      assertFalse(e.isRetryable());
    }
  }
}
