package io.quiver.client.internal;

import io.quiver.client.spi.WireBuffer;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * Thrift's framed transport over one socket, with both frame buffers owned and reused.
 *
 * <p>Wire format: each message is a 4-byte big-endian length, then that many bytes of protocol
 * payload. Nothing else.
 *
 * <p>Writing: the outgoing frame is built in one {@link WireBuffer} whose first 4 bytes are reserved
 * for the length; {@link #flush()} patches the length and hands the whole array to the socket in
 * one write. Encoders may write into {@link #frame()} directly, so a request's bulk bytes are copied
 * once, from the caller's data into this array.
 *
 * <p>After {@link #flush()}, the frame just sent stays in {@link #frame()}'s array, bytes 0 to
 * {@link #lastFrameLength()} (length header included), until the next request is written: the
 * caller may copy it once the server acknowledged it. {@link #sendStored} sends such a copy again,
 * as it is.
 *
 * <p>Reading: a whole response frame is read into one reused array; the protocol reads from it, and
 * exposes it through {@link #getBuffer()} so that Thrift's {@code readBinary} returns slices of it
 * without copying. Those slices are valid only until the next response is read.
 *
 * <p>The first response is checked for a TLS record header (content type 20 to 23, version 3.x):
 * a TLS server answers a plaintext request with a TLS alert, whose first 4 bytes read as a frame of
 * about 350 MB. That case fails at once, saying that the server uses TLS, instead of allocating
 * the frame and then hitting the end of the stream.
 */
public final class FramedTransport extends TTransport {
  private static final int HEADER = 4;

  private final Closeable socket;
  private final InputStream in;
  private final OutputStream out;
  private final String endpoint;
  private final int maxFrameSize;
  private final TConfiguration configuration;
  private final WireBuffer frame;
  private final byte[] header = new byte[HEADER];
  private byte[] readBuf;
  private int readPos;
  private int readLimit;
  private long framesRead;
  private int lastFrameLength;
  private boolean open = true;

  public FramedTransport(Socket socket, String endpoint, int maxFrameSize) throws IOException {
    this(socket.getInputStream(), socket.getOutputStream(), socket, endpoint, maxFrameSize);
  }

  /** A transport over any pair of streams; {@code closer} is closed with the transport. */
  FramedTransport(InputStream in, OutputStream out, Closeable closer, String endpoint, int maxFrameSize) {
    this.socket = closer;
    this.in = in;
    this.out = out;
    this.endpoint = endpoint;
    this.maxFrameSize = maxFrameSize;
    this.configuration = new TConfiguration(maxFrameSize, maxFrameSize, TConfiguration.DEFAULT_RECURSION_DEPTH);
    this.frame = new WireBuffer(64 * 1024);
    this.frame.position(HEADER);
    this.readBuf = new byte[64 * 1024];
  }

  /** The outgoing frame being built; its position is where the next payload byte goes. */
  public WireBuffer frame() {
    return frame;
  }

  /** Drops what was written since the last flush, so nothing of it is sent. */
  public void discardFrame() {
    frame.position(HEADER);
  }

  /** True once a whole response frame has been read: the server speaks framed Thrift. */
  public boolean hasReceivedFrame() {
    return framesRead > 0;
  }

  /** The number of payload bytes written since the last flush. */
  public int pendingBytes() {
    return frame.position() - HEADER;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void open() {
    // The socket is connected by the caller.
  }

  @Override
  public void close() {
    open = false;
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a socket that failed is best effort; the connection is unusable either way.
      org.slf4j.LoggerFactory.getLogger(FramedTransport.class)
          .debug("closing the socket to {} failed: {}", endpoint, e.toString());
    }
  }

  @Override
  public void write(byte[] buf, int off, int len) {
    frame.putBytes(buf, off, len);
  }

  @Override
  public void flush() throws TTransportException {
    int payload = pendingBytes();
    frame.putIntAt(0, payload);
    lastFrameLength = frame.position();
    try {
      out.write(frame.array(), 0, lastFrameLength);
      out.flush();
    } catch (IOException e) {
      throw new TTransportException(TTransportException.UNKNOWN, "write to " + endpoint + " failed", e);
    } finally {
      frame.position(HEADER);
    }
  }

  /**
   * The length, header included, of the frame the last {@link #flush()} sent; its bytes are at the
   * start of {@link #frame()}'s array until the next request is written.
   */
  public int lastFrameLength() {
    return lastFrameLength;
  }

  /**
   * Sends the next unconfirmed frame of {@code window} as it was stored (a whole frame, length
   * header included), bypassing the outgoing frame buffer.
   */
  public void sendStored(ReplayWindow window) throws TTransportException {
    try {
      window.writeNext(out::write);
      out.flush();
    } catch (IOException e) {
      throw new TTransportException(TTransportException.UNKNOWN, "write to " + endpoint + " failed", e);
    }
  }

  @Override
  public int read(byte[] buf, int off, int len) throws TTransportException {
    if (readPos == readLimit) {
      readFrame();
    }
    int n = Math.min(len, readLimit - readPos);
    System.arraycopy(readBuf, readPos, buf, off, n);
    readPos += n;
    return n;
  }

  private void readFrame() throws TTransportException {
    readFully(header, HEADER);
    int size =
        ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
    if (framesRead == 0 && isTlsRecordHeader(header)) {
      throw new TTransportException(
          TTransportException.CORRUPTED_DATA,
          "the server at " + endpoint + " answered with a TLS " + (header[0] == 21 ? "alert" : "record")
              + " instead of a Thrift frame: its client port uses TLS (enable_thrift_ssl=true); set useSsl(true)"
              + " and caCerts or trustStore");
    }
    if (size < 0 || size > maxFrameSize) {
      throw new TTransportException(
          TTransportException.CORRUPTED_DATA,
          "a response frame from " + endpoint + " claims " + size + " bytes (limit " + maxFrameSize + ")"
              + (framesRead == 0 ? "; as the first answer on a connection, this means the port does not speak"
                  + " IoTDB's framed Thrift (a TLS port? another service?)" : ""));
    }
    if (readBuf.length < size) {
      readBuf = new byte[Math.max(size, Math.min(readBuf.length * 2, maxFrameSize))];
    }
    readFully(readBuf, size);
    readPos = 0;
    readLimit = size;
    framesRead++;
  }

  /** A TLS record starts with its content type (20 to 23) and protocol version 3.0 to 3.4. */
  private static boolean isTlsRecordHeader(byte[] h) {
    return h[0] >= 20 && h[0] <= 23 && h[1] == 3 && h[2] >= 0 && h[2] <= 4;
  }

  private void readFully(byte[] dst, int len) throws TTransportException {
    int done = 0;
    try {
      while (done < len) {
        int n = in.read(dst, done, len - done);
        if (n < 0) {
          throw new TTransportException(
              TTransportException.END_OF_FILE,
              "the server at " + endpoint + " closed the connection",
              new EOFException());
        }
        done += n;
      }
    } catch (SocketTimeoutException e) {
      throw new TTransportException(
          TTransportException.TIMED_OUT, "no answer from " + endpoint + " within the read timeout", e);
    } catch (IOException e) {
      throw new TTransportException(TTransportException.UNKNOWN, "read from " + endpoint + " failed", e);
    }
  }

  @Override
  public byte[] getBuffer() {
    return readBuf;
  }

  @Override
  public int getBufferPosition() {
    return readPos;
  }

  @Override
  public int getBytesRemainingInBuffer() {
    return readLimit - readPos;
  }

  @Override
  public void consumeBuffer(int len) {
    readPos += len;
  }

  @Override
  public TConfiguration getConfiguration() {
    return configuration;
  }

  @Override
  public void updateKnownMessageSize(long size) {
    // Frames carry their own size; nothing to track.
  }

  @Override
  public void checkReadBytesAvailable(long numBytes) throws TTransportException {
    if (numBytes > (long) readLimit - readPos) {
      throw new TTransportException(
          TTransportException.MESSAGE_SIZE_LIMIT, "a response from " + endpoint + " announces " + numBytes + " bytes beyond the end of its frame");
    }
  }

  @Override
  public void resetMessageSizeAndConsumedBytes(long newSize) {
    // Frames carry their own size; nothing to track.
  }
}
