package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.cli.QueryCommand;
import io.quiver.it.support.TestIoTDB;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.iotdb.isession.SessionDataSet;
import org.apache.iotdb.session.Session;
import org.apache.tsfile.enums.TSDataType;
import org.apache.tsfile.write.record.Tablet;
import org.apache.tsfile.write.schema.IMeasurementSchema;
import org.apache.tsfile.write.schema.MeasurementSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./quiver query --tree} against the real server, in-process through {@link
 * QueryCommand#run}: series written by the official tree {@code Session}, read back through every
 * output format with the {@code Time} column first and columns named by their full paths.
 */
class QueryTreeCommandIT {
  private static final String DB = "root.it_cli_tree_query";
  private static final String DEVICE = DB + ".d1";
  private static final int ROWS = 300;

  @TempDir
  Path dir;

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

  static Session official() throws Exception {
    String[] hp = TestIoTDB.endpoint().split(":");
    Session s = new Session.Builder().host(hp[0]).port(Integer.parseInt(hp[1])).build();
    s.open(false);
    return s;
  }

  static void dropDatabase(Session s, String database) throws Exception {
    boolean exists;
    try (SessionDataSet ds = s.executeQueryStatement("SHOW DATABASES " + database)) {
      exists = ds.hasNext();
    }
    if (exists) {
      s.executeNonQueryStatement("DELETE DATABASE " + database);
    }
  }

  @BeforeAll
  static void writeSeries() throws Exception {
    try (Session s = official()) {
      dropDatabase(s, DB);
      s.executeNonQueryStatement("CREATE DATABASE " + DB);
      List<IMeasurementSchema> schema = List.of(new MeasurementSchema("v", TSDataType.INT64),
          new MeasurementSchema("x", TSDataType.DOUBLE));
      Tablet t = new Tablet(DEVICE, schema, ROWS);
      for (int r = 0; r < ROWS; r++) {
        t.addTimestamp(r, 1000L + r);
        t.addValue("v", r, (long) r * 3);
        t.addValue("x", r, r / 2.0);
      }
      s.insertTablet(t);
    }
  }

  @AfterAll
  static void drop() throws Exception {
    try (Session s = official()) {
      dropDatabase(s, DB);
    }
  }

  private int query(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--tree", "--url", TestIoTDB.endpoint(), "--time-zone", "UTC"));
    return QueryCommand.run(all.toArray(String[]::new), out);
  }

  private String output() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anArrowFileHasTimeFirstAndFullPathsAndEveryRow() throws Exception {
    Path file = dir.resolve("tree.arrow");
    assertEquals(0, query("select v, x from " + DEVICE, "--out", file.toString()), output());
    assertEquals("wrote " + ROWS + " rows to " + file + System.lineSeparator(), output());
    int rows = 0;
    try (BufferAllocator allocator = new RootAllocator();
        FileChannel channel = FileChannel.open(file);
        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      assertEquals(List.of("Time", DEVICE + ".v", DEVICE + ".x"),
          root.getSchema().getFields().stream().map(f -> f.getName()).toList());
      for (ArrowBlock block : reader.getRecordBlocks()) {
        reader.loadRecordBatch(block);
        for (int i = 0; i < root.getRowCount(); i++, rows++) {
          assertEquals(rows * 3L, ((BigIntVector) root.getVector(1)).get(i), "row " + rows);
          assertEquals(rows / 2.0, ((Float8Vector) root.getVector(2)).get(i), "row " + rows);
        }
      }
    }
    assertEquals(ROWS, rows);
  }

  @Test
  void csvAndJsonStartWithTheTimeColumn() {
    assertEquals(0, query("select v from " + DEVICE, "--format", "csv", "--max-rows", "2"), output());
    String[] lines = output().split("\\R");
    assertEquals(3, lines.length, output());
    assertEquals("Time," + DEVICE + ".v", lines[0]);
    assertTrue(lines[1].startsWith("1970-01-01T00:00:01") && lines[1].endsWith(",0"), lines[1]);
    assertTrue(lines[2].endsWith(",3"), lines[2]);
    buffer.reset();
    assertEquals(0, query("select v from " + DEVICE, "-f", "json", "--max-rows", "1"), output());
    String json = output().strip();
    assertTrue(json.startsWith("{\"Time\":") && json.contains("\"" + DEVICE + ".v\":0"), json);
  }

  @Test
  void theTableOnScreenShowsTheTimeColumnAndPaths() {
    assertEquals(0, query("select v from " + DEVICE, "--max-rows", "3"), output());
    String text = output();
    assertTrue(text.contains("Time") && text.contains(DEVICE + ".v"), text);
  }

  @Test
  void aTreeErrorIsOneLineAndExitsOne() {
    assertEquals(1, query("select nope from root.it_cli_tree_query.d1 where"));
    String[] lines = output().split("\\R");
    assertEquals(1, lines.length, output());
    assertTrue(lines[0].startsWith("query: ") && lines[0].contains("IoTDB status 700"), lines[0]);
  }
}
