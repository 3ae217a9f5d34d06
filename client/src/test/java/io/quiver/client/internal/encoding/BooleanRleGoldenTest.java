package io.quiver.client.internal.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.client.spi.WireBuffer;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.apache.tsfile.encoding.encoder.Encoder;
import org.apache.tsfile.encoding.encoder.TSEncodingBuilder;
import org.apache.tsfile.enums.TSDataType;
import org.apache.tsfile.file.metadata.enums.TSEncoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden bytes: {@link BooleanRle} against tsfile's RLE encoder for BOOLEAN (what the official
 * client's {@code TabletEncoder} uses; test scope only), over the patterns that decide between rle
 * and bit-packed runs: runs just below, at and above 8, runs across group boundaries, more than
 * 63 groups, more than 32,767 repeats, and partial last groups.
 */
class BooleanRleGoldenTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 7, 8, 9, 15, 16, 17, 64, 504, 505, 512, 1000, 10_000})
  void randomValuesMatchTheReference(int n) {
    SplittableRandom random = new SplittableRandom(n);
    check(n, i -> random.nextBoolean());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 8, 9, 16, 100, 32_767, 32_768, 32_769, 70_000})
  void constantColumnsMatchTheReference(int n) {
    check(n, i -> false);
    check(n, i -> true);
  }

  @ParameterizedTest
  @ValueSource(ints = {32_767 + 5, 32_767 + 7, 32_767 + 8, 32_767 + 9, 65_534, 65_534 + 7,
      65_534 + 8, 65_534 + 15})
  void constantColumnsAroundTheLongestRunMatchTheReference(int n) {
    check(n, i -> true);
    check(n, i -> i != n - 1);
    check(n, i -> i != n - 8);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void runsOfRandomLengthsMatchTheReference(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = 20_000 + random.nextInt(64);
    boolean[] v = new boolean[n];
    boolean state = random.nextBoolean();
    for (int i = 0; i < n; ) {
      int length = 1 + random.nextInt(seed % 2 == 0 ? 12 : 40);
      for (int k = 0; k < length && i < n; k++, i++) {
        v[i] = state;
      }
      state = !state;
    }
    check(n, i -> v[i]);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 7, 8, 9, 11, 13, 16, 17, 31, 100})
  void runsOfOneLengthMatchTheReference(int run) {
    check(2_000, i -> (i / run) % 2 == 1);
    check(2_003, i -> (i / run) % 2 == 0);
  }

  @Test
  void runsStartingOffAGroupBoundaryMatchTheReference() {
    for (int offset = 0; offset < 9; offset++) {
      int o = offset;
      check(64, i -> i >= o && i < o + 20);
      check(64, i -> !(i >= o && i < o + 9));
    }
  }

  @Test
  void sensorLikeFlagsMatchTheReference() {
    SplittableRandom random = new SplittableRandom(3);
    boolean[] flags = new boolean[10_000];
    boolean state = false;
    for (int i = 0; i < flags.length; i++) {
      if (random.nextInt(200) == 0) {
        state = !state;
      }
      flags[i] = state;
    }
    check(flags.length, i -> flags[i]);
  }

  @Test
  void aConstantColumnTakesAFewBytes() {
    WireBuffer out = new WireBuffer(16);
    byte[] ones = new byte[10_000];
    Arrays.fill(ones, (byte) 1);
    new BooleanRle().encode(ones, 0, ones.length, out);
    // length, width, then one rle run: varint(10000 << 1) in 3 bytes and the value.
    assertArrayEquals(new byte[] {5, 1, (byte) 0xA0, (byte) 0x9C, 0x01, 1},
        Arrays.copyOf(out.array(), out.position()));
  }

  @Test
  void anEncoderIsReusableAcrossColumns() {
    BooleanRle rle = new BooleanRle();
    SplittableRandom random = new SplittableRandom(9);
    for (int k = 0; k < 5; k++) {
      int n = 1 + random.nextInt(3000);
      boolean[] v = new boolean[n];
      for (int i = 0; i < n; i++) {
        v[i] = random.nextInt(10) < (k * 2);
      }
      assertArrayEquals(reference(n, i -> v[i]), ours(rle, n, i -> v[i]), "column " + k);
    }
  }

  private static void check(int n, IntPredicate value) {
    boolean[] v = new boolean[n];
    for (int i = 0; i < n; i++) {
      v[i] = value.test(i);
    }
    byte[] expected = reference(n, i -> v[i]);
    byte[] actual = ours(new BooleanRle(), n, i -> v[i]);
    assertEquals(expected.length, actual.length, "length for " + n + " values");
    assertArrayEquals(expected, actual, "bytes for " + n + " values");
  }

  private static byte[] reference(int n, IntPredicate value) {
    Encoder encoder =
        TSEncodingBuilder.getEncodingBuilder(TSEncoding.RLE).getEncoder(TSDataType.BOOLEAN);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (int i = 0; i < n; i++) {
        encoder.encode(value.test(i), out);
      }
      encoder.flush(out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] ours(BooleanRle rle, int n, IntPredicate value) {
    byte[] v = new byte[n + 3];
    for (int i = 0; i < n; i++) {
      v[i + 3] = (byte) (value.test(i) ? 1 : 0);
    }
    WireBuffer out = new WireBuffer(16);
    out.putByte((byte) 0x55);
    rle.encode(v, 3, n, out);
    return Arrays.copyOfRange(out.array(), 1, out.position());
  }
}
