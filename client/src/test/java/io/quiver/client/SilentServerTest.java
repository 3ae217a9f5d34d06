package io.quiver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node that accepts connections and then never answers (a hung process, a stopped VM behind a
 * live port): opening a session on it fails after the connect timeout with a retryable error, in
 * bounded time, instead of blocking. The listener is a plain loopback socket that reads nothing and
 * writes nothing.
 */
class SilentServerTest {
  private ServerSocket listener;
  private final List<Socket> accepted = new ArrayList<>();
  private Thread acceptor;

  @BeforeEach
  void listen() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      try {
        while (!listener.isClosed()) {
          Socket s = listener.accept();
          synchronized (accepted) {
            accepted.add(s);
          }
        }
      } catch (IOException closed) {
        // The test is over.
      }
    }, "silent-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stop() throws Exception {
    listener.close();
    synchronized (accepted) {
      for (Socket s : accepted) {
        s.close();
      }
    }
    acceptor.join(5_000);
  }

  private String endpoint() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  @Test
  void openingASessionOnANodeThatNeverAnswersFailsAfterTheConnectTimeoutAndIsRetryable() {
    TableSessionConfig config = TableSessionConfig.builder().nodeUrls(endpoint())
        .connectTimeout(Duration.ofMillis(500)).readTimeout(Duration.ofSeconds(60)).build();
    long t0 = System.nanoTime();
    ConnectionException e = assertThrows(ConnectionException.class, () -> TableSession.open(config));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(e.isRetryable(), e.getMessage());
    assertTrue(ms >= 450 && ms < 5_000, "failed after " + ms + " ms");
    assertTrue(e.getMessage().contains("no answer within 500 ms (connectTimeout)")
        && e.getMessage().contains("open a session"), e.getMessage());
    assertEquals(endpoint(), e.endpoint());
  }

  @Test
  void withoutAConnectTimeoutTheReadTimeoutBoundsTheOpening() {
    TableSessionConfig config = TableSessionConfig.builder().nodeUrls(endpoint())
        .connectTimeout(Duration.ZERO).readTimeout(Duration.ofMillis(400)).build();
    long t0 = System.nanoTime();
    ConnectionException e = assertThrows(ConnectionException.class, () -> TableSession.open(config));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(e.isRetryable(), e.getMessage());
    assertTrue(ms < 5_000, "failed after " + ms + " ms");
    assertTrue(e.getMessage().contains("no answer within 400 ms (readTimeout)"), e.getMessage());
  }

  @Test
  void aPoolWhoseOnlyNodeIsSilentFailsGetSessionInBoundedTime() {
    try (TableSessionPool pool = new TableSessionPool(TableSessionPoolConfig.builder().nodeUrls(endpoint())
        .connectTimeout(Duration.ofMillis(300)).build())) {
      long t0 = System.nanoTime();
      ConnectionException e = assertThrows(ConnectionException.class, pool::getSession);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(e.isRetryable(), e.getMessage());
      assertTrue(ms < 5_000, "failed after " + ms + " ms");
      assertEquals(0, pool.stats().total(), "the place is freed");
    }
  }
}
