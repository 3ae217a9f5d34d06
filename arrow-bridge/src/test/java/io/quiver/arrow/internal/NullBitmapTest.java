package io.quiver.arrow.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.client.spi.WireBuffer;
import java.util.Arrays;
import java.util.Random;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * IoTDB's null bitmap from an Arrow validity buffer: {@code rows / 8 + 1} bytes, inverted, bits
 * past the rows zero, reading no validity byte past {@code (rows + 7) / 8}.
 */
class NullBitmapTest {
  private static final long SEED = 20_261_124L;

  @Test
  void theBitmapIsTheInvertedValidityInRowsOver8Plus1BytesWithTheTailZero() {
    Random random = new Random(SEED);
    try (BufferAllocator allocator = new RootAllocator()) {
      for (int rows = 0; rows <= 200; rows++) {
        int validityBytes = (rows + 7) / 8;
        // A buffer exactly as long as the rows need, as splitAndTransfer's slices are, filled
        // with random bits including those past the last row.
        try (ArrowBuf validity = allocator.buffer(Math.max(1, validityBytes))) {
          byte[] bits = new byte[validityBytes];
          random.nextBytes(bits);
          validity.setBytes(0, bits);
          WireBuffer out = new WireBuffer(16);
          out.putByte((byte) 0x77);
          NullBitmap.write(out, validity.memoryAddress(), rows);
          byte[] expected = new byte[rows / 8 + 1];
          for (int r = 0; r < rows; r++) {
            if ((bits[r / 8] & (1 << (r % 8))) == 0) {
              expected[r / 8] |= (byte) (1 << (r % 8));
            }
          }
          assertEquals(1 + expected.length, out.position(), "size for " + rows + " rows");
          assertArrayEquals(expected, Arrays.copyOfRange(out.array(), 1, out.position()),
              "bitmap of " + rows + " rows, seed " + SEED);
          assertEquals(popcount(expected), Bits.zeroCount(validity.memoryAddress(), rows),
              "null count of " + rows + " rows");
          int firstNull = Bits.firstZero(validity.memoryAddress(), rows);
          assertEquals(firstSet(expected), firstNull, "first null of " + rows + " rows");
        }
      }
    }
  }

  private static int firstSet(byte[] bytes) {
    for (int i = 0; i < bytes.length * 8; i++) {
      if ((bytes[i / 8] & (1 << (i % 8))) != 0) {
        return i;
      }
    }
    return -1;
  }

  private static int popcount(byte[] bytes) {
    int n = 0;
    for (byte b : bytes) {
      n += Integer.bitCount(b & 0xFF);
    }
    return n;
  }
}
