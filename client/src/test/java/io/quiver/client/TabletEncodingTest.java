package io.quiver.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.client.spi.WireBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden bytes of the insert-request timestamps and values a row Tablet writes. */
class TabletEncodingTest {

  private static byte[] values(Tablet t, TimePrecision p) {
    WireBuffer out = new WireBuffer(16);
    t.writeValues(out, p);
    assertEquals(t.valuesSize(), out.position(), "valuesSize() must equal the bytes written");
    return Arrays.copyOf(out.array(), out.position());
  }

  private static byte[] times(Tablet t, TimePrecision p) {
    WireBuffer out = new WireBuffer(16);
    t.writeTimestamps(out, p);
    return Arrays.copyOf(out.array(), out.position());
  }

  /** The worked example of docs/insert-request.md ("Worked example"), byte for byte. */
  @Test
  void workedExampleEncodesToTheDocumentedBytes() {
    Tablet t = new Tablet("t1",
        List.of("region", "model", "temp", "status"),
        List.of(DataType.STRING, DataType.STRING, DataType.FLOAT, DataType.BOOLEAN),
        List.of(ColumnCategory.TAG, ColumnCategory.ATTRIBUTE, ColumnCategory.FIELD, ColumnCategory.FIELD),
        List.of(
            List.of("north", "m1", 1.5f, true),
            Arrays.asList("north", "m1", null, false),
            List.of("south", "m2", -2.0f, true)),
        List.of(1L, 2L, 3L));
    String expected =
        "00000005" + Hex.utf8("north") + "00000005" + Hex.utf8("north") + "00000005" + Hex.utf8("south")
        + "00000002" + Hex.utf8("m1") + "00000002" + Hex.utf8("m1") + "00000002" + Hex.utf8("m2")
        + "3fc00000" + "00000000" + "c0000000"
        + "01 00 01"
        + "00 | 00 | 01 02 | 00";
    assertArrayEquals(Hex.bytes(expected), values(t, TimePrecision.MILLISECONDS));
    assertArrayEquals(
        Hex.bytes("0000000000000001 0000000000000002 0000000000000003"), times(t, TimePrecision.MILLISECONDS));
  }

  @Test
  void noBitmapSectionIsWrittenWhenNoValueIsNull() {
    Tablet t = Tablet.builder("t").field("v", DataType.INT32).row(5L, 7).row(6L, -1).build();
    assertArrayEquals(Hex.bytes("00000007 ffffffff"), values(t, TimePrecision.MILLISECONDS));
  }

  @Test
  void bitmapHasOneSpareByteWhenRowsAreAMultipleOfEight() {
    Tablet.Builder b = Tablet.builder("t").field("v", DataType.BOOLEAN);
    for (int r = 0; r < 8; r++) {
      b.row((long) r, r == 7 ? null : Boolean.TRUE);
    }
    byte[] v = values(b.build(), TimePrecision.MILLISECONDS);
    // 8 value bytes (the null slot holds 0), then marker 1 and 8/8+1 = 2 bitmap bytes, row 7 = bit 7.
    assertArrayEquals(Hex.bytes("0101010101010100 | 01 80 00"), v);
  }

  @Test
  void everyTypeEncodesBigEndianInColumnOrder() {
    Tablet t = Tablet.builder("t")
        .field("b", DataType.BOOLEAN)
        .field("i", DataType.INT32)
        .field("l", DataType.INT64)
        .field("f", DataType.FLOAT)
        .field("d", DataType.DOUBLE)
        .field("x", DataType.TEXT)
        .field("s", DataType.STRING)
        .field("blob", DataType.BLOB)
        .field("date", DataType.DATE)
        .field("ts", DataType.TIMESTAMP)
        .row(1L, false, Integer.MIN_VALUE, Long.MAX_VALUE, Float.NaN, Double.NEGATIVE_INFINITY,
            "", "é", new byte[] {1, 2, 3}, LocalDate.of(2024, 3, 5), 42L)
        .build();
    String expected = "00" + "80000000" + "7fffffffffffffff" + "7fc00000" + "fff0000000000000"
        + "00000000" + "00000002c3a9" + "00000003010203" + "0134d7b1" + "000000000000002a";
    assertArrayEquals(Hex.bytes(expected), values(t, TimePrecision.MILLISECONDS));
  }

  @Test
  void instantsAreConvertedToTheServerPrecision() {
    Instant at = Instant.ofEpochSecond(1, 2_345_678);
    Tablet t = Tablet.builder("t").field("ts", DataType.TIMESTAMP).row(at, at).build();
    assertArrayEquals(Hex.bytes("00000000000003ea"), times(t, TimePrecision.MILLISECONDS));
    assertArrayEquals(Hex.bytes(String.format("%016x", 1_002_345L)), times(t, TimePrecision.MICROSECONDS));
    assertArrayEquals(Hex.bytes(String.format("%016x", 1_002_345_678L)), values(t, TimePrecision.NANOSECONDS));
  }

  @Test
  void instantOutsideTheNanosecondRangeIsRejectedNamingRowAndColumn() {
    Tablet t = Tablet.builder("t").field("ts", DataType.TIMESTAMP).row(1L, Instant.parse("2300-01-01T00:00:00Z")).build();
    InvalidBatchException e = org.junit.jupiter.api.Assertions.assertThrows(
        InvalidBatchException.class, () -> values(t, TimePrecision.NANOSECONDS));
    assertEquals("ts", e.column());
    assertEquals(0, e.row());
  }

  @Test
  void nullStringsTakeAZeroLengthSlot() {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(Arrays.asList("a", null));
    rows.add(Arrays.asList(null, "bc"));
    Tablet t = new Tablet("t", List.of("tag", "s"), List.of(DataType.STRING, DataType.STRING),
        List.of(ColumnCategory.TAG, ColumnCategory.FIELD), rows, List.of(1L, 2L));
    String expected = "00000001 61 00000000" + "00000000 00000002 6263" + "01 02 | 01 01";
    assertArrayEquals(Hex.bytes(expected), values(t, TimePrecision.MILLISECONDS));
  }
}
