package io.quiver.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback between a client and the test server, to break connections the way a
 * network does: {@link #cutAll()} closes both ends of every relayed connection (the client then
 * reads end-of-stream or a reset from the wire, as when a server or a middlebox drops it), and
 * {@link #refuseNext(int)} makes the next connections close as soon as they are accepted, and {@link
 * #silence()} makes it a node that accepts and keeps connections but never answers (a hung server).
 * Bytes are relayed as they are; two daemon threads per connection.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final Thread acceptor;
  private final List<Socket> sockets = new ArrayList<>();
  private final AtomicInteger refuse = new AtomicInteger();
  private volatile boolean closed;
  private volatile boolean silent;

  /** Starts relaying 127.0.0.1:(a free port) to {@code target} ("host:port"). */
  public TcpProxy(String target) throws IOException {
    int colon = target.lastIndexOf(':');
    this.targetHost = target.substring(0, colon);
    this.targetPort = Integer.parseInt(target.substring(colon + 1));
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The address clients connect to, "127.0.0.1:port". */
  public String endpoint() {
    return "127.0.0.1:" + port();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** The port of the server behind the proxy. */
  public int targetPort() {
    return targetPort;
  }

  /** The next {@code connections} connections are closed as soon as they are accepted. */
  public void refuseNext(int connections) {
    refuse.set(connections);
  }

  /**
   * From now on nothing is relayed, in either direction, on existing or new connections: bytes are
   * read and dropped, connections stay open. The client sees a server that never answers.
   */
  public void silence() {
    silent = true;
  }

  /** Closes both ends of every connection relayed so far. */
  public void cutAll() {
    List<Socket> toClose;
    synchronized (sockets) {
      toClose = new ArrayList<>(sockets);
      sockets.clear();
    }
    for (Socket s : toClose) {
      closeQuietly(s);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        throw new IllegalStateException("the test proxy stopped accepting", e);
      }
      if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        closeQuietly(client);
        continue;
      }
      Socket server = new Socket();
      try {
        server.connect(new InetSocketAddress(targetHost, targetPort), 5000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      synchronized (sockets) {
        sockets.add(client);
        sockets.add(server);
      }
      pump(client, server);
      pump(server, client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (!silent) {
            out.write(buf, 0, n);
          }
        }
      } catch (IOException e) {
        // cut, or the other side closed: the relay of this connection ends, both sides close below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing a socket the other pump already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    cutAll();
  }
}
