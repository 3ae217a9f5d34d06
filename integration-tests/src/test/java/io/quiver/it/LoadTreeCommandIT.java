package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.cli.load.LoadCommand;
import io.quiver.it.support.TestIoTDB;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iotdb.isession.SessionDataSet;
import org.apache.iotdb.session.Session;
import org.apache.tsfile.read.common.RowRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./quiver load FILE --device PATH} and {@code --device-column COL --prefix P} against the
 * real server, in-process through {@link LoadCommand#run}, read back with the official tree
 * {@code Session}: every row and cell, aligned or not, and bad input refused before any row.
 */
class LoadTreeCommandIT {
  private static final String DB = "root.it_cli_tree_load";
  private static final int BATCH = 400;
  private static final int BATCHES = 3;

  @TempDir
  Path dir;

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
  private BufferAllocator allocator;
  private static Session official;

  @BeforeAll
  static void open() throws Exception {
    official = QueryTreeCommandIT.official();
  }

  @AfterAll
  static void close() throws Exception {
    QueryTreeCommandIT.dropDatabase(official, DB);
    official.close();
  }

  @BeforeEach
  void recreate() throws Exception {
    allocator = new RootAllocator();
    QueryTreeCommandIT.dropDatabase(official, DB);
    official.executeNonQueryStatement("CREATE DATABASE " + DB);
  }

  @AfterEach
  void leaks() {
    allocator.close();
  }

  /** BATCHES record batches; row r: time 1000+r, device d(r%devices) (a null when nullAt==r). */
  private Path file(String name, int devices, int nullAt, String badDeviceAt) throws IOException {
    Path file = dir.resolve(name);
    Schema schema = new Schema(List.of(
        Field.notNullable("time", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
        Field.nullable("device", new ArrowType.Utf8()),
        Field.nullable("v", new ArrowType.Int(32, true)),
        Field.nullable("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
      writer.start();
      for (int b = 0; b < BATCHES; b++) {
        root.allocateNew();
        for (int i = 0; i < BATCH; i++) {
          int r = b * BATCH + i;
          ((TimeStampMilliVector) root.getVector("time")).setSafe(i, 1000L + r);
          String device = r == nullAt ? null : badDeviceAt != null && r == BATCH * 2 + 5
              ? badDeviceAt : "d" + (r % devices);
          if (device != null) {
            ((VarCharVector) root.getVector("device"))
                .setSafe(i, device.getBytes(StandardCharsets.UTF_8));
          }
          ((IntVector) root.getVector("v")).setSafe(i, r);
          if (r % 3 != 0) {
            ((Float8Vector) root.getVector("x")).setSafe(i, r * 0.5);
          }
        }
        root.setRowCount(BATCH);
        writer.writeBatch();
      }
      writer.end();
    }
    return file;
  }

  private int load(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", TestIoTDB.endpoint()));
    return LoadCommand.run(all.toArray(String[]::new), out);
  }

  private String output() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  /** Every row of "select v, x from DEVICE": {time, v, x} as strings (null for a null cell). */
  private static List<List<String>> rows(String device, String measurements) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (SessionDataSet ds = official.executeQueryStatement("select " + measurements + " from "
        + device)) {
      while (ds.hasNext()) {
        RowRecord r = ds.next();
        List<String> cells = new ArrayList<>();
        cells.add(String.valueOf(r.getTimestamp()));
        for (org.apache.tsfile.read.common.Field f : r.getFields()) {
          cells.add(f == null || f.getDataType() == null ? null : f.getStringValue());
        }
        rows.add(cells);
      }
    }
    return rows;
  }

  private static String aligned(String device) throws Exception {
    try (SessionDataSet ds = official.executeQueryStatement("SHOW DEVICES " + device)) {
      RowRecord r = ds.next();
      return r.getFields().get(1).getStringValue();
    }
  }

  private static long count(String path) throws Exception {
    try (SessionDataSet ds = official.executeQueryStatement("SHOW TIMESERIES " + path)) {
      long n = 0;
      while (ds.hasNext()) {
        ds.next();
        n++;
      }
      return n;
    }
  }

  @Test
  void oneDeviceGetsEveryColumnButTheTimeAsMeasurements() throws Exception {
    Path file = file("one.arrow", 1, -1, null);
    String device = DB + ".one";
    assertEquals(0, load(file.toString(), "--device", device), output());
    assertTrue(output().contains("load: done: wrote 1,200 rows in 3 batches to " + device), output());
    List<List<String>> rows = rows(device, "device, v, x");
    assertEquals(BATCH * BATCHES, rows.size());
    for (int r = 0; r < rows.size(); r++) {
      assertEquals(List.of(String.valueOf(1000L + r), "d0", String.valueOf(r)),
          rows.get(r).subList(0, 3), "row " + r);
      assertEquals(r % 3 == 0 ? null : String.valueOf(r * 0.5), rows.get(r).get(3), "row " + r);
    }
    assertEquals("false", aligned(device));
  }

  @Test
  void alignedOneDevice() throws Exception {
    Path file = file("aligned.arrow", 1, -1, null);
    String device = DB + ".al";
    assertEquals(0, load(file.toString(), "--device", device, "--aligned"), output());
    assertEquals(BATCH * BATCHES, rows(device, "v").size());
    assertEquals("true", aligned(device));
  }

  @Test
  void aDeviceColumnWithAPrefixSpreadsRowsOverDevices() throws Exception {
    Path file = file("many.arrow", 7, -1, null);
    assertEquals(0, load(file.toString(), "--device-column", "device", "--prefix", DB, "--aligned"),
        output());
    int total = 0;
    for (int d = 0; d < 7; d++) {
      List<List<String>> rows = rows(DB + ".d" + d, "v, x");
      for (List<String> row : rows) {
        int r = (int) (Long.parseLong(row.get(0)) - 1000);
        assertEquals(d, r % 7);
        assertEquals(String.valueOf(r), row.get(1));
        assertEquals(r % 3 == 0 ? null : String.valueOf(r * 0.5), row.get(2), "row " + r);
      }
      total += rows.size();
      assertEquals("true", aligned(DB + ".d" + d));
    }
    assertEquals(BATCH * BATCHES, total);
    assertEquals(0, count(DB + ".*.device"), "the device column is not a measurement");
  }

  @Test
  void aNullDeviceInTheLastBatchFailsBeforeAnyRowIsWritten() throws Exception {
    Path file = file("null.arrow", 3, BATCH * 2 + 17, null);
    assertEquals(1, load(file.toString(), "--device-column", "device", "--prefix", DB), output());
    assertTrue(output().contains("file row 817"), output());
    assertTrue(output().contains("nothing was written"), output());
    assertEquals(0, count(DB + ".**"));
  }

  @Test
  void aPathIoTDBRefusesFailsBeforeAnyRowIsWritten() throws Exception {
    Path file = file("bad.arrow", 3, -1, "bad-name!");
    assertEquals(1, load(file.toString(), "--device-column", "device", "--prefix", DB), output());
    assertTrue(output().contains(DB + ".bad-name!"), output());
    assertTrue(output().contains("nothing was written"), output());
    assertEquals(0, count(DB + ".**"));
    buffer.reset();
    Path good = file("good.arrow", 1, -1, null);
    assertEquals(1, load(good.toString(), "--device", DB + ".a..b"), output());
    assertTrue(output().contains(DB + ".a..b"), output());
    assertEquals(0, count(DB + ".**"));
  }

  @Test
  void severalThreadsAndSmallBatchesWriteEveryRowOnce() throws Exception {
    Path file = file("threads.arrow", 7, -1, null);
    assertEquals(0, load(file.toString(), "--device-column", "device", "--prefix", DB,
        "--threads", "3", "--batch-rows", "150"), output());
    // 400-row record batches cut into 134 + 133 + 133.
    assertTrue(output().contains("3 threads, batches of up to 150 rows"), output());
    assertTrue(output().contains("load: done: wrote 1,200 rows in 9 batches to the devices in"
        + " column 'device' under " + DB), output());
    int total = 0;
    for (int d = 0; d < 7; d++) {
      for (List<String> row : rows(DB + ".d" + d, "v")) {
        int r = (int) (Long.parseLong(row.get(0)) - 1000);
        assertEquals(d, r % 7);
        assertEquals(String.valueOf(r), row.get(1));
        total++;
      }
    }
    assertEquals(BATCH * BATCHES, total);
  }

  @Test
  void aStoppedLoadTellsTheRowToResumeFromAndTheRerunWritesTheRest() throws Exception {
    Path file = file("resume.arrow", 1, -1, null);
    String device = DB + ".resume";
    int stopped = LoadCommand.run(new String[] {file.toString(), "--device", device, "--threads",
        "1", "--batch-rows", "100", "--url", TestIoTDB.endpoint()}, out,
        (control, batch, firstRow, rows) -> {
          if (batch == 4) {
            control.stop("stopped by the test");
          }
        });
    assertEquals(LoadCommand.STOPPED, stopped, output());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("--skip-rows (\\d+)")
        .matcher(output());
    assertTrue(m.find(), output());
    long resume = Long.parseLong(m.group(1));
    assertTrue(resume >= 500 && resume < BATCH * BATCHES, output());
    assertEquals(resume, rows(device, "v").size(), "the server holds exactly the rows before "
        + resume + ": " + output());
    buffer.reset();
    assertEquals(0, load(file.toString(), "--device", device, "--batch-rows", "100",
        "--skip-rows", Long.toString(resume)), output());
    assertTrue(output().contains(String.format(java.util.Locale.ROOT, "load: done: wrote %,d rows",
        BATCH * BATCHES - resume)), output());
    List<List<String>> rows = rows(device, "v");
    assertEquals(BATCH * BATCHES, rows.size());
    for (int r = 0; r < rows.size(); r++) {
      assertEquals(List.of(String.valueOf(1000L + r), String.valueOf(r)), rows.get(r), "row " + r);
    }
  }

  @Test
  void aBatchTheServerRefusesStopsTheLoadWithTheRowToResumeFrom() throws Exception {
    String device = DB + ".conflict";
    official.executeNonQueryStatement("CREATE TIMESERIES " + device + ".x WITH DATATYPE=INT32");
    Path file = file("conflict.arrow", 1, -1, null);
    assertEquals(1, load(file.toString(), "--device", device, "--threads", "1"), output());
    assertTrue(output().contains("refused by IoTDB, which may have stored part of it"), output());
    assertTrue(output().contains(device + ".x"), output());
    assertTrue(output().contains("--skip-rows 0"), output());
  }

  @Test
  void skipRowsPastTheEndIsRefusedBeforeConnecting() throws Exception {
    Path file = file("past.arrow", 1, -1, null);
    assertEquals(1, load(file.toString(), "--device", DB + ".past", "--skip-rows", "1201"),
        output());
    assertTrue(output().contains("--skip-rows 1201 is past the end of"), output());
    assertEquals(0, count(DB + ".**"));
  }
}
