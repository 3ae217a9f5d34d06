package io.quiver.client.internal.encoding;

import io.quiver.client.spi.WireBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * GZIP request compression ({@code compressType} 2), as IoTDB's client writes it: the JDK's
 * {@link GZIPOutputStream} over the whole field, then the field's length before compression as a
 * big-endian int32 after the compressed bytes (the server reads it from the end). The JDK does
 * the work, so no library is needed. At {@link Deflater#DEFAULT_COMPRESSION} the bytes are those
 * of the official client on the same JDK; the session uses {@link Deflater#BEST_SPEED}, several
 * times cheaper for a few percent more bytes (the server inflates either).
 */
final class Gzip {
  private Gzip() {}

  /**
   * Writes the compressed form of {@code in}'s bytes into {@code out} (cleared first).
   *
   * @param level a {@link Deflater} level
   */
  static void compress(WireBuffer in, WireBuffer out, int level) {
    out.position(0);
    OutputStream sink = new OutputStream() {
      @Override
      public void write(int b) {
        out.putByte((byte) b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        out.putBytes(b, off, len);
      }
    };
    try (GZIPOutputStream gzip = new GZIPOutputStream(sink) {
      {
        def.setLevel(level);
      }
    }) {
      gzip.write(in.array(), 0, in.position());
    } catch (IOException e) {
      throw new UncheckedIOException("GZIP into memory failed", e);
    }
    out.putInt(in.position());
  }
}
