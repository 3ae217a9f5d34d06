package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.ConnectionException;
import io.quiver.client.DataType;
import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.Tablet;
import io.quiver.client.internal.RequestSizes;
import io.quiver.it.support.AllTypes;
import io.quiver.it.support.DedicatedIoTDB;
import io.quiver.it.support.TestIoTDB;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iotdb.isession.ITableSession;
import org.apache.iotdb.isession.SessionDataSet.DataIterator;
import org.apache.iotdb.rpc.IoTDBConnectionException;
import org.apache.iotdb.session.TableSessionBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thrift's compact protocol ({@code enableCompression(true)}) against a real IoTDB started with
 * {@code dn_rpc_thrift_compression_enable=true}: every type with nulls, row Tablets and
 * ArrowTablets larger than one request frame (split into several requests whose values sections
 * carry 4-byte varint lengths), queries over hundreds of fetches, read back by Quiver and by the
 * official client over the same protocol. And a client and server that disagree fail at once,
 * saying which settings to compare.
 */
class CompressionIT {
  private static final String INSTANCE = "zip";
  private static final String DB = "it_compact";
  /** The server's request frame limit with the default 2 GiB DataNode heap. */
  private static final long FRAME_LIMIT = 32L << 20;
  private static final Duration BOUND = Duration.ofSeconds(90);

  private static DedicatedIoTDB server;

  @BeforeAll
  static void startCompactServer() {
    server = DedicatedIoTDB.start(INSTANCE, Map.of("dn_rpc_thrift_compression_enable", "true"));
    try (TableSession s = TableSession.open(compact(null).build())) {
      s.executeNonQueryStatement("CREATE DATABASE " + DB);
    }
  }

  @AfterAll
  static void stopCompactServer() {
    if (server != null) {
      server.close();
    }
  }

  private static TableSessionConfig.Builder compact(String database) {
    return TableSessionConfig.builder().nodeUrls(server.endpoint()).database(database).enableCompression(true)
        .readTimeout(Duration.ofSeconds(120));
  }

  /** The official client over the compact protocol: its builder calls that enableCompaction. */
  private static ITableSession official(int fetchSize) throws Exception {
    return new TableSessionBuilder().nodeUrls(List.of(server.endpoint())).database(DB).enableCompaction(true)
        .fetchSize(fetchSize).connectionTimeoutInMs(10_000).build();
  }

  @Test
  void everyTypeWithNullsWrittenOverCompactIsReadBackByBothClients() throws Exception {
    AllTypes data = AllTypes.edgeValues();
    try (TableSession s = TableSession.open(compact(DB).build())) {
      s.insert(data.quiverTablet("types_by_quiver"));
      try (SessionDataSet rs = s.executeQueryStatement(AllTypes.select("types_by_quiver"))) {
        data.assertReadByQuiver(rs);
      }
    }
    try (ITableSession official = official(5000);
        org.apache.iotdb.isession.SessionDataSet rs = official.executeQueryStatement(AllTypes.select("types_by_quiver"))) {
      data.assertReadByOfficial(rs.iterator());
    }
  }

  @Test
  void whatTheOfficialClientWritesOverCompactQuiverReadsTheSame() throws Exception {
    AllTypes data = AllTypes.edgeValues();
    try (ITableSession official = official(5000)) {
      official.insert(data.officialTablet("types_by_official"));
    }
    try (TableSession s = TableSession.open(compact(DB).build());
        SessionDataSet rs = s.executeQueryStatement(AllTypes.select("types_by_official"))) {
      data.assertReadByQuiver(rs);
    }
  }

  private static String text(long r) {
    return "compact-protocol-row-" + r + "-" + "x".repeat(100);
  }

  /** 300k rows, about 40 MB: split into several requests; read back over 300 fetches of 1000 rows. */
  @Test
  void rowTabletLargerThanOneFrameIsSplitAndReadBackOverManyFetches() throws Exception {
    int rows = 300_000;
    Tablet.Builder b = Tablet.builder("big_rows").tag("dev").field("s", DataType.STRING).field("v", DataType.DOUBLE);
    for (int r = 0; r < rows; r++) {
      b.row((long) r, "d" + (r % 7), r % 5 == 0 ? null : text(r), r % 3 == 0 ? null : r * 0.5);
    }
    Tablet tablet = b.build();
    assertTrue(RequestSizes.insertFrameBound(tablet) > FRAME_LIMIT, "the batch must exceed one 32 MiB frame");
    try (TableSession s = TableSession.open(compact(DB).fetchSize(1000).build())) {
      s.insert(tablet);
      try (SessionDataSet rs = s.executeQueryStatement("SELECT time, dev, s, v FROM big_rows ORDER BY time")) {
        int r = 0;
        while (rs.next()) {
          assertEquals(r, rs.getLong(0), "time of row " + r);
          assertEquals("d" + (r % 7), rs.getString(1), "dev of row " + r);
          assertEquals(r % 5 == 0 ? null : text(r), rs.isNull(2) ? null : rs.getString(2), "s of row " + r);
          assertEquals(r % 3 == 0 ? null : r * 0.5, rs.isNull(3) ? null : rs.getDouble(3), "v of row " + r);
          r++;
        }
        assertEquals(rows, r, "rows read by Quiver");
      }
    }
    try (ITableSession official = official(1000);
        org.apache.iotdb.isession.SessionDataSet rs =
            official.executeQueryStatement("SELECT time, dev, s, v FROM big_rows ORDER BY time")) {
      DataIterator it = rs.iterator();
      int r = 0;
      while (it.next()) {
        assertEquals(r, it.getLong(1), "official client: time of row " + r);
        assertEquals("d" + (r % 7), it.getString(2), "official client: dev of row " + r);
        assertEquals(r % 5 == 0 ? null : text(r), it.isNull(3) ? null : it.getString(3), "official client: s of row " + r);
        assertEquals(r % 3 == 0 ? null : r * 0.5, it.isNull(4) ? null : it.getDouble(4), "official client: v of row " + r);
        r++;
      }
      assertEquals(rows, r, "rows read by the official client");
    }
  }

  /** 500k Arrow rows, about 45 MB, with nulls in both fields: split, then read back by both clients. */
  @Test
  void arrowTabletLargerThanOneFrameIsSplitAndReadBackByBothClients() throws Exception {
    int rows = 500_000;
    try (BufferAllocator allocator = new RootAllocator();
        TimeStampMilliVector time = new TimeStampMilliVector("time", allocator);
        VarCharVector dev = new VarCharVector("dev", allocator);
        VarCharVector s = new VarCharVector("s", allocator);
        Float8Vector v = new Float8Vector("v", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(time, dev, s, v)) {
      root.allocateNew();
      for (int r = 0; r < rows; r++) {
        time.setSafe(r, 1_000_000L + r);
        dev.setSafe(r, ("arrow-dev-" + (r % 4)).getBytes(StandardCharsets.UTF_8));
        if (r % 4 != 1) {
          s.setSafe(r, text(r).getBytes(StandardCharsets.UTF_8));
        }
        if (r % 3 != 0) {
          v.setSafe(r, -r);
        }
      }
      root.setRowCount(rows);
      ArrowTablet tablet = ArrowTablet.builder("big_arrow", root).tag("dev").build();
      assertTrue(RequestSizes.insertFrameBound(tablet) > FRAME_LIMIT, "the batch must exceed one 32 MiB frame");
      try (TableSession session = TableSession.open(compact(DB).fetchSize(2000).build())) {
        session.insert(tablet);
        try (SessionDataSet rs = session.executeQueryStatement("SELECT time, dev, s, v FROM big_arrow ORDER BY time")) {
          int r = 0;
          while (rs.next()) {
            assertEquals(1_000_000L + r, rs.getLong(0), "time of row " + r);
            assertEquals("arrow-dev-" + (r % 4), rs.getString(1), "dev of row " + r);
            assertEquals(r % 4 == 1 ? null : text(r), rs.isNull(2) ? null : rs.getString(2), "s of row " + r);
            assertEquals(r % 3 == 0 ? null : (double) -r, rs.isNull(3) ? null : rs.getDouble(3), "v of row " + r);
            r++;
          }
          assertEquals(rows, r, "rows read by Quiver");
        }
      }
    }
    try (ITableSession official = official(5000);
        org.apache.iotdb.isession.SessionDataSet rs =
            official.executeQueryStatement("SELECT time, dev, s, v FROM big_arrow ORDER BY time")) {
      DataIterator it = rs.iterator();
      int r = 0;
      while (it.next()) {
        assertEquals(1_000_000L + r, it.getLong(1), "official client: time of row " + r);
        assertEquals("arrow-dev-" + (r % 4), it.getString(2), "official client: dev of row " + r);
        assertEquals(r % 4 == 1 ? null : text(r), it.isNull(3) ? null : it.getString(3), "official client: s of row " + r);
        assertEquals(r % 3 == 0 ? null : (double) -r, it.isNull(4) ? null : it.getDouble(4), "official client: v of row " + r);
        r++;
      }
      assertEquals(rows, r, "rows read by the official client");
    }
  }

  /** The compact server closes the connection on the binary openSession: no answer, no hang. */
  @Test
  void binaryClientOnCompactServerFailsAtOnceNamingBothSettings() {
    TableSessionConfig config = compact(null).enableCompression(false).readTimeout(Duration.ofSeconds(10)).build();
    ConnectionException e = assertTimeoutPreemptively(BOUND,
        () -> assertThrows(ConnectionException.class, () -> TableSession.open(config)));
    assertMismatchExplained(e, false);
  }

  /** A plain server (the shared test server) closes the connection on the compact openSession. */
  @Test
  void compactClientOnBinaryServerFailsAtOnceNamingBothSettings() {
    TableSessionConfig config = TableSessionConfig.builder().nodeUrls(TestIoTDB.endpoint()).enableCompression(true)
        .readTimeout(Duration.ofSeconds(10)).build();
    ConnectionException e = assertTimeoutPreemptively(BOUND,
        () -> assertThrows(ConnectionException.class, () -> TableSession.open(config)));
    assertMismatchExplained(e, true);
  }

  private static void assertMismatchExplained(ConnectionException e, boolean clientCompact) {
    String m = e.getMessage();
    assertTrue(m.contains("open a session") && m.contains("closed the connection"), m);
    assertTrue(m.contains("is the server's dn_rpc_thrift_compression_enable the same as enableCompression ("
        + clientCompact + ")?"), m);
  }

  /**
   * A fact of the official client 2.0.7 that the README relies on: its builder's
   * enableCompression(true) is another feature (tablet compression) on the binary protocol, so it
   * cannot talk to this server; enableCompaction(true) is what selects the compact protocol.
   */
  @Test
  void officialClientSpeaksCompactOnlyWithEnableCompaction() throws Exception {
    assertThrows(IoTDBConnectionException.class, () -> new TableSessionBuilder()
        .nodeUrls(List.of(server.endpoint())).enableCompression(true).connectionTimeoutInMs(10_000).build().close());
    try (ITableSession official = official(5000);
        org.apache.iotdb.isession.SessionDataSet rs = official.executeQueryStatement("SHOW DATABASES")) {
      assertTrue(rs.iterator().next(), "the compact official client lists databases");
    }
  }
}
