package io.quiver.arrow.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * The short-value copy: exact bytes for every length around its 8- and 16-byte moves, at every
 * distance from the end of the source buffer and of the destination array (where it must fall
 * back to the bulk copy rather than read or write outside them), and nothing written before the
 * destination position.
 */
class ShortCopyTest {

  @Test
  void copiesEveryLengthAtEveryDistanceFromTheEndsExactly() {
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBuf src = allocator.buffer(64)) {
      long capacity = src.capacity();
      for (int i = 0; i < capacity; i++) {
        src.setByte(i, 100 + i);
      }
      long limit = src.memoryAddress() + capacity;
      for (int len = 0; len <= 24; len++) {
        for (long from = capacity - len; from >= Math.max(0, capacity - len - 20); from--) {
          for (int room = 0; room <= 20; room++) {
            byte[] dst = new byte[3 + len + room];
            Arrays.fill(dst, (byte) -1);
            ShortCopy.copy(src.memoryAddress() + from, limit, dst, 3, len);
            byte[] expected = new byte[len];
            src.getBytes(from, expected, 0, len);
            assertArrayEquals(expected, Arrays.copyOfRange(dst, 3, 3 + len),
                "len " + len + " from " + from + " room " + room);
            for (int k = 0; k < 3; k++) {
              assertEquals((byte) -1, dst[k], "a byte before the position was written");
            }
          }
        }
      }
      assertEquals(0, allocator.getAllocatedMemory() - src.capacity());
    }
  }
}
