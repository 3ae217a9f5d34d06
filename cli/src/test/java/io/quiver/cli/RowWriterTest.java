package io.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CSV and JSON Lines rendering of query rows: quoting, escaping, nulls, numbers, zoned times. */
class RowWriterTest {
  private BufferAllocator allocator;
  private VectorSchemaRoot root;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

  @BeforeEach
  void rows() {
    allocator = new RootAllocator();
    TimeStampMilliTZVector time = new TimeStampMilliTZVector("time", allocator, "+08:00");
    VarCharVector name = new VarCharVector("name", allocator);
    Float8Vector value = new Float8Vector("value", allocator);
    BigIntVector count = new BigIntVector("count", allocator);
    BitVector ok = new BitVector("ok", allocator);
    root = new VectorSchemaRoot(List.of(time, name, value, count, ok));
    root.allocateNew();
    time.setSafe(0, 0L);
    time.setSafe(1, 1_000L);
    name.setSafe(0, "plain".getBytes(StandardCharsets.UTF_8));
    name.setSafe(1, "a,\"b\"\nc".getBytes(StandardCharsets.UTF_8));
    value.setSafe(0, 1.5);
    value.setSafe(1, Double.NaN);
    count.setSafe(0, 7L);
    count.setNull(1);
    ok.setSafe(0, 1);
    ok.setNull(1);
    root.setRowCount(2);
  }

  @AfterEach
  void release() {
    root.close();
    assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
    allocator.close();
  }

  @Test
  void csvQuotesWhatNeedsQuotingAndLeavesNullsEmpty() {
    RowWriter w = new RowWriter.Csv(out);
    w.header(root);
    w.row(root, 0);
    w.row(root, 1);
    assertEquals("time,name,value,count,ok\r\n"
        + "1970-01-01T08:00:00.000+08:00,plain,1.5,7,true\r\n"
        + "1970-01-01T08:00:01.000+08:00,\"a,\"\"b\"\"\nc\",NaN,,\r\n",
        buffer.toString(StandardCharsets.UTF_8));
  }

  @Test
  void jsonLinesKeepNumbersAndBooleansAndEscapeStrings() {
    RowWriter w = new RowWriter.JsonLines(out);
    w.header(root);
    w.row(root, 0);
    w.row(root, 1);
    assertEquals("{\"time\":\"1970-01-01T08:00:00.000+08:00\",\"name\":\"plain\",\"value\":1.5,"
        + "\"count\":7,\"ok\":true}\n"
        + "{\"time\":\"1970-01-01T08:00:01.000+08:00\",\"name\":\"a,\\\"b\\\"\\nc\",\"value\":\"NaN\","
        + "\"count\":null,\"ok\":null}\n", buffer.toString(StandardCharsets.UTF_8));
  }
}
