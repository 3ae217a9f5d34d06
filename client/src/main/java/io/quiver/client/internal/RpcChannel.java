package io.quiver.client.internal;

import io.quiver.client.ConnectionException;
import io.quiver.client.ProtocolException;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.Timeouts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.LongConsumer;
import org.apache.iotdb.service.rpc.thrift.IClientRPCService;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport under a {@link Connection}: the socket (TLS or not), the framed Thrift transport
 * and protocol, the timeout of each call, and the mapping of every transport failure to a typed
 * exception. Once a call fails at the transport level the channel is marked broken and closed.
 *
 * <p><b>Timeouts.</b> Opening (TCP connect, TLS handshake, open session) waits at most {@code
 * connectTimeout} for each answer (the read timeout when that is zero); after {@link #opened()},
 * every call waits at most {@code readTimeout}, except statements and fetches ({@link
 * #statementCall}), which wait at least the statement's own time limit (the server's default of 60
 * s when none is given) plus 10 s, so that the server's own timeout, with its clear status, comes
 * first.
 *
 * <p><b>Split round trips.</b> {@link #send} and {@link #receive} are the two halves of {@link
 * #call}, with its failures and timeouts: a caller writing to several nodes sends every request
 * first and then reads the answers, so the nodes work at the same time. A session that pipelines
 * its inserts ({@code maxInFlightInserts}) sends up to that many before reading the first answer:
 * IoTDB reads the requests of one connection one after another and answers them in the order sent
 * (docs/pipelined-inserts.md). Any other call while requests are outstanding is refused.
 *
 * <p>Not thread-safe.
 */
final class RpcChannel {
  /** Responses up to this size are accepted (IoTDB's own client uses the same 512 MiB limit). */
  static final int MAX_FRAME_SIZE = 512 * 1024 * 1024;

  /** IoTDB's default {@code query_timeout_threshold}: a statement sent without a timeout gets it. */
  static final long SERVER_DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;

  /** How much longer than a statement's own time limit the client waits for its answer. */
  static final long STATEMENT_TIMEOUT_MARGIN_MS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(RpcChannel.class);

  /** One round trip. */
  @FunctionalInterface
  interface Rpc<T> {
    T run() throws TException;
  }

  private final Endpoint endpoint;
  private final Socket socket;
  private final FramedTransport transport;
  private final TProtocol protocol;
  private final boolean compact;
  private final boolean tls;
  private final IClientRPCService.Client client;
  /** The read timeout of ordinary calls, and the one the socket has now (with the setting behind it). */
  private final int readTimeoutMillis;
  private int soTimeoutMillis;
  private String soTimeoutSetting;
  /** The timeout of ordinary calls: the open timeout while the session opens, then the read timeout. */
  private int callTimeoutMillis;
  private String callTimeoutSetting;
  private boolean broken;
  private boolean closed;
  /** Requests {@link #send} sent that wait for {@link #receive}, oldest first: their send times. */
  private long[] sentAt = new long[1];
  private int outstandingHead;
  private int outstanding;
  /** Told when each call sent at the given nano time was answered. */
  private LongConsumer onAnswer = sentAt -> { };

  private RpcChannel(Endpoint endpoint, Socket socket, FramedTransport transport, boolean compact, boolean tls,
      int readTimeoutMillis, int openTimeoutMillis, String openTimeoutSetting) {
    this.endpoint = endpoint;
    this.socket = socket;
    this.transport = transport;
    this.compact = compact;
    this.tls = tls;
    this.readTimeoutMillis = readTimeoutMillis;
    this.soTimeoutMillis = openTimeoutMillis;
    this.soTimeoutSetting = openTimeoutSetting;
    this.callTimeoutMillis = openTimeoutMillis;
    this.callTimeoutSetting = openTimeoutSetting;
    this.protocol = compact ? new TCompactProtocol(transport) : new TBinaryProtocol(transport);
    this.client = new IClientRPCService.Client(protocol);
  }

  /**
   * Connects to {@code endpoint} (TCP, then the TLS handshake when {@code tls} is not null), with
   * the open timeout.
   *
   * @throws ConnectionException if the node cannot be reached or the handshake fails
   */
  static RpcChannel open(Endpoint endpoint, TableSessionConfig config, TlsSockets tls) {
    Socket socket = new Socket();
    Timeouts timeouts = config.timeouts();
    int connectTimeoutMs = (int) timeouts.connect().toMillis();
    try {
      socket.setTcpNoDelay(true);
      socket.setKeepAlive(true);
      socket.setSendBufferSize(1 << 20);
      socket.setReceiveBufferSize(1 << 20);
      socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), connectTimeoutMs);
    } catch (IOException e) {
      closeQuietly(socket, e);
      throw new ConnectionException(
          endpoint.toString(), "cannot connect to IoTDB at " + endpoint + ": " + e.getMessage(), e);
    }
    // The handshake closes the socket and explains itself when it fails.
    Socket s = tls == null ? socket : tls.handshake(socket, endpoint, connectTimeoutMs);
    int readTimeoutMs = (int) timeouts.read().toMillis();
    int openTimeoutMs = connectTimeoutMs > 0 ? connectTimeoutMs : readTimeoutMs;
    try {
      s.setSoTimeout(openTimeoutMs);
      return new RpcChannel(endpoint, s, new FramedTransport(s, endpoint.toString(), MAX_FRAME_SIZE),
          config.enableCompression(), tls != null, readTimeoutMs, openTimeoutMs,
          connectTimeoutMs > 0 ? "connectTimeout" : "readTimeout");
    } catch (IOException e) {
      closeQuietly(s, e);
      throw new ConnectionException(
          endpoint.toString(), "cannot connect to IoTDB at " + endpoint + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Socket socket, Exception cause) {
    try {
      socket.close();
    } catch (IOException suppressed) {
      cause.addSuppressed(suppressed);
    }
  }

  /** The session is open: ordinary calls wait the read timeout from now on. */
  void opened() {
    callTimeoutMillis = readTimeoutMillis;
    callTimeoutSetting = "readTimeout";
  }

  /**
   * How many requests {@link #send} may have outstanding at once (1 unless the session pipelines
   * its inserts).
   *
   * @throws IllegalStateException if requests are outstanding now
   */
  void maxOutstanding(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxOutstanding: " + max);
    }
    if (outstanding > 0) {
      throw new IllegalStateException(outstanding + " requests to " + endpoint + " wait for their answers");
    }
    sentAt = new long[max];
    outstandingHead = 0;
  }

  void onAnswer(LongConsumer onAnswer) {
    this.onAnswer = onAnswer;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  IClientRPCService.Client client() {
    return client;
  }

  TProtocol protocol() {
    return protocol;
  }

  FramedTransport transport() {
    return transport;
  }

  boolean compact() {
    return compact;
  }

  /** True once a call failed at the transport level, or after {@link #close}. */
  boolean isBroken() {
    return broken || closed;
  }

  /**
   * How long a statement or fetch waits for its answer: the read timeout, but at least the
   * statement's own time limit ({@code statementTimeoutMs}, or the server's 60 s default when 0)
   * plus a margin, so that the server's timeout answers first. Zero (no limit) stays zero.
   */
  static int statementReadTimeout(int readTimeoutMs, long statementTimeoutMs) {
    if (readTimeoutMs == 0) {
      return 0;
    }
    long own = (statementTimeoutMs > 0 ? statementTimeoutMs : SERVER_DEFAULT_STATEMENT_TIMEOUT_MS)
        + STATEMENT_TIMEOUT_MARGIN_MS;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(readTimeoutMs, own));
  }

  /** A statement or fetch with the time limit {@code statementTimeoutMs} (0: the server's). */
  <T> T statementCall(String what, long statementTimeoutMs, Rpc<T> rpc) {
    int wait = statementReadTimeout(readTimeoutMillis, statementTimeoutMs);
    String setting = wait == readTimeoutMillis ? "readTimeout"
        : "the statement's time limit + " + STATEMENT_TIMEOUT_MARGIN_MS / 1000 + " s, longer than readTimeout";
    return call(what, wait, setting, rpc);
  }

  /** A call with the timeout of ordinary calls. */
  <T> T call(String what, Rpc<T> rpc) {
    return call(what, callTimeoutMillis, callTimeoutSetting, rpc);
  }

  /**
   * Runs one round trip, waiting at most {@code timeoutMillis} (0 = no limit; {@code setting} names
   * where the limit comes from, for the message) for the answer.
   *
   * @throws ConnectionException if the transport fails or times out (the channel is then broken)
   * @throws ProtocolException if the server answers with a Thrift application error
   */
  <T> T call(String what, int timeoutMillis, String setting, Rpc<T> rpc) {
    ensureUsable();
    if (outstanding > 0) {
      throw new ProtocolException(outstanding + " requests to " + endpoint + " still wait for their answers;"
          + " receive() them before the next call (" + what + ")", null);
    }
    applySoTimeout(timeoutMillis, setting);
    long sentAt = System.nanoTime();
    try {
      T result = rpc.run();
      onAnswer.accept(sentAt);
      return result;
    } catch (TException e) {
      throw failure(what, e);
    }
  }

  /**
   * The first half of a split round trip: runs {@code request} (which writes and flushes one
   * request) without reading the answer; {@link #receive} reads it. Between the two, other
   * channels may send their requests, so that several nodes work at the same time (no thread is
   * needed: the kernel's socket buffers hold the requests until each server reads them), or this
   * channel its next requests ({@link #maxOutstanding}).
   *
   * @throws ConnectionException if the transport fails (the channel is then broken)
   * @throws ProtocolException if {@link #maxOutstanding} requests are outstanding (a bug in the
   *     caller)
   */
  void send(String what, Rpc<Void> request) {
    ensureUsable();
    if (outstanding == sentAt.length) {
      throw new ProtocolException(outstanding + " requests to " + endpoint + " already wait for their answers;"
          + " receive() one before sending another (" + what + ")", null);
    }
    long at = System.nanoTime();
    try {
      request.run();
    } catch (TException e) {
      throw failure(what, e);
    }
    sentAt[(outstandingHead + outstanding) % sentAt.length] = at;
    outstanding++;
  }

  /**
   * The second half of a split round trip: reads the answer to the oldest request {@link #send}
   * sent, waiting at most the timeout of ordinary calls, with the failures of {@link #call}.
   *
   * @throws ProtocolException if no request is outstanding (a bug in the caller)
   */
  <T> T receive(String what, Rpc<T> answer) {
    ensureUsable();
    if (outstanding == 0) {
      throw new ProtocolException("nothing was sent to " + endpoint + " whose answer could be read (" + what + ")",
          null);
    }
    long at = sentAt[outstandingHead];
    outstandingHead = (outstandingHead + 1) % sentAt.length;
    outstanding--;
    applySoTimeout(callTimeoutMillis, callTimeoutSetting);
    try {
      T result = answer.run();
      onAnswer.accept(at);
      return result;
    } catch (TException e) {
      throw failure(what, e);
    }
  }

  /** True while a request {@link #send} sent waits for {@link #receive}. */
  boolean hasOutstanding() {
    return outstanding > 0;
  }

  /** How many requests {@link #send} sent wait for {@link #receive}. */
  int outstanding() {
    return outstanding;
  }

  /**
   * The typed failure of a round trip: a Thrift application error leaves the link usable; a
   * transport failure breaks it.
   */
  private RuntimeException failure(String what, TException e) {
    if (e instanceof TApplicationException) {
      // The server answered, but with a protocol-level error: the link itself is fine.
      return new ProtocolException("IoTDB at " + endpoint + " failed to " + what + ": " + e.getMessage(), e);
    }
    if (e instanceof TTransportException te) {
      boolean neverAnswered = !transport.hasReceivedFrame();
      markBroken();
      String reason = te.getType() == TTransportException.TIMED_OUT
          ? "no answer within " + soTimeoutMillis + " ms (" + soTimeoutSetting + ")"
          : te.getMessage();
      // A first answer that is not a Thrift frame is a settings mismatch; repeating will not help.
      boolean retryable = !(neverAnswered && te.getType() == TTransportException.CORRUPTED_DATA);
      if (neverAnswered && te.getType() != TTransportException.CORRUPTED_DATA) {
        reason += protocolMismatchHint();
      }
      return new ConnectionException(endpoint.toString(),
          "the connection to IoTDB at " + endpoint + " failed while trying to " + what + ": " + reason,
          retryable, te);
    }
    markBroken();
    return new ConnectionException(endpoint.toString(),
        "the connection to IoTDB at " + endpoint + " failed while trying to " + what + ": " + e, e);
  }

  /**
   * Why a server may drop a connection without answering its first request: IoTDB closes it when
   * the request is not in the protocol it speaks (Thrift binary, or compact with
   * dn_rpc_thrift_compression_enable=true; TLS or not), and nothing is negotiated.
   */
  private String protocolMismatchHint() {
    return ". The server never answered on this connection; IoTDB does this when client and server speak"
        + " different protocols: is the server's dn_rpc_thrift_compression_enable the same as enableCompression ("
        + compact + ")?"
        + (tls ? "" : " Or does the server use TLS (enable_thrift_ssl=true) while useSsl is false?");
  }

  private void applySoTimeout(int timeoutMillis, String setting) {
    soTimeoutSetting = setting;
    if (timeoutMillis == soTimeoutMillis) {
      return;
    }
    try {
      socket.setSoTimeout(timeoutMillis);
      soTimeoutMillis = timeoutMillis;
    } catch (IOException e) {
      markBroken();
      throw new ConnectionException(endpoint.toString(),
          "the connection to IoTDB at " + endpoint + " is unusable: " + e.getMessage(), e);
    }
  }

  /** @throws ConnectionException if the channel is closed or broken */
  void ensureUsable() {
    if (closed) {
      throw new ConnectionException(endpoint.toString(), "the connection to IoTDB at " + endpoint + " is closed", null);
    }
    if (broken) {
      throw new ConnectionException(endpoint.toString(), "the connection to IoTDB at " + endpoint + " is broken", null);
    }
  }

  private void markBroken() {
    broken = true;
    transport.close();
  }

  /** Closes the socket without a goodbye (opening failed). */
  void closeTransport() {
    transport.close();
  }

  /** Runs {@code goodbye} (best effort, only while the link is healthy), then closes the socket. */
  void close(Rpc<?> goodbye) {
    if (closed) {
      return;
    }
    try {
      if (!broken) {
        goodbye.run();
      }
    } catch (TException e) {
      LOG.debug("closing the session on {} failed; closing the socket anyway: {}", endpoint, e.toString());
    } finally {
      closed = true;
      transport.close();
    }
  }
}
