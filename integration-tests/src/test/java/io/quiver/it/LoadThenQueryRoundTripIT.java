package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.cli.QueryCommand;
import io.quiver.cli.load.LoadCommand;
import io.quiver.it.support.Databases;
import io.quiver.it.support.TestIoTDB;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole trip a loader user makes: an Arrow IPC file of 1,000,000 rows with a column of every
 * IoTDB type (in the Arrow type each maps to and back from) and nulls → {@code ./quiver load
 * --create-table} → {@code ./quiver query --out} → a file whose every cell equals the original's.
 */
class LoadThenQueryRoundTripIT {
  private static final String DB = "it_load_query";
  private static final int ROWS = 1_000_000;
  private static final int BATCH = 100_000;
  private static final List<String> COLUMNS = List.of("time", "dev", "b", "i", "l", "f", "d", "s", "bin", "dt", "ts");

  @BeforeAll
  static void createDatabase() {
    Databases.recreate(DB);
  }

  @AfterAll
  static void dropDatabase() {
    Databases.drop(DB);
  }

  private static void writeOriginal(Path file, BufferAllocator allocator) throws IOException {
    TimeStampMilliVector time = new TimeStampMilliVector("time", allocator);
    VarCharVector dev = new VarCharVector("dev", allocator);
    BitVector b = new BitVector("b", allocator);
    IntVector i = new IntVector("i", allocator);
    BigIntVector l = new BigIntVector("l", allocator);
    Float4Vector f = new Float4Vector("f", allocator);
    Float8Vector d = new Float8Vector("d", allocator);
    VarCharVector s = new VarCharVector("s", allocator);
    VarBinaryVector bin = new VarBinaryVector("bin", allocator);
    DateDayVector dt = new DateDayVector("dt", allocator);
    TimeStampMilliVector ts = new TimeStampMilliVector("ts", allocator);
    try (VectorSchemaRoot root = VectorSchemaRoot.of(time, dev, b, i, l, f, d, s, bin, dt, ts);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, ch)) {
      writer.start();
      for (int first = 0; first < ROWS; first += BATCH) {
        root.allocateNew();
        for (int k = 0; k < BATCH; k++) {
          long r = first + k;
          time.setSafe(k, 1_700_000_000_000L + r);
          dev.setSafe(k, ("dev-" + (r % 10)).getBytes(StandardCharsets.UTF_8));
          if (r % 7 != 1) {
            b.setSafe(k, (int) (r & 1));
          }
          if (r % 7 != 2) {
            i.setSafe(k, (int) (r * 2_654_435_761L));
          }
          if (r % 7 != 3) {
            l.setSafe(k, r * 0x9E3779B97F4A7C15L);
          }
          if (r % 7 != 4) {
            f.setSafe(k, r / 3.0f);
          }
          if (r % 7 != 5) {
            d.setSafe(k, r / 7.0);
          }
          if (r % 11 != 0) {
            s.setSafe(k, (r % 5 == 0 ? "" : "ü-" + r).getBytes(StandardCharsets.UTF_8));
          }
          if (r % 13 != 0) {
            bin.setSafe(k, new byte[] {(byte) r, (byte) (r >> 8), (byte) (r >> 16)});
          }
          if (r % 17 != 0) {
            dt.setSafe(k, (int) (r % 20_000));
          }
          if (r % 19 != 0) {
            ts.setSafe(k, 1_600_000_000_000L + r * 1000);
          }
        }
        root.setRowCount(BATCH);
        writer.writeBatch();
        root.clear();
      }
      writer.end();
    }
  }

  /** Reads a file's rows in order, across its record batches. */
  private static final class Rows implements AutoCloseable {
    private final FileChannel channel;
    private final ArrowFileReader reader;
    private int index = -1;

    Rows(Path file, BufferAllocator allocator) throws IOException {
      channel = FileChannel.open(file);
      reader = new ArrowFileReader(channel, allocator);
    }

    boolean next() throws IOException {
      index++;
      while (index >= reader.getVectorSchemaRoot().getRowCount()) {
        if (!reader.loadNextBatch()) {
          return false;
        }
        index = 0;
      }
      return true;
    }

    Object value(String column) throws IOException {
      FieldVector v = reader.getVectorSchemaRoot().getVector(column);
      if (v.isNull(index)) {
        return null;
      }
      if (v instanceof TimeStampVector) {
        return ((TimeStampVector) v).get(index);
      }
      if (v instanceof VarCharVector) {
        return new String(((VarCharVector) v).get(index), StandardCharsets.UTF_8);
      }
      return v.getObject(index);
    }

    @Override
    public void close() throws IOException {
      reader.close();
      channel.close();
    }
  }

  @Test
  void fileLoadedAndQueriedBackToAnArrowFileIsEqualCellByCell(@TempDir Path dir) throws Exception {
    Path original = dir.resolve("original.arrow");
    Path back = dir.resolve("back.arrow");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    try (BufferAllocator allocator = new RootAllocator()) {
      writeOriginal(original, allocator);
      int loaded = LoadCommand.run(new String[] {original.toString(), "--table", "trip", "--tags", "dev",
          "--create-table", "--database", DB, "--url", TestIoTDB.endpoint()}, out);
      assertEquals(0, loaded, log.toString(StandardCharsets.UTF_8));
      int queried = QueryCommand.run(new String[] {"SELECT " + String.join(", ", COLUMNS) + " FROM trip ORDER BY time",
          "--database", DB, "--url", TestIoTDB.endpoint(), "--out", back.toString()}, out);
      assertEquals(0, queried, log.toString(StandardCharsets.UTF_8));
      assertTrue(Files.size(back) > 0);
      try (Rows a = new Rows(original, allocator); Rows z = new Rows(back, allocator)) {
        long row = 0;
        while (a.next()) {
          assertTrue(z.next(), "the queried file ends early, at row " + row);
          for (String c : COLUMNS) {
            Object want = a.value(c);
            Object got = z.value(c);
            if (want instanceof byte[]) {
              assertArrayEquals((byte[]) want, (byte[]) got, c + " row " + row);
            } else {
              assertEquals(want, got, c + " row " + row);
            }
          }
          row++;
        }
        assertFalse(z.next(), "the queried file has more rows than the original");
        assertEquals(ROWS, row);
      }
    }
  }
}
