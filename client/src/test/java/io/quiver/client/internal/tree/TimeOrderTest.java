package io.quiver.client.internal.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quiver.client.DataType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The stable time order of a device's rows, and the values section reordered by it. */
class TimeOrderTest {

  static byte[] times(long... t) {
    ByteBuffer b = ByteBuffer.allocate(3 + 8 * t.length);
    b.position(3);
    for (long x : t) {
      b.putLong(x);
    }
    return b.array();
  }

  @Test
  void sortedTimesNeedNoOrder() {
    assertNull(TimeOrder.of(times(), 3, 0));
    assertNull(TimeOrder.of(times(Long.MIN_VALUE, -1, 0, 0, 5, Long.MAX_VALUE), 3, 6));
  }

  @Test
  void equalTimesKeepTheirInputOrder() {
    assertArrayEquals(new int[] {1, 3, 2, 0, 4}, TimeOrder.of(times(9, 1, 5, 1, 9), 3, 5));
  }

  @Test
  void randomTimesSortStablyAndRewriteInPlace() {
    Random rnd = new Random(5);
    for (int round = 0; round < 50; round++) {
      int n = 2 + rnd.nextInt(3000);
      long[] t = new long[n];
      for (int i = 0; i < n; i++) {
        t[i] = rnd.nextInt(n / 2 + 1) - n / 4;
      }
      byte[] bytes = times(t);
      int[] order = TimeOrder.of(bytes, 3, n);
      Integer[] expected = IntStream.range(0, n).boxed().toArray(Integer[]::new);
      Arrays.sort(expected, Comparator.comparingLong(i -> t[i]));
      if (order == null) {
        assertArrayEquals(IntStream.range(0, n).toArray(), Arrays.stream(expected).mapToInt(i -> i).toArray());
        continue;
      }
      assertArrayEquals(Arrays.stream(expected).mapToInt(i -> i).toArray(), order);
      TimeOrder.apply(bytes, 3, order);
      long[] sorted = t.clone();
      Arrays.sort(sorted);
      assertArrayEquals(times(sorted), bytes);
    }
  }

  @Test
  void aValuesSectionThatIsNotTheDocumentedLayoutIsABug() {
    byte[] section = new byte[5];
    assertThrows(IllegalStateException.class,
        () -> ValuesReorder.apply(section, 0, 5, new DataType[] {DataType.INT64}, new int[] {1, 0}));
    byte[] trailing = new byte[8 + 1 + 1 + 3];
    assertThrows(IllegalStateException.class,
        () -> ValuesReorder.apply(trailing, 0, trailing.length, new DataType[] {DataType.INT32},
            new int[] {1, 0}));
  }
}
