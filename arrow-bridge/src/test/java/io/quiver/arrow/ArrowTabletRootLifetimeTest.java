package io.quiver.arrow;

import static io.quiver.arrow.TestVectors.field;
import static io.quiver.arrow.TestVectors.root;
import static io.quiver.arrow.TestVectors.timestamp;
import static io.quiver.arrow.TestVectors.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quiver.client.DataType;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.Tablet;
import io.quiver.client.TimePrecision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lifetime contract: an ArrowTablet reads the caller's root while the batch is written and
 * never changes it; once the insert returns, the caller may clear and refill the root at once.
 */
class ArrowTabletRootLifetimeTest {
  private BufferAllocator allocator;

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close(); // fails the test if any buffer leaked
  }

  private VectorSchemaRoot sampleRoot() {
    return root(
        vector(allocator, field("time", timestamp(TimeUnit.MICROSECOND, null)), 1L, 2L, 3L, 4L),
        vector(allocator, field("b", new ArrowType.Bool()), true, null, false, true),
        vector(allocator, field("i", new ArrowType.Int(32, true)), 1, 2, null, 4),
        vector(allocator, field("u", new ArrowType.Int(64, false)), 1L, null, 3L, 4L),
        vector(allocator, field("d", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            0.5, 1.5, null, 2.5),
        vector(allocator, field("s", new ArrowType.Utf8()), "a", null, "ccc", ""),
        vector(allocator, field("v", new ArrowType.Utf8View()), "a value longer than 12", null, "x", ""),
        vector(allocator, field("day", new ArrowType.Date(DateUnit.DAY)), 1, 2, null, 3),
        vector(allocator, field("ts", timestamp(TimeUnit.SECOND, "UTC")), 10L, null, 30L, 40L));
  }

  /** Everything observable about a root's memory: counts and each buffer's bytes and state. */
  private static List<Object> snapshot(VectorSchemaRoot root) {
    List<Object> state = new ArrayList<>();
    state.add(root.getRowCount());
    state.add(root.getSchema());
    for (FieldVector v : root.getFieldVectors()) {
      state.add(v.getValueCount());
      state.add(v.getNullCount());
      List<ArrowBuf> buffers = new ArrayList<>(v.getFieldBuffers());
      if (v instanceof BaseVariableWidthViewVector) {
        buffers.addAll(((BaseVariableWidthViewVector) v).getDataBuffers());
      }
      for (ArrowBuf b : buffers) {
        state.add(b.memoryAddress());
        state.add(b.capacity());
        state.add(b.readerIndex());
        state.add(b.writerIndex());
        state.add(b.refCnt());
        byte[] bytes = new byte[(int) b.capacity()];
        b.getBytes(0, bytes);
        state.add(Arrays.toString(bytes));
      }
    }
    return state;
  }

  @Test
  void encodingLeavesTheCallersRootAndItsMemoryUntouched() {
    try (VectorSchemaRoot root = sampleRoot()) {
      List<Object> before = snapshot(root);
      long allocated = allocator.getAllocatedMemory();
      ArrowTablet tablet = ArrowTablet.of("t1", root);
      for (TimePrecision precision : TimePrecision.values()) {
        Wire.encode(tablet, precision);
      }
      assertEquals(before, snapshot(root));
      assertEquals(allocated, allocator.getAllocatedMemory(), "Arrow memory allocated");
    }
  }

  @Test
  void theRootCanBeClearedAndRefilledRightAfterTheInsert() {
    try (VectorSchemaRoot root = root(
        vector(allocator, field("time", new ArrowType.Int(64, true)), 1L, 2L),
        vector(allocator, field("s", new ArrowType.Utf8()), "first", "batch"))) {
      ArrowTablet first = ArrowTablet.of("t1", root);
      Wire.encode(first, TimePrecision.MILLISECONDS);

      root.clear();
      TestVectors.fill(root.getVector("time"), 3L, 4L, 5L);
      TestVectors.fill(root.getVector("s"), "second", null, "batch");
      root.setRowCount(3);
      ArrowTablet second = ArrowTablet.of("t1", root);
      Tablet expected = new Tablet("t1", List.of("s"), List.of(DataType.STRING),
          List.of(io.quiver.client.ColumnCategory.FIELD),
          List.of(List.of("second"), Arrays.asList((Object) null), List.of("batch")),
          List.of(3L, 4L, 5L));
      Wire.assertSameRequest(expected, second, TimePrecision.MILLISECONDS, "refilled root");

      // The first tablet was built for 2 rows: written again now, it fails cleanly.
      assertThrows(InvalidBatchException.class, () -> first.valuesSize());
    }
  }
}
