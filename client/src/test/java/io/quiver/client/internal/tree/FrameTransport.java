package io.quiver.client.internal.tree;

import io.quiver.client.spi.WireBuffer;
import java.util.Arrays;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.transport.TTransport;

/**
 * A write-only transport whose pending bytes are one {@link WireBuffer}, as the connection's
 * framed transport is: the protocol's writes and a batch's direct writes land in the same array.
 */
final class FrameTransport extends TTransport {
  private final WireBuffer frame = new WireBuffer(64);

  WireBuffer frame() {
    return frame;
  }

  byte[] bytes() {
    return Arrays.copyOf(frame.array(), frame.position());
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public void open() {}

  @Override
  public void close() {}

  @Override
  public int read(byte[] buf, int off, int len) {
    throw new UnsupportedOperationException("write-only");
  }

  @Override
  public void write(byte[] buf, int off, int len) {
    frame.putBytes(buf, off, len);
  }

  @Override
  public TConfiguration getConfiguration() {
    return new TConfiguration();
  }

  @Override
  public void updateKnownMessageSize(long size) {}

  @Override
  public void checkReadBytesAvailable(long numBytes) {}

  @Override
  public void resetMessageSizeAndConsumedBytes(long newSize) {}
}
