package io.quiver.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on 127.0.0.1 that forwards every connection to the server at no more than a given
 * rate in each direction: a stand-in for a slower link (100 Mbit/s, 1 Gbit/s) between client and
 * server on one machine, and a byte counter (bytes per row on the wire, whatever the client).
 *
 * <p>Each direction of a connection is pumped by its own thread in chunks of at most 16 KiB; a
 * chunk is released when the link would have finished sending the bytes before it (a token
 * bucket without burst), so a request of n bytes takes about n / rate to cross. Latency is not
 * modelled (loopback's is added), nor loss. A rate of 0 forwards at loopback speed.
 */
final class ThrottledRelay implements AutoCloseable {
  private static final int CHUNK = 16 * 1024;

  private final ServerSocket listener;
  private final String upstreamHost;
  private final int upstreamPort;
  private final long bytesPerSecond;
  private final AtomicLong up = new AtomicLong();
  private final AtomicLong down = new AtomicLong();
  private final Thread acceptor;
  private volatile boolean closed;

  /**
   * @param upstream the server, host:port
   * @param bitsPerSecond the link's rate in each direction; 0 for no limit
   */
  ThrottledRelay(String upstream, long bitsPerSecond) throws IOException {
    this.upstreamHost = upstream.substring(0, upstream.lastIndexOf(':'));
    this.upstreamPort = Integer.parseInt(upstream.substring(upstream.lastIndexOf(':') + 1));
    this.bytesPerSecond = bitsPerSecond / 8;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "relay-accept-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Where clients connect instead of the server. */
  String endpoint() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  /** Bytes forwarded from clients to the server so far. */
  long bytesUp() {
    return up.get();
  }

  /** Bytes forwarded from the server to clients so far. */
  long bytesDown() {
    return down.get();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket();
        server.connect(new InetSocketAddress(upstreamHost, upstreamPort));
        for (Socket s : new Socket[] {client, server}) {
          s.setTcpNoDelay(true);
          s.setSendBufferSize(256 * 1024);
          s.setReceiveBufferSize(256 * 1024);
        }
        pump(client, server, up, "up");
        pump(server, client, down, "down");
      } catch (IOException e) {
        if (!closed) {
          System.err.println("relay: " + e);
        }
      }
    }
  }

  private void pump(Socket from, Socket to, AtomicLong counter, String name) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[CHUNK];
      long free = System.nanoTime();
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) > 0) {
          if (bytesPerSecond > 0) {
            long now = System.nanoTime();
            free = Math.max(free, now) + n * 1_000_000_000L / bytesPerSecond;
            while ((now = System.nanoTime()) < free) {
              LockSupport.parkNanos(free - now);
            }
          }
          out.write(buf, 0, n);
          counter.addAndGet(n);
        }
      } catch (IOException e) {
        // The other side closed: close both.
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "relay-" + name + "-" + listener.getLocalPort());
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
  }
}
