package io.quiver.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.arrow.internal.ResultSchema;
import io.quiver.arrow.internal.TsBlockBytes;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.internal.QueryCursor;
import java.nio.ByteBuffer;
import java.time.ZoneId;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stream over a complete answer (a query whose every block came with the statement's
 * response, so no further call reaches a connection): the ArrowReader contract, ownership of the
 * root, and the failure path. Runs without {@code --add-opens}, as the library must.
 */
class ArrowResultStreamTest {
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close(); // a leaked buffer fails the test
  }

  /** A stream over an answer with columns (time TIMESTAMP, dev STRING, v INT64) and these blocks. */
  private ArrowResultStream stream(ByteBuffer... blocks) {
    TSExecuteStatementResp resp = new TSExecuteStatementResp(new TSStatus(200));
    resp.setColumns(List.of("time", "dev", "v"));
    resp.setDataTypeList(List.of("TIMESTAMP", "STRING", "INT64"));
    resp.setColumnIndex2TsBlockColumnIndexList(List.of(0, 1, 2));
    resp.setQueryId(7);
    resp.setQueryResult(List.of(blocks));
    resp.setMoreData(false);
    QueryCursor cursor = new QueryCursor(null, "SELECT time, dev, v FROM t", resp, 5000, 0);
    return new ArrowResultStream(allocator, cursor,
        ResultSchema.of(cursor.columnNames(), cursor.columnTypes(), TimePrecision.MILLISECONDS,
            ZoneId.of("Europe/Berlin")),
        new int[] {0, 1, 2});
  }

  private static ByteBuffer block(long firstTime, int rows) {
    Long[] times = new Long[rows];
    Long[] values = new Long[rows];
    for (int r = 0; r < rows; r++) {
      times[r] = firstTime + r;
      values[r] = r % 4 == 0 ? null : firstTime * 10 + r;
    }
    return new TsBlockBytes(rows).column(TsBlockBytes.INT64, (Object[]) times).rle(TsBlockBytes.TEXT, "dev-1")
        .column(TsBlockBytes.INT64, (Object[]) values).build();
  }

  @Test
  void aStreamIsAnArrowReaderLoadingOneBatchPerFetchIntoOneRoot() throws Exception {
    try (ArrowResultStream stream = stream(block(100, 5), block(105, 3))) {
      ArrowReader reader = stream;
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      assertEquals(0, root.getRowCount());
      assertEquals("Timestamp(MILLISECOND, Europe/Berlin)", root.getSchema().getFields().get(0).getType().toString());
      assertEquals(stream.schema(), root.getSchema());
      assertEquals(List.of(DataType.TIMESTAMP, DataType.STRING, DataType.INT64), stream.columnTypes());
      assertTrue(reader.loadNextBatch());
      assertSame(root, stream.getVectorSchemaRoot());
      assertEquals(8, root.getRowCount(), "both blocks of the fetch in one batch");
      BigIntVector v = (BigIntVector) root.getVector("v");
      VarCharVector dev = (VarCharVector) root.getVector("dev");
      Long[] expected = {null, 1001L, 1002L, 1003L, null, null, 1051L, 1052L};
      for (int r = 0; r < 8; r++) {
        assertEquals("dev-1", new String(dev.get(r), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(expected[r], v.getObject(r), "v row " + r);
        assertEquals(100L + r, root.getVector("time").getObject(r), "time row " + r);
      }
      assertEquals(8, stream.rowCount());
      assertTrue(stream.bytesRead() > 0);
      assertFalse(reader.loadNextBatch());
      assertEquals(0, root.getRowCount());
      assertEquals(0, allocator.getAllocatedMemory() - rootOverhead(root), "the last batch's memory is released");
      assertFalse(reader.loadNextBatch(), "an ended stream stays ended");
      assertEquals(1, stream.batchCount());
    }
  }

  /** What an empty root still holds (nothing, for these vectors). */
  private static long rootOverhead(VectorSchemaRoot root) {
    return root.getFieldVectors().stream().mapToLong(v -> v.getBufferSize()).sum();
  }

  @Test
  void closingBeforeReadingHoldsNothingAndIsIdempotent() {
    ArrowResultStream stream = stream(block(0, 3));
    stream.getVectorSchemaRoot();
    stream.close();
    stream.close();
    assertThrows(IllegalStateException.class, stream::loadNextBatch);
    assertThrows(IllegalStateException.class, stream::getVectorSchemaRoot);
    assertEquals(0, allocator.getAllocatedMemory());
  }

  @Test
  void closingMidStreamReleasesTheBatchHeld() {
    ArrowResultStream stream = stream(block(0, 1000));
    assertTrue(stream.loadNextBatch());
    assertTrue(allocator.getAllocatedMemory() > 0);
    stream.close();
    assertEquals(0, allocator.getAllocatedMemory());
  }

  @Test
  void aFailedBatchMarksTheStreamFailedAndCloseStillReleasesEverything() {
    ByteBuffer bad = new TsBlockBytes(2).column(TsBlockBytes.INT64, 1L, 2L).rle(TsBlockBytes.TEXT, "d")
        .column(TsBlockBytes.DOUBLE, 1.0, 2.0).build();
    ArrowResultStream stream = stream(block(0, 100), bad);
    ResultConversionException e = assertThrows(ResultConversionException.class, stream::loadNextBatch);
    assertEquals("v", e.column());
    IllegalStateException again = assertThrows(IllegalStateException.class, stream::loadNextBatch);
    assertSame(e, again.getCause());
    assertFalse(stream.isOpenOnServer());
    stream.close();
    assertEquals(0, allocator.getAllocatedMemory());
  }

  @Test
  void aTimestampZoneThatIsAFixedOffsetIsWrittenAsOne() {
    assertEquals("+00:00", ResultSchema.arrowZone(java.time.ZoneOffset.UTC));
    assertEquals("+05:30", ResultSchema.arrowZone(java.time.ZoneOffset.ofHoursMinutes(5, 30)));
    assertEquals("UTC", ResultSchema.arrowZone(ZoneId.of("UTC")));
    ArrowType.Timestamp t = (ArrowType.Timestamp) ResultSchema.arrowType(DataType.TIMESTAMP, TimePrecision.NANOSECONDS,
        java.time.ZoneOffset.UTC);
    assertEquals(org.apache.arrow.vector.types.TimeUnit.NANOSECOND, t.getUnit());
  }
}
