package io.quiver.localiotdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Loopback port checks: does something answer there, could we listen there. */
final class Ports {
  private Ports() {
  }

  /** True when a TCP connection to {@code host:port} succeeds within {@code timeout}. */
  static boolean isAnswering(String host, int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
      return true;
    } catch (ConnectException | SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** True when some process listens on 127.0.0.1:{@code port} or keeps us from listening there. */
  static boolean isInUse(int port) {
    if (isAnswering(ClusterSpec.HOST, port, Duration.ofMillis(500))) {
      return true;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(ClusterSpec.HOST, port));
      return false;
    } catch (BindException e) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check port " + port + " on 127.0.0.1: " + e.getMessage(), e);
    }
  }
}
