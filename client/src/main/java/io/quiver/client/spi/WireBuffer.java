package io.quiver.client.spi;

import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The growable, reused byte array that an outgoing request frame is built in. Batches write their
 * timestamps and values straight into it ({@link InsertBatch}); the connection then hands the
 * array to the socket as it is. All multi-byte puts are big-endian, as IoTDB expects.
 *
 * <p>Bulk writers may work on {@link #array()} directly: call {@link #ensureRemaining(int)} first
 * (it may replace the array), write at {@link #position()}, then {@link #advance(int)}.
 *
 * <p>Not thread-safe; owned by one connection.
 */
public final class WireBuffer {
  private static final VarHandle INT_BE = BigEndian.INT;
  private static final VarHandle LONG_BE = BigEndian.LONG;
  /** Arrays stay below this so that a length always fits an int with room for headers. */
  private static final int MAX_CAPACITY = Integer.MAX_VALUE - 64;

  private byte[] buf;
  private int pos;

  /** A buffer with this initial capacity. */
  public WireBuffer(int initialCapacity) {
    this.buf = new byte[Math.max(16, initialCapacity)];
  }

  /** The current backing array; replaced when the buffer grows. */
  public byte[] array() {
    return buf;
  }

  /** The index the next byte is written at. */
  public int position() {
    return pos;
  }

  /** Moves the write index; bytes beyond it are ignored. */
  public void position(int newPosition) {
    if (newPosition < 0 || newPosition > buf.length) {
      throw new IndexOutOfBoundsException("position " + newPosition + ", capacity " + buf.length);
    }
    this.pos = newPosition;
  }

  /** Marks {@code n} bytes written directly into {@link #array()} as part of the buffer. */
  public void advance(int n) {
    position(pos + n);
  }

  /** The capacity of the backing array. */
  public int capacity() {
    return buf.length;
  }

  /**
   * Makes room for {@code n} more bytes after the position, growing the array (at least doubling)
   * if needed.
   *
   * @throws IllegalArgumentException if the request would exceed 2 GiB, the largest frame
   */
  public void ensureRemaining(long n) {
    long needed = pos + n;
    if (needed <= buf.length) {
      return;
    }
    if (n < 0 || needed > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "a request of " + needed + " bytes exceeds the largest frame (2 GiB); split the batch");
    }
    long grown = Math.max(needed, Math.min((long) buf.length * 2, MAX_CAPACITY));
    buf = Arrays.copyOf(buf, (int) grown);
  }

  public void putByte(byte b) {
    ensureRemaining(1);
    buf[pos++] = b;
  }

  public void putBoolean(boolean b) {
    putByte(b ? (byte) 1 : (byte) 0);
  }

  public void putInt(int v) {
    ensureRemaining(4);
    INT_BE.set(buf, pos, v);
    pos += 4;
  }

  public void putLong(long v) {
    ensureRemaining(8);
    LONG_BE.set(buf, pos, v);
    pos += 8;
  }

  public void putFloat(float v) {
    putInt(Float.floatToRawIntBits(v));
  }

  public void putDouble(double v) {
    putLong(Double.doubleToRawLongBits(v));
  }

  public void putBytes(byte[] src, int offset, int length) {
    ensureRemaining(length);
    System.arraycopy(src, offset, buf, pos, length);
    pos += length;
  }

  /** Writes an int at an absolute index without moving the position (to patch a length). */
  public void putIntAt(int index, int v) {
    INT_BE.set(buf, index, v);
  }

  /** Writes {@code n} zero bytes. */
  public void putZeros(int n) {
    ensureRemaining(n);
    Arrays.fill(buf, pos, pos + n, (byte) 0);
    pos += n;
  }
}
