package io.quiver.client.internal.tsblock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.Hex;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@link TsBlockReader}, the one reader of the layout in {@code docs/tsblock.md}: the documented
 * example's header, value positions and column ends, golden byte for byte; dictionaries, runs and
 * null flags located; malformed blocks refused with the error its user chose, before reading past
 * the block.
 */
class TsBlockReaderTest {
  /** The worked example of docs/tsblock.md. */
  private static final String EXAMPLE = "00000003 020503 00000002 04020401"
      + "02 00 0000000000000000"
      + "00 000000000000000a 0000000000000014"
      + "03 00 00000005" + Hex.utf8("north")
      + "01 40 41a00000";

  /** An error type of the test's own, to show the reader throws what its user chose. */
  static final class Malformed extends RuntimeException {
    Malformed(String what) {
      super(what);
    }
  }

  private static TsBlockReader reader(String hex) {
    return new TsBlockReader(Malformed::new).of(ByteBuffer.wrap(Hex.bytes(hex)));
  }

  @Test
  void theDocumentedExamplesHeaderAndValuePositions() {
    TsBlockReader in = reader(EXAMPLE);
    assertEquals(2, in.header());
    assertEquals(3, in.valueColumns());
    assertArrayEquals(new byte[] {2, 5, 3}, new byte[] {in.type(0), in.type(1), in.type(2)});
    assertEquals(ColumnEncoding.INT64, in.type(-1));
    assertArrayEquals(new byte[] {4, 2, 4, 1},
        new byte[] {in.encoding(-1), in.encoding(0), in.encoding(1), in.encoding(2)});
    assertEquals(15, in.p, "the time column starts after 4 + 3 + 4 + 4 header bytes");

    int[] at = new int[2];
    in.locate(in.encoding(-1), in.type(-1), 2, at, "time");
    assertArrayEquals(new int[] {17, 17}, at, "a run: both rows read the one placeholder");
    in.locate(in.encoding(0), in.type(0), 2, at, "v0");
    assertArrayEquals(new int[] {26, 34}, at, "two packed int64s after the null marker");
    in.locate(in.encoding(1), in.type(1), 2, at, "v1");
    assertArrayEquals(new int[] {44, 44}, at, "a run of one BINARY: the index of its length");
    in.locate(in.encoding(2), in.type(2), 2, at, "v2");
    assertArrayEquals(new int[] {55, -1}, at, "row 1 null (flags 0x40): only row 0 has a value");
    assertEquals(in.end, in.p, "the cursor ends after the block");
    assertEquals(20.0f, Float.intBitsToFloat((int) TsBlockReader.INT_BE.get(in.a, 55)));
  }

  @Test
  void skippingEveryColumnEndsWhereLocatingThemDoes() {
    TsBlockReader in = reader(EXAMPLE);
    int n = in.header();
    for (int j = -1; j < in.valueColumns(); j++) {
      in.skip(in.encoding(j), in.type(j), n, "column " + j);
    }
    assertEquals(in.end, in.p);
  }

  @Test
  void aDictionaryPositionReadsItsIdsValue() {
    // Time: a plain INT64_ARRAY of 3 values; one INT32 value column as a DICTIONARY of an
    // INT32_ARRAY {7, 9} with ids 1 0 1.
    String hex = "00000001 01 00000003 0205"
        + "00 0000000000000001 0000000000000002 0000000000000003"
        + "01 00000002 00 00000007 00000009 00000003 00000001 00000000 00000001";
    TsBlockReader in = reader(hex);
    int n = in.header();
    in.skip(in.encoding(-1), in.type(-1), n, "time");
    int[] at = new int[3];
    in.locate(in.encoding(0), in.type(0), n, at, "v0");
    int[] values = new int[3];
    for (int i = 0; i < 3; i++) {
      values[i] = (int) TsBlockReader.INT_BE.get(in.a, at[i]);
    }
    assertArrayEquals(new int[] {9, 7, 9}, values);
    assertEquals(in.end, in.p);
  }

  @Test
  void nullFlagsAreCountedMostSignificantBitFirstOverWholeWords() {
    byte[] flags = new byte[10]; // 80 positions: one 64-bit word, then bytes
    flags[0] = (byte) 0x80;      // position 0
    flags[8] = 0x01;             // position 71
    flags[9] = (byte) 0xC0;      // positions 72, 73
    assertEquals(4, NullFlags.count(flags, 0, 80));
    assertEquals(3, NullFlags.count(flags, 0, 73), "position 73 is beyond the first 73");
    assertTrue(NullFlags.isNull(flags, 0, 71));
    assertEquals(76, NullFlags.nonNull(flags, 0, 80));
    assertEquals(80, NullFlags.nonNull(flags, -1, 80), "no flags: none null");
  }

  @Test
  void malformedBlocksAreRefusedWithTheUsersError() {
    Malformed cut = assertThrows(Malformed.class, () -> {
      TsBlockReader in = reader(EXAMPLE.substring(0, EXAMPLE.length() - 8));
      int n = in.header();
      for (int j = -1; j < in.valueColumns(); j++) {
        in.skip(in.encoding(j), in.type(j), n, "column " + j);
      }
    });
    assertTrue(cut.getMessage().contains("ends early"), cut.getMessage());

    Malformed runOfRun = assertThrows(Malformed.class, () -> reader("04").runEncoding("v0"));
    assertTrue(runOfRun.getMessage().contains("a run of a run"), runOfRun.getMessage());

    Malformed unknown = assertThrows(Malformed.class,
        () -> reader("").checkPlain((byte) 9, ColumnEncoding.INT32, "v0"));
    assertTrue(unknown.getMessage().contains("unknown encoding 9"), unknown.getMessage());

    Malformed wrongType = assertThrows(Malformed.class,
        () -> reader("").checkPlain(ColumnEncoding.INT64_ARRAY, ColumnEncoding.TEXT, "v0"));
    assertTrue(wrongType.getMessage().contains("physical type 5"), wrongType.getMessage());

    Malformed badId = assertThrows(Malformed.class,
        () -> reader("00000002 00000000 00000002").dictionaryIds(2, 2, new int[2], "v0"));
    assertTrue(badId.getMessage().contains("dictionary id 2 of 2"), badId.getMessage());

    Malformed idCount = assertThrows(Malformed.class,
        () -> reader("00000001 00000000").dictionaryIds(2, 2, new int[2], "v0"));
    assertTrue(idCount.getMessage().contains("1 dictionary ids for 2 positions"), idCount.getMessage());

    Malformed negative = assertThrows(Malformed.class, () -> reader("ffffffff").header());
    assertTrue(negative.getMessage().contains("-1 value columns"), negative.getMessage());
  }

  @Test
  void aBlockInADirectBufferIsReadFromACopy() {
    byte[] bytes = Hex.bytes(EXAMPLE);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    TsBlockReader in = new TsBlockReader(Malformed::new).of(direct);
    assertEquals(2, in.header());
    assertEquals(0, direct.position(), "the buffer itself is not moved");
  }
}
