package io.quiver.arrow.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ArrowColumns}, the one entry point to the encoders: the check maps categories and types
 * in the root's order; the values written are exactly {@link ArrowColumns#valuesSize()} bytes; a
 * row range writes what the same rows written on their own would; a bad root is refused naming
 * the column. No Arrow memory leaks.
 */
class ArrowColumnsTest {
  private static final int ROWS = 130;
  private BufferAllocator allocator;
  private VectorSchemaRoot root;

  @BeforeEach
  void fill() {
    allocator = new RootAllocator();
    BigIntVector time = new BigIntVector("time", allocator);
    VarCharVector dev = new VarCharVector("dev", allocator);
    Float8Vector v = new Float8Vector("v", allocator);
    for (int i = 0; i < ROWS; i++) {
      time.setSafe(i, 1_000L + i);
      dev.setSafe(i, ("d" + i % 3).getBytes(StandardCharsets.UTF_8));
      if (i % 7 == 0) {
        v.setNull(i);
      } else {
        v.setSafe(i, i * 0.5);
      }
    }
    root = new VectorSchemaRoot(List.of(time, dev, v));
    root.setRowCount(ROWS);
  }

  @AfterEach
  void noLeaks() {
    root.close();
    assertEquals(0, allocator.getAllocatedMemory(), "every buffer released");
    allocator.close();
  }

  private ArrowColumns check(VectorSchemaRoot r) {
    return ArrowColumns.check("t", r, null, Map.of("dev", ColumnCategory.TAG), Map.of("dev", "dev"),
        List.of(), false, null);
  }

  private static byte[] values(ArrowColumns c) {
    WireBuffer out = new WireBuffer(16);
    c.writeValues(out, TimePrecision.MILLISECONDS);
    return Arrays.copyOf(out.array(), out.position());
  }

  @Test
  void theCheckMapsCategoriesAndTypesInTheRootsOrder() {
    ArrowColumns c = check(root);
    assertEquals("time", c.timeColumnName());
    assertEquals(2, c.columnCount());
    assertEquals("dev", c.columnName(0));
    assertEquals(ColumnCategory.TAG, c.category(0));
    assertEquals(DataType.STRING, c.dataType(0));
    assertEquals(ColumnCategory.FIELD, c.category(1));
    assertEquals(DataType.DOUBLE, c.dataType(1));
  }

  @Test
  void theValuesWrittenAreExactlyValuesSizeBytes() {
    ArrowColumns c = check(root);
    assertEquals(c.valuesSize(), values(c).length);
  }

  @Test
  void aRowRangeWritesWhatItsRowsWouldWriteOnTheirOwn() {
    ArrowColumns range = check(root).withRows(64, ROWS - 64);
    assertEquals(64, range.firstRow());
    VectorSchemaRoot tail = root.slice(64, ROWS - 64);
    try {
      ArrowColumns alone = check(tail);
      assertArrayEquals(values(alone), values(range));
      assertEquals(alone.valuesSize(), range.valuesSize());
    } finally {
      tail.close();
    }
  }

  @Test
  void aTagThatDoesNotHoldStringsIsRefusedNamingTheColumn() {
    InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> ArrowColumns.check("t", root,
        null, Map.of("v", ColumnCategory.TAG), Map.of("v", "v"), List.of(), false, null));
    assertEquals("v", e.column());
    assertTrue(e.getMessage().contains("column 'v'"), e.getMessage());
    assertTrue(e.getMessage().contains("TAG"), e.getMessage());
  }
}
