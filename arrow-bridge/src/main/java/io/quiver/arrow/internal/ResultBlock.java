package io.quiver.arrow.internal;

import io.quiver.arrow.ResultConversionException;
import io.quiver.client.spi.BigEndian;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * A read cursor over one serialized TsBlock: the bytes {@code [start, end)} of a heap array, read
 * big-endian, with every read checked against {@code end} so that a malformed block fails with a
 * {@link ResultConversionException} instead of reading past it. Decoders read the array
 * directly, between a {@link #require} and an {@link #skip}.
 *
 * <p>The blocks of a fetch are slices of the connection's read buffer (a heap array), so they are
 * read in place; a block in any other kind of buffer (direct, read-only) is first copied into a
 * reused array.
 */
final class ResultBlock {
  static final VarHandle INT_BE = BigEndian.INT;
  static final VarHandle LONG_BE = BigEndian.LONG;

  byte[] a;
  /** The next byte to read. */
  int p;
  int end;
  private byte[] copy = new byte[0];

  /** Points this cursor at {@code buffer}'s remaining bytes (the buffer itself is not moved). */
  ResultBlock of(ByteBuffer buffer) {
    int length = buffer.remaining();
    if (buffer.hasArray()) {
      a = buffer.array();
      p = buffer.arrayOffset() + buffer.position();
    } else {
      if (copy.length < length) {
        copy = new byte[length];
      }
      buffer.duplicate().get(copy, 0, length);
      a = copy;
      p = 0;
    }
    end = p + length;
    return this;
  }

  /** Checks that {@code bytes} more bytes are there. */
  void require(long bytes, String what) {
    if (bytes < 0 || bytes > end - p) {
      throw malformed(what + " needs " + bytes + " bytes but the block has " + (end - p) + " left");
    }
  }

  void skip(long bytes, String what) {
    require(bytes, what);
    p += (int) bytes;
  }

  byte readByte(String what) {
    require(1, what);
    return a[p++];
  }

  int readInt(String what) {
    require(4, what);
    int v = (int) INT_BE.get(a, p);
    p += 4;
    return v;
  }

  static ResultConversionException malformed(String what) {
    return new ResultConversionException("the query result is not a well-formed TsBlock: " + what, null, -1);
  }
}
