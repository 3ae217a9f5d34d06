package io.quiver.client.internal.encoding;

import io.quiver.client.spi.WireBuffer;

/**
 * Writes a stream of bits into a {@link WireBuffer}, most significant bit first: the first bit
 * written is bit 7 of the first byte. Bits are gathered in a 64-bit word and stored 8 bytes at a
 * time. {@link #finish()} stores the last, partly filled byte padded with zero bits.
 */
final class BitSink {
  private WireBuffer out;
  /** Pending bits, right-aligned: the oldest pending bit is bit {@code pending - 1}. */
  private long word;
  private int pending;

  /** Starts a stream at the buffer's position. */
  void start(WireBuffer out) {
    this.out = out;
    this.word = 0;
    this.pending = 0;
  }

  /** Writes the low {@code n} bits of {@code v} (0 <= n <= 64), the highest of them first. */
  void bits(long v, int n) {
    if (n == 0) {
      return;
    }
    if (n < 64) {
      v &= (1L << n) - 1;
    }
    int room = 64 - pending;
    if (n < room) {
      word = (word << n) | v;
      pending += n;
      return;
    }
    // Fill the word to 64 bits, store it, keep the rest.
    int rest = n - room;
    long full = room == 64 ? v >>> rest : (word << room) | (v >>> rest);
    out.putLong(full);
    word = rest == 0 ? 0 : v & ((1L << rest) - 1);
    pending = rest;
  }

  /** Writes one bit. */
  void bit(boolean set) {
    bits(set ? 1 : 0, 1);
  }

  /**
   * Stores the pending bits as whole bytes, the last one padded with zeros, and ends the stream.
   *
   * @param extraByte true to store one more byte when the bits end exactly on a byte boundary
   *     (Gorilla's flush always stores the byte it is filling, even an empty one)
   */
  void finish(boolean extraByte) {
    int bytes = pending >>> 3;
    int tail = pending & 7;
    long w = word;
    for (int b = bytes - 1; b >= 0; b--) {
      out.putByte((byte) (w >>> (tail + 8 * b)));
    }
    if (tail != 0) {
      out.putByte((byte) (w << (8 - tail)));
    } else if (extraByte) {
      out.putByte((byte) 0);
    }
    word = 0;
    pending = 0;
    out = null;
  }
}
