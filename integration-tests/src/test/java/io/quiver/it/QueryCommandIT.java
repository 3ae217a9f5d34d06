package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.cli.QueryCommand;
import io.quiver.client.DataType;
import io.quiver.client.TableSession;
import io.quiver.client.Tablet;
import io.quiver.it.support.AllTypes;
import io.quiver.it.support.ArrowCells;
import io.quiver.it.support.Databases;
import io.quiver.it.support.TestIoTDB;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./quiver query} against the real server, run in-process through {@link QueryCommand#run}:
 * Arrow IPC files read back with {@link ArrowFileReader} and checked cell by cell, the printed
 * table, the row cap, and the one-line failures.
 */
class QueryCommandIT {
  private static final String DB = "it_query_cli";
  private static final int SEQ_ROWS = 150_000;

  @TempDir
  Path dir;

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

  @BeforeAll
  static void createTables() {
    Databases.recreate(DB);
    try (TableSession s = Databases.quiver(DB)) {
      s.insert(AllTypes.edgeValues().quiverTablet("edge"));
      Tablet.Builder b = Tablet.builder("seq").tag("dev").field("v", DataType.INT64);
      for (int r = 0; r < SEQ_ROWS; r++) {
        b.row((long) r, "d" + (r % 3), (long) r * 2);
      }
      s.insert(b.build());
    }
  }

  @AfterAll
  static void dropDatabase() {
    Databases.drop(DB);
  }

  private int query(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = TestIoTDB.endpoint();
    all[args.length + 2] = "--database";
    all[args.length + 3] = DB;
    return QueryCommand.run(all, out);
  }

  private String output() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  /** Reads every batch of an Arrow IPC file, handing each to {@code check} with its first row. */
  private static int readFile(Path file, BatchCheck check) throws IOException {
    try (BufferAllocator allocator = new RootAllocator();
        FileChannel channel = FileChannel.open(file);
        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      int rows = 0;
      List<ArrowBlock> blocks = reader.getRecordBlocks();
      for (ArrowBlock block : blocks) {
        reader.loadRecordBatch(block);
        check.batch(root, rows);
        rows += root.getRowCount();
      }
      return rows;
    }
  }

  private interface BatchCheck {
    void batch(VectorSchemaRoot root, int firstRow) throws IOException;
  }

  @Test
  void everyTypeWrittenToAnArrowFileReadsBackAsInserted() throws IOException {
    AllTypes expected = AllTypes.edgeValues();
    Path file = dir.resolve("edge.arrow");
    assertEquals(0, query(AllTypes.select("edge"), "--out", file.toString()), output());
    assertEquals("wrote 8 rows to " + file + System.lineSeparator(), output());
    int rows = readFile(file, (root, first) -> {
      assertEquals("time", root.getSchema().getFields().get(0).getName());
      assertEquals("BLOB", root.getSchema().findField("blob").getMetadata().get("iotdb.type"));
      ArrowCells.assertAllTypes(root, first, expected);
    });
    assertEquals(expected.rows.size(), rows);
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no partial file is left beside it");
    }
    Path plain = Files.createFile(dir.resolve("plain"));
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file),
        "the file gets the permissions of any new file, not a temporary file's owner-only ones");
  }

  @Test
  void aLargeResultIsWrittenBatchByBatchInOrder() throws IOException {
    Path file = dir.resolve("seq.arrow");
    assertEquals(0, query("SELECT time, dev, v FROM seq ORDER BY time", "--out", file.toString()), output());
    assertTrue(output().startsWith("wrote 150,000 rows to "), output());
    int[] batches = {0};
    int rows = readFile(file, (root, first) -> {
      batches[0]++;
      for (int r = 0; r < root.getRowCount(); r++) {
        long t = first + r;
        assertEquals(t, ArrowCells.cell(root.getVector(0), r));
        assertEquals("d" + (t % 3), ArrowCells.cell(root.getVector(1), r));
        assertEquals(t * 2, ArrowCells.cell(root.getVector(2), r));
      }
    });
    assertEquals(SEQ_ROWS, rows);
    assertTrue(batches[0] >= 3, "one record batch per fetch of about 65,536 rows, got " + batches[0]);
  }

  @Test
  void maxRowsCapsTheFile() throws IOException {
    // No ORDER BY here: a sort closed early holds server memory for a while after, and the next sort
    // may then be refused (status 719). One device's rows come in time order anyway.
    Path file = dir.resolve("capped.arrow");
    assertEquals(0, query("SELECT time, v FROM seq WHERE dev = 'd0'", "--out", file.toString(), "--max-rows", "7001"));
    assertTrue(output().startsWith("wrote 7,001 rows to ") && output().contains("(--max-rows 7001)"), output());
    int rows = readFile(file, (root, first) -> {
      for (int r = 0; r < root.getRowCount(); r++) {
        long t = 3L * (first + r);
        assertEquals(t, ArrowCells.cell(root.getVector(0), r));
        assertEquals(2 * t, ArrowCells.cell(root.getVector(1), r));
      }
    });
    assertEquals(7001, rows);
  }

  @Test
  void theTerminalGetsAnAlignedTable() {
    assertEquals(0, query("SELECT time, dev, b, f, blob, dt FROM edge WHERE time <= 3 ORDER BY time"), output());
    List<String> lines = output().lines().toList();
    assertEquals(6, lines.size(), output());
    assertTrue(lines.get(0).matches("time +\\| dev \\| b +\\| f +\\| blob +\\| dt"), lines.get(0));
    assertTrue(lines.get(1).matches("[-+]+"), lines.get(1));
    String zero = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx")
        .format(Instant.ofEpochMilli(1).atZone(ZoneId.systemDefault()));
    assertTrue(lines.get(2).startsWith(zero + " | d1  | true  | -3.4028235E38 | 0x00 "), lines.get(2));
    assertTrue(lines.get(2).endsWith("| 1000-01-01"), lines.get(2));
    assertTrue(lines.get(4).contains("| NaN "), lines.get(4));
    assertEquals("3 rows", lines.get(5));
    int width = lines.get(0).indexOf("| dev");
    for (int i = 2; i < 5; i++) {
      assertEquals(width, lines.get(i).indexOf("| d1"), "aligned: " + lines.get(i));
    }
  }

  @Test
  void theTerminalShowsMaxRowsAndSaysMoreWereLeft() {
    assertEquals(0, query("SELECT time, v FROM seq", "--max-rows", "3"), output());
    List<String> lines = output().lines().toList();
    assertEquals(6, lines.size(), output());
    assertEquals("3 rows shown (more not shown)", lines.get(5));
  }

  @Test
  void aRefusedQueryIsOneLineExitOneAndWritesNoFile() throws IOException {
    Path file = dir.resolve("old.arrow");
    Files.writeString(file, "an older file");
    assertEquals(1, query("SELECT nope FROM seq", "--out", file.toString()));
    assertEquals(1, output().lines().count(), output());
    assertTrue(output().startsWith("query: execute query 'SELECT nope FROM seq': IoTDB status"), output());
    assertEquals("an older file", Files.readString(file), "the old file is untouched");
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no partial file is left");
    }

    buffer.reset();
    assertEquals(1, query("SELECT * FROM no_such_table"));
    assertEquals(1, output().lines().count(), output());
    assertTrue(output().contains("no_such_table"), output());
    assertFalse(output().contains("Exception"), output());
  }
}
