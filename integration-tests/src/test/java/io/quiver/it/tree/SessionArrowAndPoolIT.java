package io.quiver.it.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.arrow.ArrowDeviceBatch;
import io.quiver.arrow.ArrowQuery;
import io.quiver.arrow.ArrowResultStream;
import io.quiver.arrow.ArrowTablet;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.PoolStats;
import io.quiver.client.Session;
import io.quiver.client.SessionClosedException;
import io.quiver.client.SessionPool;
import io.quiver.client.SessionPoolConfig;
import io.quiver.it.support.TestIoTDB;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Arrow in and out of the tree model ({@code ArrowTablet} for one device, {@code
 * ArrowDeviceBatch} for many in one request, {@code ArrowQuery} with {@code Time} as a Timestamp
 * in the session's zone or as Int64), and the tree {@code SessionPool} with the Python docs'
 * settings, read back with the official client.
 */
class SessionArrowAndPoolIT {
  private static final String DB = "root.quiver_arrow_tree";
  private static org.apache.iotdb.session.Session official;
  private BufferAllocator allocator;

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

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close(); // a leaked Arrow buffer fails the test
  }

  static SessionPoolConfig poolConfig() {
    String[] hp = TestIoTDB.endpoint().split(":");
    return SessionPoolConfig.builder().host(hp[0]).port(Integer.parseInt(hp[1])).userName("root")
        .password("root").fetchSize(1024).zoneId("UTC+8").maxRetry(3).maxPoolSize(5).waitTimeoutMs(3000)
        .build();
  }

  /** time, device (d0..d{devices-1} by row), v INT32 = row, x DOUBLE (null every 3rd row). */
  VectorSchemaRoot rows(int n, int devices) {
    VectorSchemaRoot root = VectorSchemaRoot.create(new org.apache.arrow.vector.types.pojo.Schema(List.of(
        org.apache.arrow.vector.types.pojo.Field.notNullable("time",
            new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MILLISECOND, null)),
        org.apache.arrow.vector.types.pojo.Field.nullable("device", new ArrowType.Utf8()),
        org.apache.arrow.vector.types.pojo.Field.nullable("v", new ArrowType.Int(32, true)),
        org.apache.arrow.vector.types.pojo.Field.nullable("x",
            new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)))),
        allocator);
    TimeStampMilliVector t = (TimeStampMilliVector) root.getVector("time");
    VarCharVector d = (VarCharVector) root.getVector("device");
    IntVector v = (IntVector) root.getVector("v");
    Float8Vector x = (Float8Vector) root.getVector("x");
    root.allocateNew();
    for (int r = 0; r < n; r++) {
      t.setSafe(r, 1000L + r);
      d.setSafe(r, ("d" + (r % devices)).getBytes(StandardCharsets.UTF_8));
      v.setSafe(r, r);
      if (r % 3 != 0) {
        x.setSafe(r, r * 0.5);
      }
    }
    root.setRowCount(n);
    return root;
  }

  @Test
  void anArrowBatchWithADeviceColumnWritesEveryDeviceInOneCall() throws Exception {
    try (SessionPool pool = new SessionPool(poolConfig());
        Session session = pool.getSession();
        VectorSchemaRoot root = rows(3000, 300)) {
      session.insertTablets(ArrowDeviceBatch.builder(root, "device").prefix(DB + ".multi").build(), false);
      for (int dev : new int[] {0, 7, 299}) {
        List<List<String>> got = TreeServer.rows(official, "select v, x from " + DB + ".multi.d" + dev);
        assertEquals(10, got.size(), "device d" + dev);
        for (int i = 0; i < 10; i++) {
          int r = dev + 300 * i;
          assertEquals(String.valueOf(r), got.get(i).get(0), "d" + dev + " row " + i);
          assertEquals(r % 3 == 0 ? null : String.valueOf(r * 0.5), got.get(i).get(1), "d" + dev + " row " + i);
        }
      }
      try (org.apache.iotdb.isession.SessionDataSet ds =
          official.executeQueryStatement("count devices " + DB + ".multi.**")) {
        assertEquals(300L, ds.next().getFields().get(0).getLongV());
      }
    }
  }

  /**
   * The rows of {@code devices} in one root: time, device (full path), then one column per tree
   * type (TEXT as Utf8 marked asText), rows interleaved across devices.
   */
  VectorSchemaRoot everyType(java.util.Map<String, List<TreeInsertRoundTripIT.Row>> devices) {
    List<org.apache.arrow.vector.types.pojo.Field> fields = new java.util.ArrayList<>();
    fields.add(org.apache.arrow.vector.types.pojo.Field.notNullable("time",
        new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MILLISECOND, null)));
    fields.add(org.apache.arrow.vector.types.pojo.Field.nullable("device", new ArrowType.Utf8()));
    ArrowType[] types = {ArrowType.Bool.INSTANCE, new ArrowType.Int(32, true), new ArrowType.Int(64, true),
        new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE),
        new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE),
        new ArrowType.Utf8(), new ArrowType.Utf8(), new ArrowType.Binary(),
        new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY),
        new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MILLISECOND, null)};
    for (int c = 0; c < types.length; c++) {
      fields.add(org.apache.arrow.vector.types.pojo.Field.nullable(TreeInsertRoundTripIT.NAMES.get(c), types[c]));
    }
    VectorSchemaRoot root = VectorSchemaRoot.create(new org.apache.arrow.vector.types.pojo.Schema(fields), allocator);
    root.allocateNew();
    int r = 0;
    int most = devices.values().stream().mapToInt(List::size).max().orElse(0);
    for (int i = 0; i < most; i++) {
      for (java.util.Map.Entry<String, List<TreeInsertRoundTripIT.Row>> e : devices.entrySet()) {
        if (i >= e.getValue().size()) {
          continue;
        }
        TreeInsertRoundTripIT.Row row = e.getValue().get(i);
        ((TimeStampMilliVector) root.getVector(0)).setSafe(r, row.time());
        ((VarCharVector) root.getVector(1)).setSafe(r, e.getKey().getBytes(StandardCharsets.UTF_8));
        for (int c = 0; c < types.length; c++) {
          Object v = row.values()[c];
          set(root.getVector(c + 2), r, TreeInsertRoundTripIT.TYPES[c], row.values()[c]);
        }
        r++;
      }
    }
    root.setRowCount(r);
    return root;
  }

  static void set(org.apache.arrow.vector.FieldVector vec, int r, io.quiver.client.DataType type, Object v) {
    if (v == null) {
      vec.setNull(r);
      return;
    }
    switch (type) {
      case BOOLEAN -> ((org.apache.arrow.vector.BitVector) vec).setSafe(r, (Boolean) v ? 1 : 0);
      case INT32 -> ((IntVector) vec).setSafe(r, (Integer) v);
      case INT64 -> ((BigIntVector) vec).setSafe(r, (Long) v);
      case FLOAT -> ((org.apache.arrow.vector.Float4Vector) vec).setSafe(r, (Float) v);
      case DOUBLE -> ((Float8Vector) vec).setSafe(r, (Double) v);
      case TEXT, STRING -> ((VarCharVector) vec).setSafe(r, ((String) v).getBytes(StandardCharsets.UTF_8));
      case BLOB -> ((org.apache.arrow.vector.VarBinaryVector) vec).setSafe(r, (byte[]) v);
      case DATE -> ((org.apache.arrow.vector.DateDayVector) vec).setSafe(r,
          (int) ((java.time.LocalDate) v).toEpochDay());
      case TIMESTAMP -> ((TimeStampMilliVector) vec).setSafe(r, (Long) v);
    }
  }

  @Test
  void aThousandDevicesOfEveryTypeFromOneArrowBatchReadBackCellByCell() throws Exception {
    for (boolean aligned : new boolean[] {false, true}) {
      String prefix = DB + (aligned ? ".arrow_aligned" : ".arrow_plain");
      java.util.Map<String, List<TreeInsertRoundTripIT.Row>> devices = TreeInsertRoundTripIT.thousandDevices(prefix);
      try (SessionPool pool = new SessionPool(poolConfig());
          Session session = pool.getSession();
          VectorSchemaRoot root = everyType(devices)) {
        session.insertTablets(ArrowDeviceBatch.builder(root, "device").asText("s_text").build(), aligned);
      }
      for (String d : List.of("d0", "d1", "d321", "d999")) {
        String device = prefix + "." + d;
        List<TreeInsertRoundTripIT.Row> expected = TreeInsertRoundTripIT.timeOrdered(devices.get(device));
        try (org.apache.iotdb.isession.SessionDataSet ds =
            official.executeQueryStatement(TreeInsertRoundTripIT.select(device))) {
          int r = 0;
          while (ds.hasNext()) {
            org.apache.tsfile.read.common.RowRecord rec = ds.next();
            TreeInsertRoundTripIT.Row row = expected.get(r);
            assertEquals(row.time(), rec.getTimestamp(), device + " row " + r);
            for (int c = 0; c < TreeInsertRoundTripIT.TYPES.length; c++) {
              TreeInsertRoundTripIT.assertCell(device + " time " + row.time() + " " + TreeInsertRoundTripIT.NAMES.get(c),
                  TreeInsertRoundTripIT.TYPES[c], row.values()[c], rec.getFields().get(c));
            }
            r++;
          }
          assertEquals(expected.size(), r, device);
        }
      }
      TreeServer.assertAligned(official, prefix + ".d5", aligned);
      try (org.apache.iotdb.isession.SessionDataSet ds = official.executeQueryStatement("count devices " + prefix + ".**")) {
        assertEquals(1000L, ds.next().getFields().get(0).getLongV());
      }
    }
  }

  @Test
  void aNullDeviceIsRefusedNamingTheRowBeforeAnythingIsSent() throws Exception {
    try (SessionPool pool = new SessionPool(poolConfig());
        Session session = pool.getSession();
        VectorSchemaRoot root = rows(10, 2)) {
      ((VarCharVector) root.getVector("device")).setNull(7);
      InvalidBatchException e = assertThrows(InvalidBatchException.class,
          () -> session.insertTablets(ArrowDeviceBatch.builder(root, "device").prefix(DB + ".nulldev").build(), true));
      assertTrue(e.getMessage().contains("device") && e.getMessage().contains("7"), e.getMessage());
      assertEquals(List.of(), TreeServer.rows(official, "show devices " + DB + ".nulldev.**"));
    }
  }

  @Test
  void anArrowTabletForOneDeviceAndArrowQueryWithTimeAsTimestampOrInt64() throws Exception {
    try (SessionPool pool = new SessionPool(poolConfig());
        Session session = pool.getSession();
        VectorSchemaRoot in = rows(500, 1)) {
      VectorSchemaRoot measurements = new VectorSchemaRoot(List.of(in.getVector("time"), in.getVector("v"),
          in.getVector("x")));
      measurements.setRowCount(in.getRowCount());
      session.insertAlignedTablet(ArrowTablet.builder(DB + ".one", measurements).build());
      TreeServer.assertAligned(official, DB + ".one", true);
      String sql = "select v, x from " + DB + ".one";
      try (VectorSchemaRoot all = ArrowQuery.readAll(session, sql, allocator)) {
        assertEquals(List.of("Time", DB + ".one.v", DB + ".one.x"),
            all.getSchema().getFields().stream().map(f -> f.getName()).toList());
        assertTrue(all.getVector(0) instanceof TimeStampMilliTZVector);
        assertEquals("+08:00", ((ArrowType.Timestamp) all.getSchema().getFields().get(0).getType()).getTimezone());
        assertEquals(500, all.getRowCount());
        for (int r = 0; r < 500; r++) {
          assertEquals(1000L + r, ((TimeStampMilliTZVector) all.getVector(0)).get(r));
          assertEquals(r, ((IntVector) all.getVector(1)).get(r));
          assertEquals(r % 3 == 0, all.getVector(2).isNull(r));
        }
      }
      try (ArrowResultStream stream = ArrowQuery.stream(session, sql, allocator,
          ArrowQuery.Options.defaults().timeAsInt64().withFetchSize(100))) {
        VectorSchemaRoot root = stream.getVectorSchemaRoot();
        long next = 1000;
        while (stream.loadNextBatch()) {
          BigIntVector time = (BigIntVector) root.getVector("Time");
          for (int r = 0; r < root.getRowCount(); r++) {
            assertEquals(next++, time.get(r));
          }
        }
        assertEquals(1500, next);
      }
      try (VectorSchemaRoot count = ArrowQuery.readAll(session, "select count(v) from " + DB + ".one", allocator)) {
        assertEquals(List.of("count(" + DB + ".one.v)"),
            count.getSchema().getFields().stream().map(f -> f.getName()).toList());
        assertEquals(500L, ((BigIntVector) count.getVector(0)).get(0));
      }
    }
  }

  @Test
  void closingAPooledSessionHandsItBack() {
    try (SessionPool pool = new SessionPool(poolConfig())) {
      assertEquals(5, pool.config().maxPoolSize());
      assertEquals(1024, pool.config().fetchSize());
      assertEquals("UTC+08:00", pool.config().timeZone().getId());
      Session first = pool.getSession();
      first.executeNonQueryStatement("create timeseries " + DB + ".pool.s1 with datatype=INT64");
      first.close();
      assertThrows(SessionClosedException.class, () -> first.executeQueryStatement("show devices"));
      PoolStats stats = pool.stats();
      assertEquals(0, stats.inUse(), stats.toString());
      assertEquals(1, stats.idle(), stats.toString());
      Session second = pool.getSession();
      assertNotSame(first, second);
      pool.putBack(second);
      assertEquals(1, pool.stats().opened(), pool.stats().toString());
    }
  }
}
