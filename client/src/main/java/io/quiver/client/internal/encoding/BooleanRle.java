package io.quiver.client.internal.encoding;

import io.quiver.client.spi.WireBuffer;

/**
 * RLE, IoTDB's run-length / bit-packing hybrid, for BOOLEAN columns (tsfile's {@code
 * IntRleEncoder} fed 0 and 1), byte for byte. It is the official client's default encoding of a
 * BOOLEAN column.
 *
 * <h2>Wire layout</h2>
 *
 * <pre>
 *   varint     length    the number of bytes that follow (unsigned LEB128)
 *   byte       width     bits per value: always 1 here (the reference's minimum width, and the
 *                        widest a 0 or 1 needs)
 *   run*       back to back, either
 *     rle run:        varint (count &lt;&lt; 1), then the repeated value in one byte (0 or 1)
 *     bit-packed run: byte (groups &lt;&lt; 1 | 1), byte last, then one byte per group of 8
 *                     values, the first value in the highest bit; {@code last} is how many
 *                     values of the last group count (8 except in the column's final run)
 * </pre>
 *
 * <h2>When a run is which</h2>
 *
 * The reference's state machine is kept exactly, since the choice decides the bytes. Values are
 * gathered in groups of 8. A value equal to the previous one (the previous of the first value is
 * 0) counts a repeat; from the 8th repeat on values are no longer gathered, only counted, and a
 * different value (or the end, or 32,767 repeats) writes them as one rle run, first closing an
 * open bit-packed run (with last = 8). The values gathered before the 8th repeat belong to the
 * run and are dropped. A full group of 8 is appended to the open bit-packed run (a new one after
 * 63 groups) and resets the repeat count, so a run is only found when 8 equal values start
 * counting after a group boundary or a run. At the end, a partial group is padded with zero bits
 * and closes the run with last = its size.
 *
 * <p>Not thread-safe; reusable across columns.
 */
final class BooleanRle {
  private static final int MIN_REPEAT = 8;
  private static final int MAX_REPEAT = 0x7FFF;
  private static final int MAX_GROUPS = 63;

  /** The width byte and the runs, before the length can be written. */
  private final WireBuffer body = new WireBuffer(4096);
  private final byte[] groups = new byte[MAX_GROUPS];
  private int groupCount;
  private boolean packing;
  private int repeat;
  private int previous;
  private int gathered;
  private int gatheredBits;

  /** Encodes {@code n} values, each byte of {@code v} from {@code from} 0 or 1. */
  void encode(byte[] v, int from, int n, WireBuffer out) {
    body.position(0);
    groupCount = 0;
    packing = false;
    repeat = 0;
    previous = 0;
    gathered = 0;
    gatheredBits = 0;
    if (n > 0) {
      body.putByte((byte) 1);
    }
    for (int i = 0; i < n; i++) {
      add(v[from + i] & 1);
    }
    finish();
    putVarInt(out, body.position());
    out.putBytes(body.array(), 0, body.position());
  }

  private void add(int value) {
    if (value == previous) {
      repeat++;
      if (repeat >= MIN_REPEAT && repeat <= MAX_REPEAT) {
        return;
      }
      if (repeat == MAX_REPEAT + 1) {
        repeat = MAX_REPEAT;
        rleRun();
        repeat = 1;
      }
    } else {
      if (repeat >= MIN_REPEAT) {
        rleRun();
      }
      repeat = 1;
      previous = value;
    }
    gatheredBits |= value << (7 - gathered);
    if (++gathered == 8) {
      appendGroup();
    }
  }

  private void finish() {
    int last = gathered;
    if (repeat >= MIN_REPEAT) {
      rleRun();
    } else if (gathered > 0) {
      appendGroup();
      closePacked(last);
    } else {
      closePacked(MIN_REPEAT);
    }
  }

  private void rleRun() {
    closePacked(MIN_REPEAT);
    putVarInt(body, repeat << 1);
    body.putByte((byte) previous);
    repeat = 0;
    gathered = 0;
    gatheredBits = 0;
  }

  private void appendGroup() {
    if (groupCount >= MAX_GROUPS) {
      closePacked(MIN_REPEAT);
    }
    packing = true;
    groups[groupCount++] = (byte) gatheredBits;
    gathered = 0;
    gatheredBits = 0;
    repeat = 0;
  }

  private void closePacked(int last) {
    if (!packing) {
      return;
    }
    body.putByte((byte) (groupCount << 1 | 1));
    body.putByte((byte) last);
    body.putBytes(groups, 0, groupCount);
    packing = false;
    groupCount = 0;
  }

  private static void putVarInt(WireBuffer out, int v) {
    while ((v & ~0x7F) != 0) {
      out.putByte((byte) (v & 0x7F | 0x80));
      v >>>= 7;
    }
    out.putByte((byte) v);
  }
}
