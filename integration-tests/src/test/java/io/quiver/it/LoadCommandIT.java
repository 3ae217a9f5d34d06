package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.cli.load.LoadCommand;
import io.quiver.cli.load.LoadObserver;
import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.it.support.Databases;
import io.quiver.it.support.EveryArrowTypeFile;
import io.quiver.it.support.EveryArrowTypeFile.Column;
import io.quiver.it.support.TestIoTDB;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./quiver load} against the real server, called as the command line calls it: Arrow IPC
 * files written here, loaded, and read back with Quiver's SessionDataSet (every cell of samples,
 * counts and aggregates of every column for all rows); loads stopped or failed part-way, whose
 * reported acknowledged rows must be exactly the rows the server holds; and every bad input, which
 * must be refused with its message before anything is written.
 */
class LoadCommandIT {
  private static final String DB = "it_load";
  private static final Pattern ACKNOWLEDGED = Pattern.compile("acknowledged rows: ([\\d,]+|none)");
  private static final Pattern SKIP_ROWS = Pattern.compile("--skip-rows (\\d+)");

  @TempDir
  Path dir;

  private BufferAllocator allocator;
  private TableSession session;

  @BeforeAll
  static void createDatabase() {
    Databases.recreate(DB);
  }

  @AfterAll
  static void dropDatabase() {
    Databases.drop(DB);
  }

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
    session = Databases.quiver(DB);
  }

  @AfterEach
  void close() {
    session.close();
    allocator.close();
  }

  /** The exit code and the output of one run. */
  private record Run(int code, String output) {
    /** The only line of a run that failed before loading. */
    String errorLine() {
      List<String> lines = output.lines().toList();
      assertEquals(1, lines.size(), "one line expected:\n" + output);
      assertTrue(lines.get(0).startsWith("load: error: "), output);
      return lines.get(0);
    }

    long acknowledged() {
      Matcher m = ACKNOWLEDGED.matcher(output);
      assertTrue(m.find(), output);
      return m.group(1).equals("none") ? 0 : Long.parseLong(m.group(1).replace(",", ""));
    }

    long resumeRow() {
      Matcher m = SKIP_ROWS.matcher(output);
      assertTrue(m.find(), output);
      return Long.parseLong(m.group(1));
    }
  }

  private static Run load(LoadObserver observer, String... args) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--url";
    all[args.length + 1] = TestIoTDB.endpoint();
    int code = LoadCommand.run(all, out, observer);
    String output = buffer.toString(StandardCharsets.UTF_8);
    System.out.print(output.lines().map(l -> "[load] " + l + "\n").reduce("", String::concat));
    return new Run(code, output);
  }

  private static Run load(String... args) {
    return load(LoadObserver.NONE, args);
  }

  // ---------------------------------------------------------------------------------------------
  // Whole files

  @Test
  void aMillionRowFileWithEveryArrowTypeIsLoadedAndReadsBackCellByCell() throws IOException {
    int rows = 1_000_000;
    Path file = dir.resolve("every.arrow");
    EveryArrowTypeFile.write(file, allocator, rows, 100_000, false);

    Run run = load(file.toString(), "--table", DB + ".every", "--tags", "device", "--attributes", "site",
        "--create-table");

    assertEquals(0, run.code(), run.output());
    assertTrue(run.output().contains("load: done: wrote 1,000,000 rows in 20 batches to " + DB + ".every"),
        run.output());
    assertSchema("every");
    assertAllRows("every", rows);
    for (long[] range : new long[][] {{0, 70}, {49_990, 50_070}, {499_950, 500_050}, {999_930, 1_000_000}}) {
      assertCells("every", range[0], range[1]);
    }
  }

  @Test
  void aStreamWithRecordBatchesOfOddSizesIsLoadedOnThreeThreads() throws IOException {
    int rows = 200_003;
    Path file = dir.resolve("every.arrows");
    EveryArrowTypeFile.write(file, allocator, rows, 70_001, true);

    Run run = load(file.toString(), "--table", DB + ".every_stream", "--tags", "device", "--attributes",
        "site", "--create-table", "--batch-rows", "30000", "--threads", "3");

    assertEquals(0, run.code(), run.output());
    assertTrue(run.output().contains("(Arrow IPC stream, 28 columns"), run.output());
    // 70,001-row record batches are cut in 3 pieces of at most 23,334 rows: most start off a byte.
    assertTrue(run.output().contains("load: done: wrote 200,003 rows in 9 batches"), run.output());
    assertAllRows("every_stream", rows);
    for (long[] range : new long[][] {{0, 10}, {23_330, 23_340}, {69_995, 70_010}, {140_000, 140_010},
        {199_990, 200_003}}) {
      assertCells("every_stream", range[0], range[1]);
    }
  }

  @Test
  void encodedAndGzippedRequestsLoadTheSameCells() throws IOException {
    int rows = 100_000;
    Path file = dir.resolve("gzip.arrow");
    EveryArrowTypeFile.write(file, allocator, rows, 25_000, false);

    Run run = load(file.toString(), "--table", DB + ".every_gzip", "--tags", "device", "--attributes", "site",
        "--create-table", "--gzip-inserts");

    assertEquals(0, run.code(), run.output());
    assertTrue(run.output().contains("requests encoded and GZIP-compressed"), run.output());
    assertAllRows("every_gzip", rows);
    for (long[] range : new long[][] {{0, 30}, {24_990, 25_010}, {99_980, 100_000}}) {
      assertCells("every_gzip", range[0], range[1]);
    }
  }

  /** The created table has each column with the category and IoTDB type of the documented mapping. */
  private void assertSchema(String table) {
    Map<String, String[]> described = new HashMap<>();
    try (SessionDataSet rows = session.executeQueryStatement("DESC " + table)) {
      while (rows.next()) {
        described.put(rows.getString(0), new String[] {rows.getString(1), rows.getString(2)});
      }
    }
    assertEquals(EveryArrowTypeFile.COLUMNS.size() + 1, described.size(), described.keySet().toString());
    assertArrayEquals(new String[] {"TIMESTAMP", "TIME"}, described.get("time"));
    for (Column c : EveryArrowTypeFile.COLUMNS) {
      assertArrayEquals(new String[] {c.type().name(), c.category().name()}, described.get(c.name()), c.name());
    }
  }

  /** Counts and aggregates over all rows, against the values the file was written from. */
  private void assertAllRows(String table, int rows) {
    assertEquals(rows, Databases.count(session, table));
    StringBuilder sql = new StringBuilder("SELECT min(time), max(time)");
    List<Column> fields = new ArrayList<>();
    for (Column c : EveryArrowTypeFile.COLUMNS) {
      if (c.category() == ColumnCategory.FIELD) {
        fields.add(c);
        sql.append(", count(").append(c.name()).append(')');
      }
    }
    List<String> summed = List.of("i8", "i16", "i32", "u8", "u16", "u32", "f32", "f64");
    for (String s : summed) {
      sql.append(", sum(").append(s).append(')');
    }
    List<String> ranged = List.of("i64", "u64", "tss", "tsns", "tstz");
    for (String s : ranged) {
      sql.append(", min(").append(s).append("), max(").append(s).append(')');
    }
    try (SessionDataSet r = session.executeQueryStatement(sql.append(" FROM ").append(table).toString())) {
      assertTrue(r.next());
      int k = 0;
      assertEquals(EveryArrowTypeFile.BASE, r.getTimestamp(k++).toEpochMilli());
      assertEquals(EveryArrowTypeFile.BASE + rows - 1, r.getTimestamp(k++).toEpochMilli());
      for (Column c : fields) {
        long nonNull = 0;
        for (long row = 0; row < rows; row++) {
          nonNull += c.isNull().test(row) ? 0 : 1;
        }
        assertEquals(nonNull, r.getLong(k++), "count(" + c.name() + ")");
      }
      for (String s : summed) {
        Column c = EveryArrowTypeFile.column(s);
        double sum = 0;
        for (long row = 0; row < rows; row++) {
          if (!c.isNull().test(row)) {
            sum += ((Number) c.expected().apply(row)).doubleValue();
          }
        }
        assertEquals(sum, r.getDouble(k++), "sum(" + s + ")");
      }
      for (String s : ranged) {
        Column c = EveryArrowTypeFile.column(s);
        Object min = null;
        Object max = null;
        for (long row = 0; row < rows; row++) {
          if (!c.isNull().test(row)) {
            Object v = c.expected().apply(row);
            min = min == null || compare(v, min) < 0 ? v : min;
            max = max == null || compare(v, max) > 0 ? v : max;
          }
        }
        assertEquals(min, r.getObject(k++), "min(" + s + ")");
        assertEquals(max, r.getObject(k++), "max(" + s + ")");
      }
    }
    Map<String, Long> perDevice = new HashMap<>();
    try (SessionDataSet r = session.executeQueryStatement("SELECT device, count(*) FROM " + table
        + " GROUP BY device")) {
      while (r.next()) {
        perDevice.put(r.getString(0), r.getLong(1));
      }
    }
    assertEquals(EveryArrowTypeFile.DEVICES, perDevice.size(), perDevice.toString());
    for (int d = 0; d < EveryArrowTypeFile.DEVICES; d++) {
      long expected = rows / EveryArrowTypeFile.DEVICES + (d < rows % EveryArrowTypeFile.DEVICES ? 1 : 0);
      assertEquals(expected, perDevice.get(EveryArrowTypeFile.device(d)), "rows of " + EveryArrowTypeFile.device(d));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    return ((Comparable) a).compareTo(b);
  }

  /** Every cell of rows {@code [from, to)}. */
  private void assertCells(String table, long from, long to) {
    long base = EveryArrowTypeFile.BASE;
    try (SessionDataSet r = session.executeQueryStatement("SELECT * FROM " + table + " WHERE time >= "
        + (base + from) + " AND time < " + (base + to) + " ORDER BY time")) {
      long row = from;
      while (r.next()) {
        assertEquals(base + row, r.getTimestamp("time").toEpochMilli());
        for (Column c : EveryArrowTypeFile.COLUMNS) {
          String where = table + " row " + row + " column " + c.name();
          int i = r.findColumn(c.name());
          if (c.isNull().test(row)) {
            assertTrue(r.isNull(i), where);
            continue;
          }
          Object expected = c.expected().apply(row);
          Object actual = r.getObject(i);
          if (expected instanceof byte[]) {
            assertArrayEquals((byte[]) expected, (byte[]) actual, where);
          } else {
            assertEquals(expected, actual, where);
          }
        }
        row++;
      }
      assertEquals(to, row, "rows read back from " + table);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Loads that stop part-way

  /**
   * Writes a 4-column file: time (Timestamp ms, from {@code time}; null where it gives null),
   * device (Utf8, 8 devices), value (Float8, null every 7th row), n (Int64, the row number).
   */
  private Path narrowFile(String name, int rows, int batchRows, LongFunction<Long> time) throws IOException {
    Path file = dir.resolve(name);
    try (TimeStampMilliVector t = new TimeStampMilliVector("time", allocator);
        VarCharVector device = new VarCharVector("device", allocator);
        Float8Vector value = new Float8Vector("value", allocator);
        BigIntVector n = new BigIntVector("n", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(t, device, value, n);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
      writer.start();
      for (int start = 0; start < rows; start += batchRows) {
        int k = Math.min(batchRows, rows - start);
        root.allocateNew();
        for (int i = 0; i < k; i++) {
          long r = start + i;
          Long ts = time.apply(r);
          if (ts == null) {
            t.setNull(i);
          } else {
            t.setSafe(i, ts);
          }
          device.setSafe(i, ("dev" + r % 8).getBytes(StandardCharsets.UTF_8));
          if (r % 7 == 0) {
            value.setNull(i);
          } else {
            value.setSafe(i, r * 0.5);
          }
          n.setSafe(i, r);
        }
        root.setRowCount(k);
        writer.writeBatch();
      }
      writer.end();
    }
    return file;
  }

  private long countWhere(String table, String condition) {
    try (SessionDataSet r = session.executeQueryStatement("SELECT count(*) FROM " + table + " WHERE " + condition)) {
      assertTrue(r.next());
      return r.getLong(0);
    }
  }

  @Test
  void aStoppedLoadReportsTheAcknowledgedRowsTheServerHoldsAndResumesWithSkipRows() throws IOException {
    int rows = 1_000_000;
    long base = EveryArrowTypeFile.BASE;
    Path file = narrowFile("stop.arrow", rows, 100_000, r -> base + r);
    AtomicInteger acknowledged = new AtomicInteger();
    LoadObserver stopAfter20 = (control, batch, firstRow, n) -> {
      if (acknowledged.incrementAndGet() == 20) {
        control.stop("stopped by the test after 20 acknowledged batches");
      }
    };

    Run stopped = load(stopAfter20, file.toString(), "--table", DB + ".stopped", "--tags", "device",
        "--create-table", "--batch-rows", "10000", "--threads", "2");

    assertEquals(LoadCommand.STOPPED, stopped.code(), stopped.output());
    assertTrue(stopped.output().contains("load: stopped: stopped by the test after 20 acknowledged batches"),
        stopped.output());
    long reported = stopped.acknowledged();
    assertTrue(reported >= 200_000 && reported < rows, stopped.output());
    assertEquals(reported, Databases.count(session, "stopped"), stopped.output());
    // A stop lets the batches being sent finish, and they went out in file order: a prefix.
    assertEquals(reported, stopped.resumeRow(), stopped.output());
    assertEquals(reported, countWhere("stopped", "time < " + (base + reported)));

    Run resumed = load(file.toString(), "--table", DB + ".stopped", "--tags", "device", "--batch-rows",
        "10000", "--skip-rows", Long.toString(stopped.resumeRow()));

    assertEquals(0, resumed.code(), resumed.output());
    assertTrue(resumed.output().contains(String.format(java.util.Locale.ROOT, "load: done: wrote %,d rows",
        rows - reported)), resumed.output());
    assertEquals(rows, Databases.count(session, "stopped"));
    try (SessionDataSet r = session.executeQueryStatement("SELECT sum(n), count(value) FROM stopped")) {
      assertTrue(r.next());
      assertEquals((double) rows * (rows - 1) / 2, r.getDouble(0));
      assertEquals(rows - (rows + 6) / 7, r.getLong(1));
    }
  }

  @Test
  void aBatchWithANullTimeFailsUnsentAndTheServerHoldsExactlyTheAcknowledgedRows() throws IOException {
    int rows = 1_000_000;
    long base = EveryArrowTypeFile.BASE;
    Path file = narrowFile("nulltime.arrow", rows, 100_000, r -> r == 612_345 ? null : base + r);

    Run run = load(file.toString(), "--table", DB + ".null_time", "--tags", "device", "--create-table",
        "--batch-rows", "10000", "--threads", "2");

    assertEquals(LoadCommand.FAILED, run.code(), run.output());
    assertTrue(run.output().contains("load: failed: batch 61 (file rows 610,000-619,999) failed: "), run.output());
    assertTrue(run.output().contains("column 'time' row 2345: "), run.output());
    assertTrue(run.output().contains("(row 2,345 of the batch is row 612,345 of the file)"), run.output());
    assertTrue(run.output().contains("batch 61 (file rows 610,000-619,999): not sent, so none of it is stored"),
        run.output());
    long reported = run.acknowledged();
    assertEquals(reported, Databases.count(session, "null_time"), run.output());
    assertEquals(0, countWhere("null_time", "time >= " + (base + 610_000) + " AND time < " + (base + 620_000)));
    assertEquals(610_000, run.resumeRow(), run.output());
    assertEquals(610_000, countWhere("null_time", "time < " + (base + 610_000)));
  }

  @Test
  void aBatchTheServerRefusesStopsTheLoadAndTheServerHoldsExactlyTheAcknowledgedRows() throws IOException {
    int rows = 500_000;
    // Recent times, within the table's one-day TTL, except file rows 300,000-309,999: in 1970. IoTDB
    // refuses a tablet whose rows are all older than the TTL and stores none of it (a tablet with
    // some rows within the TTL is acknowledged, its older rows silently dropped).
    long recent = System.currentTimeMillis() - rows;
    Path file = narrowFile("ttl.arrow", rows, 50_000,
        r -> r >= 300_000 && r < 310_000 ? 1_000L + r : recent + r);
    session.executeNonQueryStatement("CREATE TABLE ttl (device STRING TAG, value DOUBLE FIELD, n INT64 FIELD)"
        + " WITH (TTL=86400000)");

    Run run = load(file.toString(), "--table", DB + ".ttl", "--tags", "device", "--batch-rows", "10000",
        "--threads", "2");

    assertEquals(LoadCommand.FAILED, run.code(), run.output());
    assertTrue(run.output().contains("load: failed: batch 30 (file rows 300,000-309,999) failed: "), run.output());
    assertTrue(run.output().contains("batch 30 (file rows 300,000-309,999): refused by IoTDB"), run.output());
    // IoTDB answers 302 (several errors), one 607 "less than ttl time bound" per region written to.
    assertTrue(run.output().contains("IoTDB status 302: 607 Insertion time [1970-01-01T"), run.output());
    assertTrue(run.output().contains("is less than ttl time bound"), run.output());
    long reported = run.acknowledged();
    assertEquals(reported, Databases.count(session, "ttl"), run.output());
    assertEquals(300_000, run.resumeRow(), run.output());
    assertEquals(300_000, countWhere("ttl", "n < 300000"));
  }

  // ---------------------------------------------------------------------------------------------
  // Bad input: refused before anything is written

  private boolean tableExists(String table) {
    try (SessionDataSet r = session.executeQueryStatement("SHOW TABLES")) {
      while (r.next()) {
        if (r.getString(0).equals(table)) {
          return true;
        }
      }
      return false;
    }
  }

  private Path smallFile(String name) throws IOException {
    return narrowFile(name, 1_000, 1_000, r -> EveryArrowTypeFile.BASE + r);
  }

  @Test
  void aFirstBatchTheClientRefusesCreatesNoTable() throws IOException {
    long base = EveryArrowTypeFile.BASE;
    Path file = narrowFile("firstnull.arrow", 50_000, 25_000, r -> r == 5 ? null : base + r);

    Run run = load(file.toString(), "--table", DB + ".never_first_null", "--tags", "device",
        "--create-table", "--batch-rows", "10000");

    assertEquals(LoadCommand.FAILED, run.code(), run.output());
    String line = run.errorLine();
    // 25,000-row record batches cut into batches of at most 10,000: three of 8,384, 8,384, 8,232.
    assertTrue(line.contains("the first batch (file rows 0-8,383) cannot be sent"), line);
    assertTrue(line.contains("column 'time' row 5"), line);
    assertFalse(tableExists("never_first_null"), "no table is created for a load that fails up front");
  }

  @Test
  void theFirstBatchCheckedIsTheOneAtSkipRows() throws IOException {
    long base = EveryArrowTypeFile.BASE;
    Path file = narrowFile("skipnull.arrow", 50_000, 25_000, r -> r == 5 ? null : base + r);

    Run run = load(file.toString(), "--table", DB + ".skip_first_null", "--tags", "device",
        "--create-table", "--batch-rows", "10000", "--skip-rows", "10");

    assertEquals(LoadCommand.OK, run.code(), run.output());
    assertEquals(49_990, Databases.count(session, "skip_first_null"));
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("missing.arrow");
    Run run = load(missing.toString(), "--table", DB + ".never_missing", "--create-table");
    assertEquals(1, run.code());
    assertEquals("load: error: " + missing + ": no such file; give the path of an Arrow IPC file or stream",
        run.errorLine());
    assertFalse(tableExists("never_missing"));
  }

  @Test
  void aFileThatIsNotArrowIsRefused() throws IOException {
    Path csv = Files.writeString(dir.resolve("data.csv"), "time,value\n1700000000000,1.5\n");
    Run run = load(csv.toString(), "--table", DB + ".never_csv", "--create-table");
    assertEquals(1, run.code());
    assertTrue(run.errorLine().contains("data.csv is not Arrow IPC"), run.output());
    assertFalse(tableExists("never_csv"));
  }

  @Test
  void anUnsupportedColumnTypeIsNamedWithItsArrowType() throws IOException {
    Path file = dir.resolve("decimal.arrow");
    try (TimeStampMilliVector t = new TimeStampMilliVector("time", allocator);
        DecimalVector amount = new DecimalVector("amount", allocator, 10, 2);
        VectorSchemaRoot root = VectorSchemaRoot.of(t, amount);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
      writer.start();
      root.allocateNew();
      t.setSafe(0, 1L);
      amount.setSafe(0, 12345L);
      root.setRowCount(1);
      writer.writeBatch();
      writer.end();
    }
    Run run = load(file.toString(), "--table", DB + ".never_decimal", "--create-table");
    assertEquals(1, run.code());
    String line = run.errorLine();
    assertTrue(line.contains("column 'amount'") && line.contains("Decimal(10, 2, 128)")
        && line.contains("has no IoTDB equivalent"), line);
    assertFalse(tableExists("never_decimal"));
  }

  @Test
  void tagAttributeAndTimeColumnsTheFileLacksAreNamed() throws IOException {
    Path file = smallFile("roles.arrow");
    String line = load(file.toString(), "--table", DB + ".never_roles", "--create-table", "--tags", "region")
        .errorLine();
    assertTrue(line.endsWith("--tags names the column 'region', which the file does not have; its columns are:"
        + " time, device, value, n"), line);
    line = load(file.toString(), "--table", DB + ".never_roles", "--create-table", "--attributes", "model")
        .errorLine();
    assertTrue(line.contains("--attributes names the column 'model', which the file does not have"), line);
    line = load(file.toString(), "--table", DB + ".never_roles", "--create-table", "--time", "ts").errorLine();
    assertTrue(line.endsWith("there is no column 'ts' to take the time from; name the time column with --time"
        + " COLUMN (the file's columns: time, device, value, n)"), line);
    line = load(file.toString(), "--table", DB + ".never_roles", "--create-table", "--tags", "value").errorLine();
    assertTrue(line.contains("column 'value'") && line.contains("TAG and ATTRIBUTE columns must hold strings"), line);
    assertFalse(tableExists("never_roles"));
  }

  @Test
  void aFieldTypeTheTableRefusesIsNamedBeforeAnyRowIsWritten() throws IOException {
    session.executeNonQueryStatement("CREATE TABLE narrow_int (device STRING TAG, value DOUBLE FIELD, n INT32 FIELD)");
    Run run = load(smallFile("int64.arrow").toString(), "--table", DB + ".narrow_int", "--tags", "device");
    assertEquals(1, run.code());
    assertEquals("load: error: column 'n': the file's Int(64, true) is sent as INT64, which the table's INT32"
        + " column of table 'narrow_int' does not accept (it takes INT32); convert the column in the file, or"
        + " load into a table whose column is INT64", run.errorLine());
    assertEquals(0, Databases.count(session, "narrow_int"));
  }

  @Test
  void aCategoryTheTableDisagreesWithIsRefused() throws IOException {
    session.executeNonQueryStatement("CREATE TABLE tagged (device STRING TAG, value DOUBLE FIELD, n INT64 FIELD)");
    Run run = load(smallFile("untagged.arrow").toString(), "--table", DB + ".tagged");
    assertEquals(1, run.code());
    assertEquals("load: error: column 'device' is a TAG in table 'tagged' but would be sent as a FIELD; pass it"
        + " in --tags device", run.errorLine());
    assertEquals(0, Databases.count(session, "tagged"));
  }

  @Test
  void aFileColumnTheTableLacksIsRefusedRatherThanAddedBehindTheUsersBack() throws IOException {
    session.executeNonQueryStatement("CREATE TABLE lacks_n (device STRING TAG, value DOUBLE FIELD)");
    Run run = load(smallFile("extra.arrow").toString(), "--table", DB + ".lacks_n", "--tags", "device");
    assertEquals(1, run.code());
    assertTrue(run.errorLine().contains("column 'n' of the file is not in table 'lacks_n' (its columns: time,"
        + " device, value); add it with ALTER TABLE \"lacks_n\" ADD COLUMN \"n\" INT64 FIELD"), run.output());
    assertEquals(0, Databases.count(session, "lacks_n"));
    try (SessionDataSet r = session.executeQueryStatement("DESC lacks_n")) {
      int columns = 0;
      while (r.next()) {
        columns++;
      }
      assertEquals(3, columns);
    }
  }

  @Test
  void aMissingTableWithoutCreateTableIsRefused() throws IOException {
    Run run = load(smallFile("notable.arrow").toString(), "--table", DB + ".never_created", "--tags", "device");
    assertEquals(1, run.code());
    assertEquals("load: error: table 'never_created' does not exist in database '" + DB + "'; create it, or pass"
        + " --create-table to create it from the file's schema", run.errorLine());
    assertFalse(tableExists("never_created"));
  }

  @Test
  void aMissingDatabaseIsNamed() throws IOException {
    Run run = load(smallFile("nodb.arrow").toString(), "--table", "it_load_no_such_db.t", "--create-table");
    assertEquals(1, run.code());
    assertTrue(run.errorLine().contains("the database 'it_load_no_such_db' does not exist on "), run.output());
  }

  @Test
  void skipRowsPastTheEndOfTheFileIsRefused() throws IOException {
    Run run = load(smallFile("short.arrow").toString(), "--table", DB + ".never_skipped", "--create-table",
        "--skip-rows", "1001");
    assertEquals(1, run.code());
    assertTrue(run.errorLine().endsWith("--skip-rows 1001 is past the end of " + dir.resolve("short.arrow")
        + ", which holds 1,000 rows"), run.output());
    assertFalse(tableExists("never_skipped"));
  }

  // ---------------------------------------------------------------------------------------------
  // The FIELD type conversions: what the loader lets through, IoTDB stores

  /** One Arrow column type per IoTDB type it is sent as (TEXT is never sent: strings go as STRING). */
  private static final Map<DataType, String> SENT_AS = Map.of(
      DataType.BOOLEAN, "Bool", DataType.INT32, "Int32", DataType.INT64, "Int64", DataType.FLOAT, "Float32",
      DataType.DOUBLE, "Float64", DataType.STRING, "Utf8", DataType.BLOB, "Binary", DataType.DATE, "DateDay",
      DataType.TIMESTAMP, "Timestamp");

  private Path oneColumnFile(String name, DataType sent, int rows) throws IOException {
    Path file = dir.resolve(name);
    List<FieldVector> vectors = new ArrayList<>();
    vectors.add(new TimeStampMilliVector("time", allocator));
    FieldVector v = switch (sent) {
      case BOOLEAN -> new org.apache.arrow.vector.BitVector("c", allocator);
      case INT32 -> new IntVector("c", allocator);
      case INT64 -> new BigIntVector("c", allocator);
      case FLOAT -> new org.apache.arrow.vector.Float4Vector("c", allocator);
      case DOUBLE -> new Float8Vector("c", allocator);
      case STRING -> new VarCharVector("c", allocator);
      case BLOB -> new org.apache.arrow.vector.VarBinaryVector("c", allocator);
      case DATE -> new org.apache.arrow.vector.DateDayVector("c", allocator);
      case TIMESTAMP -> new TimeStampMilliVector("c", allocator);
      default -> throw new IllegalArgumentException(sent.name());
    };
    vectors.add(v);
    try (VectorSchemaRoot root = new VectorSchemaRoot(vectors);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
      writer.start();
      root.allocateNew();
      for (int i = 0; i < rows; i++) {
        ((TimeStampMilliVector) vectors.get(0)).setSafe(i, EveryArrowTypeFile.BASE + i);
        switch (sent) {
          case BOOLEAN -> ((org.apache.arrow.vector.BitVector) v).setSafe(i, i % 2);
          case INT32 -> ((IntVector) v).setSafe(i, 7 + i);
          case INT64 -> ((BigIntVector) v).setSafe(i, 7L + i);
          case FLOAT -> ((org.apache.arrow.vector.Float4Vector) v).setSafe(i, 7.5f + i);
          case DOUBLE -> ((Float8Vector) v).setSafe(i, 7.5 + i);
          case STRING -> ((VarCharVector) v).setSafe(i, ("s" + i).getBytes(StandardCharsets.UTF_8));
          case BLOB -> ((org.apache.arrow.vector.VarBinaryVector) v).setSafe(i, new byte[] {(byte) i});
          case DATE -> ((org.apache.arrow.vector.DateDayVector) v).setSafe(i, 18_000 + i);
          default -> ((TimeStampMilliVector) v).setSafe(i, 1_600_000_000_000L + i);
        }
      }
      root.setRowCount(rows);
      writer.writeBatch();
      writer.end();
    }
    return file;
  }

  @Test
  void everyTypeConversionTheLoaderAllowsIsStoredAndEveryOtherIsRefusedUpFront() throws IOException {
    int rows = 10;
    List<String> stored = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (DataType column : DataType.values()) {
      for (Map.Entry<DataType, String> sent : SENT_AS.entrySet()) {
        String table = "conv_" + column.name().toLowerCase() + "_" + sent.getKey().name().toLowerCase();
        session.executeNonQueryStatement("CREATE TABLE " + table + " (c " + column.name() + " FIELD)");
        Path file = oneColumnFile(table + ".arrow", sent.getKey(), rows);
        Run run = load(file.toString(), "--table", DB + "." + table);
        String pair = sent.getValue() + " (" + sent.getKey() + ") into " + column;
        if (run.code() == 0) {
          // IoTDB took every value: none was dropped to null by a partial insert.
          assertEquals(rows, Databases.count(session, table), pair);
          assertEquals(rows, countWhere(table, "c IS NOT NULL"), pair);
          stored.add(pair);
        } else {
          assertEquals(1, run.code(), run.output());
          assertTrue(run.errorLine().contains("which the table's " + column + " column of table '" + table
              + "' does not accept"), run.output());
          assertEquals(0, Databases.count(session, table), pair);
          refused.add(pair);
        }
      }
    }
    System.out.println("[load] stored: " + stored);
    System.out.println("[load] refused up front: " + refused);
    // Each column takes its own type, and strings take everything.
    for (DataType sent : SENT_AS.keySet()) {
      assertTrue(stored.contains(SENT_AS.get(sent) + " (" + sent + ") into " + sent), sent.name());
      assertTrue(stored.contains(SENT_AS.get(sent) + " (" + sent + ") into STRING"), sent.name());
      assertTrue(stored.contains(SENT_AS.get(sent) + " (" + sent + ") into TEXT"), sent.name());
    }
    assertNotNull(refused);
    assertTrue(refused.contains("Int64 (INT64) into INT32"), refused.toString());
  }
}
