package io.quiver.cli.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrowSourceTest {
  @TempDir
  Path dir;

  private final RootAllocator allocator = new RootAllocator();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  /** Writes batches of the given sizes; column "time" holds the row number. */
  private Path write(String name, boolean stream, int... batchRows) throws IOException {
    Path file = dir.resolve(name);
    try (BigIntVector time = new BigIntVector("time", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(time);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowWriter writer = stream ? new ArrowStreamWriter(root, null, channel)
            : new ArrowFileWriter(root, null, channel)) {
      writer.start();
      long row = 0;
      for (int n : batchRows) {
        time.allocateNew(n);
        for (int i = 0; i < n; i++) {
          time.set(i, row++);
        }
        root.setRowCount(n);
        writer.writeBatch();
      }
      writer.end();
    }
    return file;
  }

  @Test
  void theFileFormatIsToldByItsMagicAndItsRowsAreKnownUpFront() throws IOException {
    Path file = write("a.arrow", false, 3, 5, 2);
    try (ArrowSource source = ArrowSource.open(file, allocator)) {
      assertEquals(ArrowSource.Format.FILE, source.format());
      assertEquals(3, source.recordBatchCount());
      assertEquals(10, source.totalRows());
      assertEquals(0, source.root().getRowCount());
      assertEquals(3, source.nextBatchRowsIfKnown());
      source.skipBatch();
      assertEquals(5, source.nextBatchRowsIfKnown());
      assertTrue(source.loadBatch());
      BigIntVector time = (BigIntVector) source.root().getVector("time");
      assertEquals(5, source.root().getRowCount());
      assertEquals(3, time.get(0));
      assertTrue(source.loadBatch());
      assertEquals(8, time.get(0));
      assertFalse(source.loadBatch());
    }
  }

  @Test
  void theStreamFormatIsReadInOrderWithAnUnknownTotal() throws IOException {
    Path file = write("a.arrows", true, 4, 6);
    try (ArrowSource source = ArrowSource.open(file, allocator)) {
      assertEquals(ArrowSource.Format.STREAM, source.format());
      assertEquals(-1, source.totalRows());
      assertEquals(-1, source.nextBatchRowsIfKnown());
      int rows = 0;
      while (source.loadBatch()) {
        rows += source.root().getRowCount();
      }
      assertEquals(10, rows);
    }
  }

  @Test
  void aTextFileIsNotArrow() throws IOException {
    Path file = Files.writeString(dir.resolve("data.csv"), "time,value\n1,2\n");
    String m = assertThrows(LoadException.class, () -> ArrowSource.open(file, allocator)).getMessage();
    assertTrue(m.contains("data.csv is not Arrow IPC: it starts neither with \"ARROW1\""), m);
  }

  @Test
  void anEmptyFileIsSaidToBeEmpty() throws IOException {
    Path file = Files.createFile(dir.resolve("empty.arrow"));
    String m = assertThrows(LoadException.class, () -> ArrowSource.open(file, allocator)).getMessage();
    assertTrue(m.endsWith("empty.arrow is empty; give an Arrow IPC file or stream"), m);
  }

  @Test
  void aTruncatedFileCannotBeRead() throws IOException {
    Path whole = write("whole.arrow", false, 100);
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.arrow"), Arrays.copyOf(bytes, bytes.length / 2));
    String m = assertThrows(LoadException.class, () -> ArrowSource.open(cut, allocator)).getMessage();
    assertTrue(m.contains("cut.arrow cannot be read: it starts like an Arrow IPC file but its footer"
        + " or schema cannot be read (is it truncated?)"), m);
  }

  @Test
  void aMissingPathOrADirectoryIsNamed() {
    Path missing = dir.resolve("nope.arrow");
    assertEquals(missing + ": no such file; give the path of an Arrow IPC file or stream",
        assertThrows(LoadException.class, () -> ArrowSource.open(missing, allocator)).getMessage());
    assertTrue(assertThrows(LoadException.class, () -> ArrowSource.open(dir, allocator)).getMessage()
        .endsWith(" is a directory; give the path of an Arrow IPC file or stream"));
  }

  @Test
  void bytesThatLookLikeAStreamButAreNotOneCannotBeRead() throws IOException {
    byte[] junk = new byte[64];
    Arrays.fill(junk, (byte) 7);
    junk[0] = junk[1] = junk[2] = junk[3] = (byte) 0xff;
    junk[4] = 16;
    junk[5] = junk[6] = junk[7] = 0;
    Path file = Files.write(dir.resolve("junk.arrows"), junk);
    String m = assertThrows(LoadException.class, () -> ArrowSource.open(file, allocator)).getMessage();
    assertTrue(m.contains("junk.arrows cannot be read: it is not an Arrow IPC stream"), m);
    assertEquals(1, m.lines().count(), m);
  }
}
