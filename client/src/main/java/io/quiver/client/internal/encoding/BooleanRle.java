package io.quiver.client.internal.encoding;

import io.quiver.client.spi.WireBuffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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
 * <h2>How</h2>
 *
 * The state machine only ever finds a run in the 8 values that follow a reset (the start, a
 * written group, a written rle run, a split after 32,767 repeats): those 8 equal make a run that
 * extends over every further equal value, otherwise they make a group. So the column is walked
 * in steps of 8 values, each compared as one long; it writes the bytes of the reference's
 * per-value state machine (the golden tests compare the two) at a fraction of its cost.
 *
 * <p>Not thread-safe; reusable across columns.
 */
final class BooleanRle {
  private static final int MIN_REPEAT = 8;
  private static final int MAX_REPEAT = 0x7FFF;
  private static final int MAX_GROUPS = 63;
  private static final long ALL_ONES = 0x0101010101010101L;
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** The width byte and the runs, before the length can be written. */
  private final WireBuffer body = new WireBuffer(4096);
  private final byte[] groups = new byte[MAX_GROUPS];
  private int groupCount;
  private boolean packing;

  /** Encodes {@code n} values, each byte of {@code v} from {@code from} 0 or 1. */
  void encode(byte[] v, int from, int n, WireBuffer out) {
    body.position(0);
    groupCount = 0;
    packing = false;
    if (n > 0) {
      body.putByte((byte) 1);
    }
    int i = 0;
    while (n - i >= MIN_REPEAT) {
      long eight = (long) LONG_BE.get(v, from + i) & ALL_ONES;
      if (eight == 0 || eight == ALL_ONES) {
        i += run(v, from, n, i, eight == 0 ? 0 : 1);
      } else {
        appendGroup(pack(eight));
        i += MIN_REPEAT;
      }
    }
    if (i < n) {
      // A partial last group: padded with zero bits, its size in the run's header.
      long tail = 0;
      for (int k = 0; k < n - i; k++) {
        tail |= (long) (v[from + i + k] & 1) << (56 - 8 * k);
      }
      appendGroup(pack(tail));
      closePacked(n - i);
    } else {
      closePacked(MIN_REPEAT);
    }
    putVarInt(out, body.position());
    out.putBytes(body.array(), 0, body.position());
  }

  /**
   * Writes the rle run of {@code value} starting at row {@code i}, whose first 8 values are equal:
   * as many equal values as follow, at most 32,767; returns its length.
   */
  private int run(byte[] v, int from, int n, int i, int value) {
    long pattern = value == 0 ? 0 : ALL_ONES;
    int length = MIN_REPEAT;
    while (length + 8 <= MAX_REPEAT && i + length + 8 <= n
        && ((long) LONG_BE.get(v, from + i + length) & ALL_ONES) == pattern) {
      length += 8;
    }
    while (length < MAX_REPEAT && i + length < n && (v[from + i + length] & 1) == value) {
      length++;
    }
    closePacked(MIN_REPEAT);
    putVarInt(body, length << 1);
    body.putByte((byte) value);
    return length;
  }

  /** Eight values, one per byte (the first in the highest byte), as bits, the first highest. */
  private static int pack(long eight) {
    int bits = 0;
    for (int k = 0; k < 8; k++) {
      bits = bits << 1 | (int) (eight >>> (56 - 8 * k)) & 1;
    }
    return bits;
  }

  private void appendGroup(int bits) {
    if (groupCount >= MAX_GROUPS) {
      closePacked(MIN_REPEAT);
    }
    packing = true;
    groups[groupCount++] = (byte) bits;
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
