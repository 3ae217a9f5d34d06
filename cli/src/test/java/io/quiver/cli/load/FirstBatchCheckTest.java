package io.quiver.cli.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.TimePrecision;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first batch is encoded before any DDL: refused with its rows named, nothing else read. */
class FirstBatchCheckTest {
  @TempDir
  Path dir;

  private final RootAllocator allocator = new RootAllocator();

  @AfterEach
  void noLeak() {
    assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
    allocator.close();
  }

  /** Two record batches of 100 rows (time, device); the time of file row {@code nullRow} is null. */
  private Path file(long nullRow) throws IOException {
    Path file = dir.resolve("f.arrow");
    try (TimeStampMilliVector time = new TimeStampMilliVector("time", allocator);
        VarCharVector device = new VarCharVector("device", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(time, device);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
      writer.start();
      for (int batch = 0; batch < 2; batch++) {
        root.allocateNew();
        for (int i = 0; i < 100; i++) {
          long row = batch * 100L + i;
          if (row == nullRow) {
            time.setNull(i);
          } else {
            time.setSafe(i, 1_700_000_000_000L + row);
          }
          device.setSafe(i, "d".getBytes(StandardCharsets.UTF_8));
        }
        root.setRowCount(100);
        writer.writeBatch();
      }
      writer.end();
    }
    return file;
  }

  private LoadOptions options(Path file, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = file.toString();
    args[1] = "--table";
    args[2] = "db.t";
    args[3] = "--tags=device";
    System.arraycopy(more, 0, args, 4, more.length);
    return LoadOptions.parse(args, Map.of());
  }

  @Test
  void aNullTimeInTheFirstBatchIsRefusedNamingTheRows() throws IOException {
    LoadOptions options = options(file(7), "--batch-rows", "50");
    LoadException e = assertThrows(LoadException.class,
        () -> FirstBatchCheck.check(options, allocator, TimePrecision.MILLISECONDS));
    assertTrue(e.getMessage().contains("the first batch (file rows 0-49) cannot be sent"), e.getMessage());
    assertTrue(e.getMessage().contains("column 'time' row 7"), e.getMessage());
  }

  @Test
  void onlyTheFirstBatchIsChecked() throws IOException {
    FirstBatchCheck.check(options(file(150)), allocator, TimePrecision.MILLISECONDS);
    FirstBatchCheck.check(options(file(7), "--batch-rows", "5"), allocator, TimePrecision.MILLISECONDS);
  }

  @Test
  void theFirstBatchStartsAtSkipRows() throws IOException {
    Path file = file(120);
    FirstBatchCheck.check(options(file, "--skip-rows", "121"), allocator, TimePrecision.MILLISECONDS);
    LoadException e = assertThrows(LoadException.class, () -> FirstBatchCheck.check(
        options(file, "--skip-rows", "110"), allocator, TimePrecision.MILLISECONDS));
    assertTrue(e.getMessage().contains("file rows 110-199"), e.getMessage());
    assertTrue(e.getMessage().contains("row 10"), e.getMessage());
  }
}
