package io.quiver.client.internal.tsblock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.Hex;
import io.quiver.client.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every TsBlock column encoding, with and without nulls. */
class TsBlockDecoderTest {

  private static String text(DecodedColumn c, int row) {
    return new String(c.binaryData(), c.binaryOffset(row), c.binaryLength(row), StandardCharsets.UTF_8);
  }

  /** The worked example of docs/tsblock.md, from its literal bytes. */
  @Test
  void documentedExampleBlockDecodes() {
    String hex = "00000003 020503 00000002 04020401"
        + "02 00 0000000000000000"
        + "00 000000000000000a 0000000000000014"
        + "03 00 00000005" + Hex.utf8("north")
        + "01 40 41a00000";
    ByteBuffer in = ByteBuffer.wrap(Hex.bytes(hex));
    TsBlockDecoder.Block b = TsBlockDecoder.decode(in);
    assertEquals(0, in.remaining(), "the cursor ends after the block");
    assertEquals(2, b.positionCount());
    DecodedColumn time = b.columns()[0];
    assertEquals(10L, time.getLong(0));
    assertEquals(20L, time.getLong(1));
    DecodedColumn region = b.columns()[1];
    assertTrue(region.isConstant());
    assertEquals("north", text(region, 0));
    assertEquals("north", text(region, 1));
    DecodedColumn temp = b.columns()[2];
    assertFalse(temp.isNull(0));
    assertEquals(20.0f, temp.getFloat(0));
    assertTrue(temp.isNull(1));
  }

  /** Tree-model results carry their times in the block's own time column: column(-1). */
  @Test
  void theTimeColumnIsKeptAndReadAsColumnMinusOne() {
    String hex = "00000001 01 00000002 0201"
        + "00 0000000000000064 00000000000000c8"
        + "00 00000007 00000008";
    TsBlockDecoder.Block b = TsBlockDecoder.decode(ByteBuffer.wrap(Hex.bytes(hex)));
    assertEquals(100L, b.column(-1).getLong(0));
    assertEquals(200L, b.column(-1).getLong(1));
    assertEquals(8, b.column(0).getInt(1));
    assertEquals(b.time(), b.column(-1));
  }

  @Test
  void booleansAreBitPackedOverAllPositionsWithNulls() {
    TsBlockBytes w = new TsBlockBytes(10).booleans(true, false, null, true, true, false, false, true, null, true);
    DecodedColumn c = TsBlockDecoder.decode(w.build()).columns()[0];
    boolean[] expect = {true, false, false, true, true, false, false, true, false, true};
    for (int i = 0; i < 10; i++) {
      assertEquals(i == 2 || i == 8, c.isNull(i), "null at " + i);
      if (!c.isNull(i)) {
        assertEquals(expect[i], c.getBoolean(i), "value at " + i);
      }
    }
  }

  @Test
  void booleansWithoutNulls() {
    DecodedColumn c = TsBlockDecoder.decode(new TsBlockBytes(3).booleans(false, true, true).build()).columns()[0];
    assertFalse(c.isNull(1));
    assertFalse(c.getBoolean(0));
    assertTrue(c.getBoolean(2));
  }

  @Test
  void int32AndFloatValuesArePackedWithoutNullSlots() {
    TsBlockDecoder.Block b = TsBlockDecoder.decode(new TsBlockBytes(4)
        .ints(false, 1, null, Integer.MIN_VALUE, Integer.MAX_VALUE)
        .floats(null, 1.5f, Float.NaN, null)
        .build());
    DecodedColumn ints = b.columns()[0];
    assertEquals(1, ints.getInt(0));
    assertTrue(ints.isNull(1));
    assertEquals(Integer.MIN_VALUE, ints.getInt(2));
    assertEquals(Integer.MAX_VALUE, ints.getInt(3));
    DecodedColumn floats = b.columns()[1];
    assertTrue(floats.isNull(0));
    assertEquals(1.5f, floats.getFloat(1));
    assertTrue(Float.isNaN(floats.getFloat(2)));
    assertTrue(floats.isNull(3));
  }

  @Test
  void nullFlagsDeclaredWithNoActualNullAreHonoured() {
    DecodedColumn c = TsBlockDecoder.decode(new TsBlockBytes(2).ints(true, 5, 6).build()).columns()[0];
    assertFalse(c.isNull(0));
    assertEquals(6, c.getInt(1));
  }

  @Test
  void int64AndDoubleValuesArePackedWithoutNullSlots() {
    TsBlockDecoder.Block b = TsBlockDecoder.decode(new TsBlockBytes(3)
        .longs(Long.MIN_VALUE, null, Long.MAX_VALUE)
        .doubles(Double.NEGATIVE_INFINITY, -0.0, null)
        .build());
    assertEquals(Long.MIN_VALUE, b.columns()[0].getLong(0));
    assertTrue(b.columns()[0].isNull(1));
    assertEquals(Long.MAX_VALUE, b.columns()[0].getLong(2));
    assertEquals(Double.NEGATIVE_INFINITY, b.columns()[1].getDouble(0));
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(b.columns()[1].getDouble(1)));
    assertTrue(b.columns()[1].isNull(2));
  }

  @Test
  void binaryValuesWithNullsAndEmptyAndNonAscii() {
    DecodedColumn c = TsBlockDecoder.decode(new TsBlockBytes(4).texts("", null, "温度", "x").build()).columns()[0];
    assertFalse(c.isNull(0));
    assertEquals("", text(c, 0));
    assertTrue(c.isNull(1));
    assertEquals(0, c.binaryLength(1));
    assertEquals("温度", text(c, 2));
    assertEquals("x", text(c, 3));
  }

  @Test
  void binaryValuesWithoutNulls() {
    DecodedColumn c = TsBlockDecoder.decode(new TsBlockBytes(2).texts("ab", "c").build()).columns()[0];
    assertEquals("ab", text(c, 0));
    assertEquals("c", text(c, 1));
  }

  @Test
  void runLengthColumnRepeatsItsValueOnEveryRow() {
    TsBlockDecoder.Block b = TsBlockDecoder.decode(new TsBlockBytes(5).rleText("dev-1").rleLong(7L).build());
    for (int i = 0; i < 5; i++) {
      assertEquals("dev-1", text(b.columns()[0], i));
      assertEquals(7L, b.columns()[1].getLong(i));
    }
  }

  @Test
  void runLengthOfANullMakesEveryRowNull() {
    DecodedColumn c = TsBlockDecoder.decode(new TsBlockBytes(3).rleText(null).build()).columns()[0];
    for (int i = 0; i < 3; i++) {
      assertTrue(c.isNull(i));
    }
  }

  @Test
  void dictionaryColumnReadsThroughIds() {
    DecodedColumn c = TsBlockDecoder.decode(
        new TsBlockBytes(4).dictionaryText(new String[] {"a", null, "c"}, 2, 0, 1, 2).build()).columns()[0];
    assertEquals("c", text(c, 0));
    assertEquals("a", text(c, 1));
    assertTrue(c.isNull(2));
    assertEquals("c", text(c, 3));
  }

  @Test
  void zeroRowBlockDecodes() {
    TsBlockDecoder.Block b = TsBlockDecoder.decode(new TsBlockBytes(0).ints(false).texts().build());
    assertEquals(0, b.positionCount());
    assertEquals(2, b.columns().length);
  }

  @Test
  void truncatedBlockIsRejectedClearly() {
    ByteBuffer full = new TsBlockBytes(3).longs(1L, 2L, 3L).build();
    ByteBuffer cut = ByteBuffer.wrap(java.util.Arrays.copyOf(full.array(), full.limit() - 3));
    ProtocolException e = assertThrows(ProtocolException.class, () -> TsBlockDecoder.decode(cut));
    assertTrue(e.getMessage().contains("ends early"), e.getMessage());
  }

  @Test
  void unknownEncodingIsRejected() {
    ByteBuffer b = ByteBuffer.wrap(Hex.bytes("00000001 01 00000001 04 09 0200 0000000000000000 00000000"));
    ProtocolException e = assertThrows(ProtocolException.class, () -> TsBlockDecoder.decode(b));
    assertTrue(e.getMessage().contains("unknown encoding 9"), e.getMessage());
  }
}
