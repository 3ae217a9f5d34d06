package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.client.Tablet;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.InsertBatch;
import io.quiver.client.spi.WireBuffer;
import io.quiver.it.support.Databases;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batches larger than the server's request frame limit (dn_thrift_max_frame_size; 32 MiB on the
 * test server) are sent as row ranges and arrive whole; batches that cannot be split fail clearly
 * before anything is sent.
 */
class LargeBatchSplitIT {
  private static final String DB = "it_split";

  @BeforeAll
  static void createDatabase() {
    Databases.recreate(DB);
  }

  @AfterAll
  static void dropDatabase() {
    Databases.drop(DB);
  }

  @Test
  void millionRowArrowTabletLargerThanOneFrameArrivesWhole() {
    int rows = 1_000_000;
    try (BufferAllocator allocator = new RootAllocator();
        TimeStampMilliVector time = new TimeStampMilliVector("time", allocator);
        VarCharVector dev = new VarCharVector("dev", allocator);
        Float8Vector v = new Float8Vector("v", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(time, dev, v);
        TableSession s = Databases.quiver(DB)) {
      root.allocateNew();
      byte[] padding = "a-device-name-long-enough-to-need-several-frames".getBytes(StandardCharsets.UTF_8);
      for (int r = 0; r < rows; r++) {
        time.setSafe(r, r);
        dev.setSafe(r, padding);
        if (r % 3 != 0) {
          v.setSafe(r, r);
        }
      }
      root.setRowCount(rows);
      ArrowTablet tablet = ArrowTablet.builder("big_arrow", root).tag("dev").build();
      assertTrue(8L * rows + tablet.valuesSize() > 33_554_432L, "the batch must exceed one 32 MiB frame");
      s.insert(tablet);
      assertEquals(rows, Databases.count(s, "big_arrow"));
      try (SessionDataSet rs = s.executeQueryStatement("SELECT count(v), min(time), max(time) FROM big_arrow")) {
        rs.next();
        assertEquals(rows - (rows + 2) / 3, rs.getLong(0));
        assertEquals(0L, rs.getLong(1));
        assertEquals(rows - 1L, rs.getLong(2));
      }
    }
  }

  @Test
  void badValueDeepInASplitBatchFailsBeforeAnyPartIsSent() {
    int rows = 1_000_000;
    try (BufferAllocator allocator = new RootAllocator();
        TimeStampMilliVector time = new TimeStampMilliVector("time", allocator);
        VarCharVector dev = new VarCharVector("dev", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(time, dev);
        TableSession s = Databases.quiver(DB)) {
      s.executeNonQueryStatement("CREATE TABLE bad_split (dev STRING TAG, x INT32 FIELD)");
      root.allocateNew();
      byte[] padding = "a-device-name-long-enough-to-need-several-frames-and-then-some".getBytes(StandardCharsets.UTF_8);
      for (int r = 0; r < rows; r++) {
        if (r != 900_001) {
          time.setSafe(r, r);
        }
        dev.setSafe(r, padding);
      }
      root.setRowCount(rows);
      ArrowTablet tablet = ArrowTablet.builder("bad_split", root).tag("dev").build();
      assertTrue(8L * rows + tablet.valuesSize() > 33_554_432L, "the batch must be split");
      InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> s.insert(tablet));
      assertEquals(900_001, e.row(), e.getMessage());
      assertEquals(0, Databases.count(s, "bad_split"), "no part of the batch was written");
    }
  }

  @Test
  void rowTabletLargerThanOneFrameArrivesWhole() {
    int rows = 300_000;
    String text = "x".repeat(200);
    Tablet.Builder b = Tablet.builder("big_rows").tag("dev").field("s", DataType.STRING);
    for (int r = 0; r < rows; r++) {
      b.row((long) r, "d" + (r % 7), r % 5 == 0 ? null : text);
    }
    Tablet tablet = b.build();
    assertTrue(tablet.valuesSize() > 33_554_432L);
    try (TableSession s = Databases.quiver(DB)) {
      s.insert(tablet);
      assertEquals(rows, Databases.count(s, "big_rows"));
    }
  }

  /** A batch of 40 MB that cannot be split: refused before anything is sent. */
  @Test
  void oversizedBatchThatCannotBeSplitFailsBeforeSending() {
    InsertBatch unsplittable = new InsertBatch() {
      @Override public String tableName() { return "never_written"; }
      @Override public int rowCount() { return 1000; }
      @Override public int columnCount() { return 1; }
      @Override public String columnName(int i) { return "v"; }
      @Override public DataType dataType(int i) { return DataType.BLOB; }
      @Override public ColumnCategory category(int i) { return ColumnCategory.FIELD; }
      @Override public long valuesSize() { return 40L << 20; }
      @Override public void writeTimestamps(WireBuffer out, TimePrecision p) {
        throw new AssertionError("must not be encoded");
      }
      @Override public void writeValues(WireBuffer out, TimePrecision p) {
        throw new AssertionError("must not be encoded");
      }
    };
    try (TableSession s = Databases.quiver(DB)) {
      InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> s.insert(unsplittable));
      assertTrue(e.getMessage().contains("cannot be split"), e.getMessage());
      assertThrows(Exception.class, () -> Databases.count(s, "never_written"), "no table was created");
    }
  }
}
