package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.DataType;
import io.quiver.client.StatementException;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.TableSessionPool;
import io.quiver.client.TableSessionPoolConfig;
import io.quiver.client.Tablet;
import io.quiver.it.support.Databases;
import io.quiver.it.support.TcpProxy;
import io.quiver.it.support.TestIoTDB;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iotdb.isession.ITableSession;
import org.apache.iotdb.isession.SessionDataSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pipelined inserts ({@code maxInFlightInserts} above 1, docs/pipelined-inserts.md) on the test
 * server: one caller's batches sent without waiting for their answers all arrive (read back by the
 * official client), a refusal in flight is thrown by the next call and names its request, nothing
 * is lost when the connection is cut with requests in flight, and statements, close and a pool's
 * hand-back wait for the answers first.
 */
class PipelinedInsertsIT {
  private static final String DB = "pipelined_inserts";

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
    assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
    allocator.close();
  }

  private static TableSessionConfig.Builder pipelined(String nodeUrl, int depth) {
    return TableSessionConfig.builder().nodeUrls(nodeUrl).database(DB).maxInFlightInserts(depth)
        .retryInterval(Duration.ofMillis(50));
  }

  private static void createTable(String table) {
    try (TableSession s = Databases.quiver(DB)) {
      s.executeNonQueryStatement("CREATE TABLE " + table + " (dev STRING TAG, v INT64 FIELD)");
    }
  }

  /** Refills {@code root} with rows {@code first .. first+count-1}: time = v = row number. */
  private static void fill(VectorSchemaRoot root, long first, int count) {
    TimeStampMilliVector time = (TimeStampMilliVector) root.getVector("time");
    VarCharVector dev = (VarCharVector) root.getVector("dev");
    BigIntVector v = (BigIntVector) root.getVector("v");
    root.allocateNew();
    for (int i = 0; i < count; i++) {
      long row = first + i;
      time.set(i, row);
      dev.setSafe(i, ("d" + row % 4).getBytes(StandardCharsets.UTF_8));
      v.set(i, row);
    }
    root.setRowCount(count);
  }

  private VectorSchemaRoot newRoot() {
    return VectorSchemaRoot.of(new TimeStampMilliVector("time", allocator),
        new VarCharVector("dev", allocator), new BigIntVector("v", allocator));
  }

  /** count(*) and sum(v) as the official client reads them. */
  private static long[] officialCountAndSum(String table) throws Exception {
    try (ITableSession official = Databases.official(DB);
        SessionDataSet rs = official.executeQueryStatement("SELECT count(*), sum(v) FROM " + table)) {
      assertTrue(rs.hasNext());
      var row = rs.next();
      return new long[] {row.getFields().get(0).getLongV(), (long) row.getFields().get(1).getDoubleV()};
    }
  }

  private static long sumOfRows(long n) {
    return n * (n - 1) / 2;
  }

  @Test
  void oneCallerReusingOneArrowRootWritesEveryRowAndTheOfficialClientReadsThemBack() throws Exception {
    createTable("arrow_rows");
    int batches = 40;
    int rows = 2_500;
    try (VectorSchemaRoot root = newRoot();
        TableSession s = TableSession.open(pipelined(TestIoTDB.endpoint(), 4).build())) {
      for (int b = 0; b < batches; b++) {
        // The root is refilled as soon as insert returns: the request in flight must not need it.
        fill(root, (long) b * rows, rows);
        s.insert(ArrowTablet.builder("arrow_rows", root).tag("dev").build());
      }
      s.flush();
      assertEquals(batches * rows, Databases.count(s, "arrow_rows"));
    }
    long n = (long) batches * rows;
    long[] read = officialCountAndSum("arrow_rows");
    assertEquals(List.of(n, sumOfRows(n)), List.of(read[0], read[1]));
  }

  @Test
  void aQueryRightAfterPipelinedInsertsSeesEveryRow() {
    createTable("query_after");
    try (TableSession s = TableSession.open(pipelined(TestIoTDB.endpoint(), 8).build())) {
      for (int b = 0; b < 20; b++) {
        s.insert(rows("query_after", b * 100L, 100));
      }
      // No flush: the query waits for the answers in flight itself.
      assertEquals(2_000, Databases.count(s, "query_after"));
    }
  }

  @Test
  void aRefusalInFlightIsThrownByFlushNamingItsRequestAndTheOtherRequestsAreWritten() {
    createTable("refused");
    try (TableSession s = TableSession.open(pipelined(TestIoTDB.endpoint(), 4).build())) {
      s.insert(rows("refused", 0, 100));
      // v is INT64: the server refuses a BOOLEAN v when it reads this request.
      s.insert(Tablet.builder("refused").tag("dev").field("v", DataType.BOOLEAN).row(5_000L, "dx", true)
          .row(5_001L, "dx", false).build());
      s.insert(rows("refused", 100, 100));
      StatementException e = assertThrows(StatementException.class, s::flush);
      assertTrue(e.getMessage().contains("insert 2 rows into table 'refused'"), e.getMessage());
      assertTrue(e.getMessage().contains("maxInFlightInserts 4"), e.getMessage());
      // Thrown once: the session goes on.
      s.flush();
      assertEquals(200, Databases.count(s, "refused"));
    }
  }

  @Test
  void aRefusalInFlightIsThrownByTheNextInsertBeforeItSendsAnything() {
    createTable("refused_next");
    try (TableSession s = TableSession.open(pipelined(TestIoTDB.endpoint(), 2).build())) {
      s.insert(Tablet.builder("refused_next").tag("dev").field("v", DataType.BOOLEAN).row(1L, "dx", true).build());
      s.insert(rows("refused_next", 0, 10)); // depth 2: this send does not read the refusal yet
      s.insert(rows("refused_next", 10, 10)); // reads the oldest answer: the refusal, remembered
      StatementException e = assertThrows(StatementException.class, () -> s.insert(rows("refused_next", 20, 10)));
      assertTrue(e.getMessage().contains("insert 1 rows into table 'refused_next'"), e.getMessage());
      s.flush();
      assertEquals(20, Databases.count(s, "refused_next"));
    }
  }

  @Test
  void closeWaitsForTheAnswersAndThrowsARefusalAfterClosing() {
    createTable("refused_close");
    TableSession s = TableSession.open(pipelined(TestIoTDB.endpoint(), 4).build());
    s.insert(rows("refused_close", 0, 50));
    s.insert(Tablet.builder("refused_close").tag("dev").field("v", DataType.BOOLEAN).row(1L, "dx", true).build());
    StatementException e = assertThrows(StatementException.class, s::close);
    assertTrue(e.getMessage().contains("insert 1 rows into table 'refused_close'"), e.getMessage());
    assertTrue(s.isClosed());
    try (TableSession check = Databases.quiver(DB)) {
      assertEquals(50, Databases.count(check, "refused_close"));
    }
  }

  @Test
  void cuttingTheConnectionWithRequestsInFlightLosesNoRow() throws Exception {
    createTable("cut");
    int batches = 30;
    int rows = 1_000;
    try (TcpProxy proxy = new TcpProxy(TestIoTDB.endpoint());
        TableSession s = TableSession.open(pipelined(proxy.endpoint(), 8).build())) {
      for (int b = 0; b < batches; b++) {
        s.insert(rows("cut", (long) b * rows, rows));
        if (b == 10 || b == 20) {
          proxy.cutAll(); // up to 8 requests have no answer yet
        }
      }
      s.flush();
      assertTrue(s.replayStats().replayedFrames() > 0, s.replayStats().toString());
    }
    long n = (long) batches * rows;
    long[] read = officialCountAndSum("cut");
    assertEquals(n, read[0]);
    assertEquals(sumOfRows(n), read[1]);
  }

  @Test
  void aPoolOfPipeliningSessionsHandsBackOnlyAnsweredSessions() throws Exception {
    createTable("pooled");
    TableSessionPoolConfig config = TableSessionPoolConfig.builder().nodeUrls(TestIoTDB.endpoint()).database(DB)
        .maxPoolSize(2).maxInFlightInserts(4).build();
    try (TableSessionPool pool = new TableSessionPool(config)) {
      for (int borrow = 0; borrow < 5; borrow++) {
        try (TableSession s = pool.getSession()) {
          for (int b = 0; b < 10; b++) {
            s.insert(rows("pooled", (borrow * 10L + b) * 100, 100));
          }
        }
      }
      try (TableSession s = pool.getSession()) {
        assertEquals(5_000, Databases.count(s, "pooled"));
      }
    }
    assertEquals(sumOfRows(5_000), officialCountAndSum("pooled")[1]);
  }

  /** Rows {@code first .. first+count-1}: time = v = row number. */
  private static Tablet rows(String table, long first, int count) {
    Tablet.Builder b = Tablet.builder(table).tag("dev").field("v", DataType.INT64);
    for (int i = 0; i < count; i++) {
      long row = first + i;
      b.row(row, "d" + row % 4, row);
    }
    return b.build();
  }
}
