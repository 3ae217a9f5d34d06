package io.quiver.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes through to another stream, putting a prefix at the start of every line. */
final class LinePrefixingOutputStream extends OutputStream {
  private final OutputStream target;
  private final byte[] prefix;
  private boolean atLineStart = true;

  LinePrefixingOutputStream(OutputStream target, String prefix) {
    this.target = target;
    this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void write(int b) throws IOException {
    if (atLineStart) {
      target.write(prefix);
    }
    target.write(b);
    atLineStart = b == '\n';
  }

  @Override
  public void flush() throws IOException {
    target.flush();
  }
}
