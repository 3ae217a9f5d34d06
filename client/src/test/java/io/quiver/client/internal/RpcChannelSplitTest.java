package io.quiver.client.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ConnectionException;
import io.quiver.client.ProtocolException;
import io.quiver.client.TableSessionConfig;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RpcChannel#send} and {@link RpcChannel#receive}, the two halves of a round trip, against
 * a loopback server that echoes each frame once released: two channels' requests are both out
 * before either answer is read; a channel refuses a second request or any call while one is
 * outstanding, and an answer with nothing sent.
 */
class RpcChannelSplitTest {
  private ServerSocket listener;
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch bothReceived = new CountDownLatch(2);
  private Thread acceptor;

  @BeforeEach
  void listen() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      try {
        while (!listener.isClosed()) {
          Socket s = listener.accept();
          Thread echo = new Thread(() -> echo(s), "echo");
          echo.setDaemon(true);
          echo.start();
        }
      } catch (IOException closed) {
        // The test is over.
      }
    }, "echo-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Reads frames; answers each with the same bytes, once both connections' first frames are in. */
  private void echo(Socket s) {
    try (s) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      while (true) {
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        bothReceived.countDown();
        release.await(30, TimeUnit.SECONDS);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
      }
    } catch (IOException | InterruptedException done) {
      // The client closed, or the test is over.
    }
  }

  @AfterEach
  void stop() throws Exception {
    listener.close();
    acceptor.join(5_000);
  }

  private RpcChannel open() {
    TableSessionConfig config = TableSessionConfig.builder().nodeUrls("127.0.0.1:" + listener.getLocalPort())
        .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(30)).build();
    RpcChannel c = RpcChannel.open(new Endpoint("127.0.0.1", listener.getLocalPort()), config, null);
    c.opened();
    return c;
  }

  private static void send(RpcChannel c, byte[] bytes) {
    c.send("send", () -> {
      c.transport().write(bytes, 0, bytes.length);
      c.transport().flush();
      return null;
    });
  }

  private static byte[] receive(RpcChannel c, int n) {
    return c.receive("receive", () -> {
      byte[] got = new byte[n];
      int at = 0;
      while (at < n) {
        at += c.transport().read(got, at, n - at);
      }
      return got;
    });
  }

  @Test
  void twoChannelsBothSendBeforeEitherAnswerIsRead() throws Exception {
    RpcChannel a = open();
    RpcChannel b = open();
    try {
      send(a, new byte[] {1, 2, 3});
      send(b, new byte[] {4, 5});
      assertTrue(bothReceived.await(30, TimeUnit.SECONDS), "both requests reached the server unanswered");
      release.countDown();
      assertArrayEquals(new byte[] {1, 2, 3}, receive(a, 3));
      assertArrayEquals(new byte[] {4, 5}, receive(b, 2));
      assertTrue(!a.hasOutstanding() && !b.hasOutstanding());
    } finally {
      a.close(() -> null);
      b.close(() -> null);
    }
  }

  @Test
  void anOutstandingRequestBlocksOtherCallsAndNothingSentHasNoAnswer() {
    RpcChannel a = open();
    try {
      assertThrows(ProtocolException.class, () -> receive(a, 1), "nothing was sent");
      send(a, new byte[] {9});
      assertThrows(ProtocolException.class, () -> send(a, new byte[] {8}), "one request at a time");
      assertThrows(ProtocolException.class, () -> a.call("a call", () -> null), "no call in between");
      release.countDown();
      assertArrayEquals(new byte[] {9}, receive(a, 1));
    } finally {
      a.close(() -> null);
    }
  }

  @Test
  void aClosedChannelRefusesToSend() {
    RpcChannel a = open();
    a.close(() -> null);
    assertThrows(ConnectionException.class, () -> send(a, new byte[] {1}));
  }

  @Test
  void aPipeliningChannelSendsUpToItsLimitAndReadsTheAnswersInTheOrderSent() {
    RpcChannel a = open();
    try {
      a.maxOutstanding(3);
      release.countDown();
      send(a, new byte[] {1});
      send(a, new byte[] {2, 2});
      send(a, new byte[] {3, 3, 3});
      assertEquals(3, a.outstanding());
      assertThrows(ProtocolException.class, () -> send(a, new byte[] {4}), "at most 3 in flight");
      assertThrows(ProtocolException.class, () -> a.call("a call", () -> null), "no call in between");
      assertArrayEquals(new byte[] {1}, receive(a, 1));
      send(a, new byte[] {4, 4, 4, 4});
      assertArrayEquals(new byte[] {2, 2}, receive(a, 2));
      assertArrayEquals(new byte[] {3, 3, 3}, receive(a, 3));
      assertArrayEquals(new byte[] {4, 4, 4, 4}, receive(a, 4));
      assertEquals(0, a.outstanding());
      assertThrows(IllegalArgumentException.class, () -> a.maxOutstanding(0));
    } finally {
      a.close(() -> null);
    }
  }
}
