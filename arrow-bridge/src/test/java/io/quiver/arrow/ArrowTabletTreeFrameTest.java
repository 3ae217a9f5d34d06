package io.quiver.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.client.TimePrecision;
import io.quiver.client.internal.tree.DeviceBatch;
import io.quiver.client.internal.tree.TreeInsertWriter;
import io.quiver.client.spi.WireBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.iotdb.service.rpc.thrift.IClientRPCService;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.apache.thrift.transport.TTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An {@link ArrowTablet} is a tree-model device batch as it is: the tree insert writer frames it
 * through the same {@code InsertBatch} SPI, and rows given out of time order (with Arrow validity
 * bitmaps) go out exactly as the same rows given in order.
 */
class ArrowTabletTreeFrameTest {
  private static final ArrowType INT64 = new ArrowType.Int(64, true);
  private static final ArrowType FLOAT8 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

  private BufferAllocator allocator;

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close(); // fails the test if any buffer leaked
  }

  /** The protocol's writes and the batch's writes land in one buffer, as on a connection. */
  static final class FrameTransport extends TTransport {
    final WireBuffer frame = new WireBuffer(64);

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void open() {}

    @Override
    public void close() {}

    @Override
    public int read(byte[] buf, int off, int len) {
      throw new UnsupportedOperationException("write-only");
    }

    @Override
    public void write(byte[] buf, int off, int len) {
      frame.putBytes(buf, off, len);
    }

    @Override
    public TConfiguration getConfiguration() {
      return new TConfiguration();
    }

    @Override
    public void updateKnownMessageSize(long size) {}

    @Override
    public void checkReadBytesAvailable(long numBytes) {}

    @Override
    public void resetMessageSizeAndConsumedBytes(long newSize) {}
  }

  private VectorSchemaRoot root(Object[] times, Object[] temps, Object[] names) {
    return TestVectors.root(
        TestVectors.vector(allocator, TestVectors.field("time", INT64), times),
        TestVectors.vector(allocator, TestVectors.field("temp", FLOAT8), temps),
        TestVectors.vector(allocator, TestVectors.field("name", ArrowType.Utf8.INSTANCE), names));
  }

  private static byte[] frame(VectorSchemaRoot root, boolean compact, boolean many) throws Exception {
    ArrowTablet tablet = ArrowTablet.builder("ignored", root).build();
    FrameTransport t = new FrameTransport();
    TProtocol p = compact ? new TCompactProtocol(t) : new TBinaryProtocol(t);
    if (many) {
      TreeInsertWriter.writeTablets(p, t.frame, compact, 3, 7L,
          List.of(new DeviceBatch("root.sg.a", tablet), new DeviceBatch("root.sg.b", tablet)), true,
          TimePrecision.MILLISECONDS);
    } else {
      TreeInsertWriter.writeTablet(p, t.frame, compact, 3, 7L,
          new DeviceBatch("root.sg.d1", tablet), false, TimePrecision.MILLISECONDS);
    }
    return Arrays.copyOf(t.frame.array(), t.frame.position());
  }

  @Test
  void unsortedArrowRowsFrameExactlyAsTheSameRowsInTimeOrder() throws Exception {
    for (boolean compact : new boolean[] {false, true}) {
      for (boolean many : new boolean[] {false, true}) {
        try (VectorSchemaRoot given = root(new Object[] {30L, 10L, 20L, 10L, 5L},
                new Object[] {3.0, null, 2.0, 1.5, null}, new Object[] {"c", "a", null, "a2", "e"});
            VectorSchemaRoot ordered = root(new Object[] {5L, 10L, 10L, 20L, 30L},
                new Object[] {null, null, 1.5, 2.0, 3.0}, new Object[] {"e", "a", "a2", null, "c"})) {
          assertArrayEquals(frame(ordered, compact, many), frame(given, compact, many),
              "compact=" + compact + " many=" + many);
        }
      }
    }
  }

  @Test
  void theGeneratedReaderSeesTheDevicePathMeasurementsAndSortedTimes() throws Exception {
    try (VectorSchemaRoot given = root(new Object[] {2L, 1L}, new Object[] {2.0, 1.0},
        new Object[] {"b", "a"})) {
      byte[] bytes = frame(given, false, false);
      TBinaryProtocol p = new TBinaryProtocol(new TMemoryInputTransport(bytes));
      p.readMessageBegin();
      IClientRPCService.insertTablet_args args = new IClientRPCService.insertTablet_args();
      args.read(p);
      assertEquals("root.sg.d1", args.getReq().getPrefixPath());
      assertEquals(List.of("temp", "name"), args.getReq().getMeasurements());
      assertEquals(List.of(4, 11), args.getReq().getTypes());
      java.nio.ByteBuffer times = args.getReq().bufferForTimestamps();
      assertEquals(1L, times.getLong(times.position()));
      assertEquals(2L, times.getLong(times.position() + 8));
    }
  }
}
