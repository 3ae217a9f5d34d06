package io.quiver.arrow.internal;

import static io.quiver.arrow.internal.TsBlockBytes.INT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.arrow.ResultConversionException;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TIMESTAMP columns read as microseconds UTC whatever the server's precision. */
class MicrosTimeWriterTest {
  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  private long[] decode(TimePrecision from, ByteBuffer block, Long... expectNullAt) {
    List<String> names = List.of("time", "n");
    List<DataType> types = List.of(DataType.TIMESTAMP, DataType.INT64);
    try (VectorSchemaRoot root = VectorSchemaRoot.create(ResultSchema.ofMicrosUtc(names, types), allocator)) {
      assertEquals(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"),
          root.getSchema().getFields().get(0).getType());
      TsBlockArrowDecoder decoder =
          new TsBlockArrowDecoder(names, types, new int[] {0, 1}, root.getFieldVectors(), from);
      int n = decoder.decode(List.of(block), 0, 0);
      TimeStampMicroTZVector time = (TimeStampMicroTZVector) root.getVector(0);
      long[] out = new long[n];
      for (int i = 0; i < n; i++) {
        out[i] = time.isNull(i) ? Long.MIN_VALUE : time.get(i);
      }
      return out;
    }
  }

  @Test
  void millisecondsAreMultipliedAndNullsStayNull() {
    ByteBuffer block = new TsBlockBytes(3).column(INT64, 1_700_000_000_123L, null, -1L)
        .column(INT64, 1L, 2L, 3L).build();
    long[] t = decode(TimePrecision.MILLISECONDS, block);
    assertEquals(1_700_000_000_123_000L, t[0]);
    assertEquals(Long.MIN_VALUE, t[1]);
    assertEquals(-1_000L, t[2]);
  }

  @Test
  void nanosecondsAreFloorDividedAndMicrosecondsKept() {
    ByteBuffer ns = new TsBlockBytes(2).column(INT64, 1_999L, -1L).column(INT64, 1L, 2L).build();
    long[] t = decode(TimePrecision.NANOSECONDS, ns);
    assertEquals(1L, t[0]);
    assertEquals(-1L, t[1]);
    ByteBuffer us = new TsBlockBytes(1).column(INT64, 123_456L).column(INT64, 1L).build();
    assertEquals(123_456L, decode(TimePrecision.MICROSECONDS, us)[0]);
  }

  @Test
  void aTimeBeyondTheMicrosecondRangeIsRefusedNamingTheRow() {
    ByteBuffer block = new TsBlockBytes(2).column(INT64, 0L, Long.MAX_VALUE / 10)
        .column(INT64, 1L, 2L).build();
    ResultConversionException e =
        assertThrows(ResultConversionException.class, () -> decode(TimePrecision.MILLISECONDS, block));
    assertTrue(e.getMessage().contains("'time'") && e.getMessage().contains("row 1"), e.getMessage());
  }
}
