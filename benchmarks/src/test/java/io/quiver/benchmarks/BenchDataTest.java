package io.quiver.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks' allocator (arrow-memory-netty, with the netty versions this module resolves)
 * allocates: a netty-buffer / netty-common mismatch (Spark raising one of them) once broke every
 * benchmark at its first allocation with a {@code NoSuchMethodError}.
 */
class BenchDataTest {
  @Test
  void theBenchmarksAllocatorBuildsAMixedBatch() {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = BenchData.generate(allocator, "mixed", 1_000, 0.1, 0, 7)) {
      assertEquals(1_000, root.getRowCount());
      assertEquals(999L, ((TimeStampMilliVector) root.getVector("time")).get(999),
          "times start at 0 and step by 1 ms");
    }
  }
}
