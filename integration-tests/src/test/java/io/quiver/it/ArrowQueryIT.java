package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.arrow.ArrowQuery;
import io.quiver.arrow.ArrowResultStream;
import io.quiver.arrow.ArrowTablet;
import io.quiver.arrow.ResultConversionException;
import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.SessionClosedException;
import io.quiver.client.SessionDataSet;
import io.quiver.client.StatementException;
import io.quiver.client.TableSession;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.InsertBatch;
import io.quiver.client.spi.WireBuffer;
import io.quiver.it.support.AllTypes;
import io.quiver.it.support.ArrowCells;
import io.quiver.it.support.Databases;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Query results read as Arrow from the real server: every type with nulls and edge values compared
 * cell by cell with what was inserted (by a row Tablet and by an ArrowTablet), queries spanning
 * many fetches, the column mapping of reordered and repeated columns, and the release of the query
 * and of Arrow memory on every path (read to the end, closed early, session closed, a value Arrow
 * cannot hold in a later fetch, a refused statement). Every test closes its RootAllocator, so a
 * leaked buffer fails it.
 */
class ArrowQueryIT {
  private static final String DB = "it_arrow_query";
  private static final int RANDOM_ROWS = 20_000;
  /** 100 rows asked per fetch: the server then sends one block (about 5,000 rows here) per fetch. */
  private static final ArrowQuery.Options SMALL_FETCHES = ArrowQuery.Options.defaults().withFetchSize(100);

  private BufferAllocator allocator;

  @BeforeAll
  static void createTables() {
    Databases.recreate(DB);
    try (TableSession s = Databases.quiver(DB)) {
      s.insert(AllTypes.edgeValues().quiverTablet("edge"));
      s.executeNonQueryStatement("CREATE TABLE seq (dev STRING TAG, v INT64 FIELD, x DOUBLE FIELD)");
      io.quiver.client.Tablet.Builder b =
          io.quiver.client.Tablet.builder("seq").tag("dev").field("v", DataType.INT64).field("x", DataType.DOUBLE);
      for (int r = 0; r < 50_000; r++) {
        b.row((long) r, "d" + (r % 5), (long) r, r % 7 == 0 ? null : r * 0.25);
      }
      s.insert(b.build());
    }
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

  // ---------------------------------------------------------------- values

  @Test
  void everyTypeWithNullsAndEdgeValuesReadsBackAsInserted() {
    AllTypes expected = AllTypes.edgeValues();
    try (TableSession s = Databases.quiver(DB);
        VectorSchemaRoot all = ArrowQuery.readAll(s, AllTypes.select("edge"), allocator)) {
      assertEquals(expected.rows.size(), all.getRowCount());
      assertEquals("time", all.getSchema().getFields().get(0).getName());
      for (int c = 0; c < AllTypes.NAMES.size(); c++) {
        assertEquals(AllTypes.NAMES.get(c), all.getSchema().getFields().get(c + 1).getName());
        assertEquals(AllTypes.TYPES.get(c).name(),
            all.getSchema().getFields().get(c + 1).getMetadata().get("iotdb.type"));
      }
      assertTrue(all.getVector(0) instanceof TimeStampMilliTZVector);
      assertEquals(s.config().timeZone().getId().equals("Z") ? "+00:00" : s.config().timeZone().getId(),
          ((ArrowType.Timestamp) all.getSchema().getFields().get(0).getType()).getTimezone());
      assertTrue(all.getVector("b") instanceof BitVector);
      assertTrue(all.getVector("i") instanceof IntVector);
      assertTrue(all.getVector("l") instanceof BigIntVector);
      assertTrue(all.getVector("f") instanceof Float4Vector);
      assertTrue(all.getVector("d") instanceof Float8Vector);
      assertTrue(all.getVector("txt") instanceof VarCharVector);
      assertTrue(all.getVector("s") instanceof VarCharVector);
      assertTrue(all.getVector("blob") instanceof VarBinaryVector);
      assertTrue(all.getVector("dt") instanceof DateDayVector);
      assertTrue(all.getVector("ts") instanceof TimeStampMilliTZVector);
      ArrowCells.assertAllTypes(all, 0, expected);
    }
  }

  @Test
  void streamingTheEdgeValuesGivesTheSameCells() {
    AllTypes expected = AllTypes.edgeValues();
    try (TableSession s = Databases.quiver(DB);
        ArrowResultStream stream = ArrowQuery.stream(s, AllTypes.select("edge"), allocator)) {
      VectorSchemaRoot root = stream.getVectorSchemaRoot();
      int rows = 0;
      while (stream.loadNextBatch()) {
        ArrowCells.assertAllTypes(root, rows, expected);
        rows += root.getRowCount();
      }
      assertEquals(expected.rows.size(), rows);
      assertEquals(0, root.getRowCount(), "the root is cleared after the last batch");
    }
  }

  /** Random rows of every type with nulls, as an Arrow root to insert through ArrowTablet. */
  private VectorSchemaRoot randomRoot(Random random) {
    TimeStampMilliVector time = new TimeStampMilliVector("time", allocator);
    VarCharVector dev = new VarCharVector("dev", allocator);
    BitVector b = new BitVector("b", allocator);
    IntVector i = new IntVector("i", allocator);
    BigIntVector l = new BigIntVector("l", allocator);
    Float4Vector f = new Float4Vector("f", allocator);
    Float8Vector d = new Float8Vector("d", allocator);
    VarCharVector txt = new VarCharVector("txt", allocator);
    VarCharVector str = new VarCharVector("s", allocator);
    VarBinaryVector blob = new VarBinaryVector("blob", allocator);
    DateDayVector dt = new DateDayVector("dt", allocator);
    TimeStampMilliVector ts = new TimeStampMilliVector("ts", allocator);
    VectorSchemaRoot root = VectorSchemaRoot.of(time, dev, b, i, l, f, d, txt, str, blob, dt, ts);
    root.allocateNew();
    long minDay = LocalDate.of(1000, 1, 1).toEpochDay();
    long maxDay = LocalDate.of(9999, 12, 31).toEpochDay();
    for (int r = 0; r < RANDOM_ROWS; r++) {
      time.setSafe(r, 1_000_000L + r * 3L);
      dev.setSafe(r, ("dev-" + (r % 7)).getBytes(StandardCharsets.UTF_8));
      if (random.nextInt(5) > 0) {
        b.setSafe(r, random.nextInt(2));
      }
      if (random.nextInt(5) > 0) {
        i.setSafe(r, random.nextInt());
      }
      if (random.nextInt(5) > 0) {
        l.setSafe(r, random.nextLong());
      }
      if (random.nextInt(5) > 0) {
        f.setSafe(r, Float.intBitsToFloat(random.nextInt() & 0x7F7FFFFF));
      }
      if (random.nextInt(5) > 0) {
        d.setSafe(r, random.nextGaussian() * 1e6);
      }
      if (random.nextInt(5) > 0) {
        txt.setSafe(r, ("t" + random.nextInt(1000) + "é".repeat(random.nextInt(4))).getBytes(StandardCharsets.UTF_8));
      }
      if (random.nextInt(5) > 0) {
        str.setSafe(r, ("s" + random.nextLong()).getBytes(StandardCharsets.UTF_8));
      }
      if (random.nextInt(5) > 0) {
        byte[] bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
        blob.setSafe(r, bytes);
      }
      if (random.nextInt(5) > 0) {
        dt.setSafe(r, (int) (minDay + random.nextInt((int) (maxDay - minDay + 1))));
      }
      if (random.nextInt(5) > 0) {
        ts.setSafe(r, random.nextLong() >> 2);
      }
    }
    root.setRowCount(RANDOM_ROWS);
    return root;
  }

  @Test
  void randomRowsInsertedAsArrowReadBackAsTheSameArrowCellsInAnyOrder() {
    try (TableSession s = Databases.quiver(DB); VectorSchemaRoot inserted = randomRoot(new Random(11))) {
      s.executeNonQueryStatement("CREATE TABLE rnd (dev STRING TAG, b BOOLEAN FIELD, i INT32 FIELD, l INT64 FIELD,"
          + " f FLOAT FIELD, d DOUBLE FIELD, txt TEXT FIELD, s STRING FIELD, blob BLOB FIELD, dt DATE FIELD,"
          + " ts TIMESTAMP FIELD)");
      s.insert(ArrowTablet.builder("rnd", inserted).tag("dev").asText("txt").build());
      Map<Long, Integer> rowOfTime = new HashMap<>();
      for (int r = 0; r < RANDOM_ROWS; r++) {
        rowOfTime.put(((TimeStampMilliVector) inserted.getVector(0)).get(r), r);
      }
      String columns = "time, dev, b, i, l, f, d, txt, s, blob, dt, ts";
      // Scan order (device by device, the tag run-length encoded) and sorted order (the tag plain).
      for (String sql : List.of("SELECT " + columns + " FROM rnd", "SELECT " + columns + " FROM rnd ORDER BY time")) {
        try (VectorSchemaRoot read = ArrowQuery.readAll(s, sql, allocator)) {
          assertEquals(RANDOM_ROWS, read.getRowCount(), sql);
          for (int r = 0; r < RANDOM_ROWS; r++) {
            long t = ((TimeStampMilliTZVector) read.getVector(0)).get(r);
            Integer at = rowOfTime.get(t);
            assertNotNull(at, "a time that was not inserted: " + t);
            for (int c = 1; c < inserted.getFieldVectors().size(); c++) {
              ArrowCells.assertCell(ArrowCells.cell(inserted.getVector(c), at), ArrowCells.cell(read.getVector(c), r),
                  sql + ": row " + r + " (inserted row " + at + ") column " + inserted.getVector(c).getName());
            }
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- fetches and mapping

  @Test
  void aQueryOfManyFetchesStreamsOneBatchPerFetchInOrder() {
    // The server sends whole blocks (here about 5,000 rows, its 128 KiB limit) until the fetch size is
    // reached, so a fetch size of 100 makes one round trip, and one batch, per block.
    try (TableSession s = Databases.quiver(DB);
        ArrowResultStream stream = ArrowQuery.stream(s, "SELECT time, dev, v, x FROM seq", allocator, SMALL_FETCHES)) {
      VectorSchemaRoot root = stream.getVectorSchemaRoot();
      long[] nextTime = {0, 1, 2, 3, 4};
      int batches = 0;
      while (stream.loadNextBatch()) {
        batches++;
        assertTrue(root.getRowCount() > 0);
        TimeStampMilliTZVector time = (TimeStampMilliTZVector) root.getVector("time");
        VarCharVector dev = (VarCharVector) root.getVector("dev");
        BigIntVector v = (BigIntVector) root.getVector("v");
        Float8Vector x = (Float8Vector) root.getVector("x");
        for (int r = 0; r < root.getRowCount(); r++) {
          String device = new String(dev.get(r), StandardCharsets.UTF_8);
          int d = device.charAt(1) - '0';
          long expectedTime = nextTime[d];
          assertEquals(expectedTime, time.get(r), "rows of " + device + " in time order");
          assertEquals(expectedTime, v.get(r));
          assertEquals(expectedTime % 7 == 0, x.isNull(r), "x null at time " + expectedTime);
          if (!x.isNull(r)) {
            assertEquals(expectedTime * 0.25, x.get(r));
          }
          nextTime[d] += 5;
        }
      }
      for (int d = 0; d < 5; d++) {
        assertEquals(50_000 + d, nextTime[d], "every row of d" + d);
      }
      assertEquals(50_000, stream.rowCount());
      assertEquals(batches, stream.batchCount());
      assertTrue(batches >= 10, "one batch per block of about 5,000 rows, got " + batches);
      assertFalse(stream.isOpenOnServer(), "the server released the query");
      assertEquals(0, s.openResultCount());
      assertFalse(stream.loadNextBatch(), "an exhausted stream stays exhausted");
    }
  }

  @Test
  void theDefaultFetchSizeAsksForArrowSizedBatches() {
    // The session's fetch size (100 here) is for row-by-row reading; the Arrow path asks for 65,536.
    try (TableSession s = TableSession.open(Databases.quiverConfig(DB).fetchSize(100).build());
        ArrowResultStream stream = ArrowQuery.stream(s, "SELECT time, dev, v, x FROM seq", allocator)) {
      assertTrue(stream.loadNextBatch());
      assertEquals(50_000, stream.getVectorSchemaRoot().getRowCount(),
          "65,536 rows asked: the 50,000-row table in one fetch");
      assertFalse(stream.loadNextBatch());
      assertEquals(1, stream.batchCount());
    }
  }

  @Test
  void readAllGathersEveryFetchIntoOneRoot() {
    try (TableSession s = Databases.quiver(DB);
        VectorSchemaRoot all = ArrowQuery.readAll(s, "SELECT time, v, x, dev FROM seq", allocator, SMALL_FETCHES)) {
      assertEquals(50_000, all.getRowCount());
      BigIntVector v = (BigIntVector) all.getVector("v");
      TimeStampMilliTZVector time = (TimeStampMilliTZVector) all.getVector("time");
      VarCharVector dev = (VarCharVector) all.getVector("dev");
      Float8Vector x = (Float8Vector) all.getVector("x");
      boolean[] seen = new boolean[50_000];
      for (int r = 0; r < 50_000; r++) {
        int t = (int) time.get(r);
        assertFalse(seen[t], "time " + t + " twice");
        seen[t] = true;
        assertEquals(t, v.get(r));
        assertEquals("d" + (t % 5), new String(dev.get(r), StandardCharsets.UTF_8));
        assertEquals(t % 7 == 0, x.isNull(r));
      }
      assertEquals(0, s.openResultCount());
    }
  }

  @Test
  void reorderedRepeatedAndAliasedColumnsFollowTheServersMapping() {
    try (TableSession s = Databases.quiver(DB);
        VectorSchemaRoot root = ArrowQuery.readAll(s,
            "SELECT x AS ex, v, dev, v AS v2, time, x FROM seq WHERE time < 20 ORDER BY time", allocator)) {
      List<String> names = new ArrayList<>();
      root.getSchema().getFields().forEach(f -> names.add(f.getName()));
      assertEquals(List.of("ex", "v", "dev", "v2", "time", "x"), names);
      assertEquals(20, root.getRowCount());
      for (int r = 0; r < 20; r++) {
        assertEquals((long) r, ArrowCells.cell(root.getVector(1), r));
        assertEquals((long) r, ArrowCells.cell(root.getVector(3), r));
        assertEquals((long) r, ArrowCells.cell(root.getVector(4), r));
        assertEquals("d" + (r % 5), ArrowCells.cell(root.getVector(2), r));
        Object x = r % 7 == 0 ? null : r * 0.25;
        assertEquals(x, ArrowCells.cell(root.getVector(0), r));
        assertEquals(x, ArrowCells.cell(root.getVector(5), r));
      }
    }
  }

  @Test
  void aggregatesAndComputedColumnsComeWithTheirResultTypes() {
    try (TableSession s = Databases.quiver(DB);
        VectorSchemaRoot root = ArrowQuery.readAll(s,
            "SELECT dev, count(x) AS n, sum(v) AS total, max(time) AS last FROM seq GROUP BY dev ORDER BY dev",
            allocator)) {
      assertEquals(5, root.getRowCount());
      for (int d = 0; d < 5; d++) {
        assertEquals("d" + d, ArrowCells.cell(root.getVector("dev"), d));
        long rows = 0;
        long sum = 0;
        long nonNullX = 0;
        long last = 0;
        for (int r = d; r < 50_000; r += 5) {
          rows++;
          sum += r;
          nonNullX += r % 7 == 0 ? 0 : 1;
          last = r;
        }
        assertTrue(rows > 0);
        assertEquals(nonNullX, ArrowCells.cell(root.getVector("n"), d));
        assertEquals((double) sum, ArrowCells.cell(root.getVector("total"), d));
        assertEquals(last, ArrowCells.cell(root.getVector("last"), d));
      }
      assertTrue(root.getVector("last") instanceof TimeStampMilliTZVector);
    }
  }

  @Test
  void theTimestampZoneIsTheSessions() {
    try (TableSession s = TableSession.open(Databases.quiverConfig(DB).timeZone("Asia/Shanghai").build());
        ArrowResultStream stream = ArrowQuery.stream(s, "SELECT time FROM seq ORDER BY time LIMIT 1", allocator)) {
      ArrowType.Timestamp type = (ArrowType.Timestamp) stream.schema().getFields().get(0).getType();
      assertEquals("Asia/Shanghai", type.getTimezone());
      assertEquals(TimePrecision.MILLISECONDS, s.timePrecision());
      assertEquals(org.apache.arrow.vector.types.TimeUnit.MILLISECOND, type.getUnit());
      assertTrue(stream.loadNextBatch());
      assertEquals(0L, ((TimeStampMilliTZVector) stream.getVectorSchemaRoot().getVector(0)).get(0));
    }
  }

  // ---------------------------------------------------------------- release on every path

  /** The statements the server is running now (information_schema.queries), other than this one. */
  private static List<String> runningStatements(TableSession s) {
    List<String> statements = new ArrayList<>();
    try (SessionDataSet rs = s.executeQueryStatement("SELECT statement FROM information_schema.queries")) {
      while (rs.next()) {
        statements.add(rs.getString(0));
      }
    }
    return statements;
  }

  private static boolean running(TableSession s, String marker) {
    return runningStatements(s).stream().anyMatch(q -> q.contains(marker));
  }

  @Test
  void closingAStreamEarlyReleasesTheQueryOnTheServer() {
    String marker = "early_close_" + System.nanoTime();
    try (TableSession s = Databases.quiver(DB)) {
      ArrowResultStream stream = ArrowQuery.stream(s, "SELECT time, v AS " + marker + " FROM seq", allocator, SMALL_FETCHES);
      assertTrue(stream.loadNextBatch());
      assertTrue(stream.isOpenOnServer());
      assertEquals(1, s.openResultCount());
      assertTrue(running(s, marker), "the server holds the open query");
      stream.close();
      assertFalse(stream.isOpenOnServer());
      assertEquals(0, s.openResultCount());
      assertFalse(running(s, marker), "the server released the query");
      assertEquals(50_000, Databases.count(s, "seq"), "the session goes on");
      stream.close(); // idempotent
    }
  }

  @Test
  void closingTheSessionReleasesTheQueryAndTheStreamThenRefusesToGoOn() {
    String marker = "session_close_" + System.nanoTime();
    TableSession s = Databases.quiver(DB);
    try (ArrowResultStream stream = ArrowQuery.stream(s, "SELECT time, v AS " + marker + " FROM seq", allocator, SMALL_FETCHES)) {
      assertTrue(stream.loadNextBatch());
      s.close();
      assertFalse(stream.isOpenOnServer());
      assertThrows(SessionClosedException.class, stream::loadNextBatch, "a cut-off result must not look complete");
      try (TableSession other = Databases.quiver(DB)) {
        assertFalse(running(other, marker), "the server released the query");
      }
    }
  }

  /** One row whose DATE is the raw int 20230229 (no date), which only a raw insertTablet can store. */
  private static final class RawDateBatch implements InsertBatch {
    private final long time;
    private final int yyyymmdd;

    RawDateBatch(long time, int yyyymmdd) {
      this.time = time;
      this.yyyymmdd = yyyymmdd;
    }

    @Override public String tableName() { return "dates"; }
    @Override public int rowCount() { return 1; }
    @Override public int columnCount() { return 1; }
    @Override public String columnName(int i) { return "dt"; }
    @Override public DataType dataType(int i) { return DataType.DATE; }
    @Override public ColumnCategory category(int i) { return ColumnCategory.FIELD; }
    @Override public long valuesSize() { return 4; }
    @Override public void writeTimestamps(WireBuffer out, TimePrecision precision) { out.putLong(time); }
    @Override public void writeValues(WireBuffer out, TimePrecision precision) { out.putInt(yyyymmdd); }
  }

  @Test
  void aValueArrowCannotHoldInALaterFetchFailsNamingItAndReleasesEverything() {
    String marker = "bad_date_" + System.nanoTime();
    int rows = 40_000;
    int bad = 35_000;
    try (TableSession s = Databases.quiver(DB)) {
      s.executeNonQueryStatement("CREATE TABLE IF NOT EXISTS dates (dt DATE FIELD)");
      io.quiver.client.Tablet.Builder b = io.quiver.client.Tablet.builder("dates").field("dt", DataType.DATE);
      for (int r = 0; r < rows; r++) {
        b.row((long) r, LocalDate.of(2000, 1, 1).plusDays(r));
      }
      s.insert(b.build());
      s.insert(new RawDateBatch(bad, 20230229)); // overwrites row 35,000's date
      // No ORDER BY: the stream is closed early, and a sort closed early holds server memory for a while
      // (a sort right after may be refused). The table has one device, so rows come in time order.
      String sql = "SELECT time, dt AS " + marker + " FROM dates";

      long rowsBefore = 0;
      ResultConversionException e = null;
      try (ArrowResultStream stream = ArrowQuery.stream(s, sql, allocator, SMALL_FETCHES)) {
        try {
          while (stream.loadNextBatch()) {
            VectorSchemaRoot root = stream.getVectorSchemaRoot();
            DateDayVector dt = (DateDayVector) root.getVector(1);
            for (int r = 0; r < root.getRowCount(); r++) {
              assertEquals(LocalDate.of(2000, 1, 1).plusDays(rowsBefore + r).toEpochDay(), dt.get(r));
            }
            rowsBefore += root.getRowCount();
          }
        } catch (ResultConversionException caught) {
          e = caught;
        }
        assertNotNull(e, "the bad date must not be passed over");
        assertTrue(rowsBefore > 0 && rowsBefore <= bad, "earlier fetches were read: " + rowsBefore);
        assertEquals(marker, e.column());
        assertEquals(bad, e.row(), e.getMessage());
        assertTrue(e.getMessage().contains("20230229"), e.getMessage());
        assertFalse(stream.isOpenOnServer());
        assertEquals(0, s.openResultCount());
        assertFalse(running(s, marker), "the failed stream's query was released");
        assertThrows(IllegalStateException.class, stream::loadNextBatch);
      }

      ResultConversionException again =
          assertThrows(ResultConversionException.class, () -> ArrowQuery.readAll(s, sql, allocator, SMALL_FETCHES));
      assertEquals(bad, again.row());
      assertEquals(0, s.openResultCount());
      assertEquals(0, allocator.getAllocatedMemory(), "readAll released its root");
      assertEquals(rows, Databases.count(s, "dates"), "the session goes on");
    }
  }

  @Test
  void aRefusedQueryFailsAtOnceAndHoldsNothing() {
    try (TableSession s = Databases.quiver(DB)) {
      StatementException e = assertThrows(StatementException.class,
          () -> ArrowQuery.stream(s, "SELECT nope FROM seq", allocator));
      assertTrue(e.getMessage().contains("nope"), e.getMessage());
      assertThrows(StatementException.class, () -> ArrowQuery.readAll(s, "SELEC 1", allocator));
      assertEquals(0, s.openResultCount());
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  @Test
  void aBatchTakenFromTheStreamOutlivesIt() {
    try (TableSession s = Databases.quiver(DB)) {
      List<VectorSchemaRoot> kept = new ArrayList<>();
      try (ArrowResultStream stream = ArrowQuery.stream(s, "SELECT time, dev FROM seq WHERE time < 20000 ORDER BY time",
          allocator, SMALL_FETCHES)) {
        VectorSchemaRoot root = stream.getVectorSchemaRoot();
        while (stream.loadNextBatch()) {
          kept.add(root.slice(0, root.getRowCount()));
        }
      }
      long t = 0;
      for (VectorSchemaRoot batch : kept) {
        for (int r = 0; r < batch.getRowCount(); r++, t++) {
          assertEquals(t, ArrowCells.cell(batch.getVector(0), r));
          assertEquals("d" + (t % 5), ArrowCells.cell(batch.getVector(1), r));
        }
        batch.close();
      }
      assertEquals(20_000, t);
      assertTrue(kept.size() > 1, "several batches kept: " + kept.size());
    }
  }
}
