package io.quiver.client.internal;

import io.quiver.client.ConnectionException;
import io.quiver.client.QuiverException;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.InsertBatch;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.service.rpc.thrift.IClientRPCService;
import org.apache.iotdb.service.rpc.thrift.TSCloseOperationReq;
import org.apache.iotdb.service.rpc.thrift.TSCloseSessionReq;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementReq;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;
import org.apache.iotdb.service.rpc.thrift.TSFetchResultsReq;
import org.apache.iotdb.service.rpc.thrift.TSFetchResultsResp;
import org.apache.iotdb.service.rpc.thrift.TSOpenSessionReq;
import org.apache.iotdb.service.rpc.thrift.TSOpenSessionResp;
import org.apache.iotdb.service.rpc.thrift.TSProtocolVersion;
import org.apache.iotdb.service.rpc.thrift.ServerProperties;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TTransportException;

/**
 * One open IoTDB session on one TCP (or TLS) connection: the server binds a session to its
 * connection, so calls on it are strictly one at a time. Opens with the table dialect, requests the
 * statement id every statement carries, and maps every failure to a typed exception. Once a call
 * fails at the transport level the connection is marked broken and closed.
 *
 * <p>Not thread-safe.
 */
public final class Connection implements AutoCloseable {
  /** Responses up to this size are accepted (IoTDB's own client uses the same 512 MiB limit). */
  static final int MAX_FRAME_SIZE = 512 * 1024 * 1024;

  private static final String CLIENT_VERSION = "V_1_0";

  /**
   * The request frame limit assumed when a server does not report its own: IoTDB 2.0.10 defaults
   * to min(64 MiB, DataNode heap / 64), so 16 MiB is safe for any DataNode of 1 GiB heap or more.
   */
  static final int DEFAULT_SERVER_FRAME_LIMIT = 16 * 1024 * 1024;

  private final Endpoint endpoint;
  private final Socket socket;
  private final FramedTransport transport;
  private final TProtocol protocol;
  private final boolean compact;
  private final boolean tls;
  private final IClientRPCService.Client client;
  private long sessionId;
  private long statementId;
  private TimePrecision precision = TimePrecision.MILLISECONDS;
  private int serverMaxFrameSize = DEFAULT_SERVER_FRAME_LIMIT;
  private String serverVersion = "unknown";
  private int seqId;
  private boolean broken;
  private boolean closed;

  private Connection(Endpoint endpoint, Socket socket, FramedTransport transport, boolean compact, boolean tls) {
    this.endpoint = endpoint;
    this.socket = socket;
    this.transport = transport;
    this.compact = compact;
    this.tls = tls;
    this.protocol = compact ? new TCompactProtocol(transport) : new TBinaryProtocol(transport);
    this.client = new IClientRPCService.Client(protocol);
  }

  /**
   * Connects to one node and opens a table-dialect session on it.
   *
   * @param tls the TLS layer, or null for plaintext
   * @param database the database to start in, or null
   * @throws ConnectionException if the node cannot be reached or the link fails
   * @throws io.quiver.client.AuthenticationException if the server refuses the credentials
   * @throws io.quiver.client.StatementException if the server refuses the session otherwise
   */
  public static Connection open(
      Endpoint endpoint, TableSessionConfig config, TlsSockets tls, String database) {
    Socket socket = new Socket();
    int connectTimeoutMs = (int) config.connectTimeout().toMillis();
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
    Connection c;
    try {
      s.setSoTimeout((int) config.readTimeout().toMillis());
      c = new Connection(endpoint, s, new FramedTransport(s, endpoint.toString(), MAX_FRAME_SIZE),
          config.enableCompression(), tls != null);
    } catch (IOException e) {
      closeQuietly(s, e);
      throw new ConnectionException(
          endpoint.toString(), "cannot connect to IoTDB at " + endpoint + ": " + e.getMessage(), e);
    }
    try {
      c.openSession(config, database);
      return c;
    } catch (RuntimeException e) {
      c.transport.close();
      throw e;
    }
  }

  private static void closeQuietly(Socket socket, Exception cause) {
    try {
      socket.close();
    } catch (IOException suppressed) {
      cause.addSuppressed(suppressed);
    }
  }

  private void openSession(TableSessionConfig config, String database) {
    TSOpenSessionReq req =
        new TSOpenSessionReq(TSProtocolVersion.IOTDB_SERVICE_PROTOCOL_V3, config.timeZone().getId(), config.username());
    req.setPassword(config.password());
    Map<String, String> conf = new HashMap<>();
    conf.put("version", CLIENT_VERSION);
    conf.put("sql_dialect", "table");
    if (database != null) {
      conf.put("db", database);
    }
    req.setConfiguration(conf);
    TSOpenSessionResp resp = call("open a session", () -> client.openSession(req));
    Statuses.check(resp.getStatus(), "open a session on " + endpoint + " as user '" + config.username() + "'");
    sessionId = resp.getSessionId();
    if (resp.isSetConfiguration()) {
      String p = resp.getConfiguration().get("timestamp_precision");
      if (p != null) {
        precision = TimePrecision.fromServerName(p);
      }
    }
    statementId = call("request a statement id", () -> client.requestStatementId(sessionId));
    ServerProperties props = call("read the server's properties", client::getProperties);
    if (props.isSetThriftMaxFrameSize() && props.getThriftMaxFrameSize() > 0) {
      serverMaxFrameSize = props.getThriftMaxFrameSize();
    }
    if (props.isSetVersion()) {
      serverVersion = props.getVersion();
    }
  }

  /** The largest request frame the server accepts, as it reported when the session opened. */
  public int serverMaxFrameSize() {
    return serverMaxFrameSize;
  }

  /** The server's version, as it reported when the session opened. */
  public String serverVersion() {
    return serverVersion;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public TimePrecision precision() {
    return precision;
  }

  /** True once a call failed at the transport level; the connection is then unusable. */
  public boolean isBroken() {
    return broken || closed;
  }

  /**
   * One empty round trip ({@code testConnectionEmptyRPC}), waiting at most {@code timeoutMillis}
   * for the answer: proves the link still works, e.g. after it sat idle. On failure the connection
   * is marked broken and closed.
   *
   * @throws ConnectionException if the link is dead or silent for longer than the timeout
   */
  public void ping(int timeoutMillis) {
    ensureUsable();
    int before;
    try {
      before = socket.getSoTimeout();
      socket.setSoTimeout(timeoutMillis);
    } catch (IOException e) {
      markBroken();
      throw new ConnectionException(endpoint.toString(),
          "the connection to IoTDB at " + endpoint + " is unusable: " + e.getMessage(), e);
    }
    Statuses.check(call("test the connection", client::testConnectionEmptyRPC), "test the connection to " + endpoint);
    try {
      socket.setSoTimeout(before);
    } catch (IOException e) {
      markBroken();
      throw new ConnectionException(endpoint.toString(),
          "the connection to IoTDB at " + endpoint + " is unusable: " + e.getMessage(), e);
    }
  }

  /** Executes any statement; the caller checks the status. */
  public TSExecuteStatementResp execute(String sql, int fetchSize, long timeoutMs) {
    TSExecuteStatementReq req = new TSExecuteStatementReq(sessionId, sql, statementId);
    req.setFetchSize(fetchSize);
    if (timeoutMs > 0) {
      req.setTimeout(timeoutMs);
    }
    return call("execute a statement", () -> client.executeStatementV2(req));
  }

  /** Fetches the next blocks of a query. */
  public TSFetchResultsResp fetch(String sql, long queryId, int fetchSize, long timeoutMs) {
    TSFetchResultsReq req = new TSFetchResultsReq(sessionId, sql, fetchSize, queryId, true);
    req.setStatementId(statementId);
    if (timeoutMs > 0) {
      req.setTimeout(timeoutMs);
    }
    return call("fetch query results", () -> client.fetchResultsV2(req));
  }

  /** Releases a query on the server. */
  public TSStatus closeQuery(long queryId) {
    TSCloseOperationReq req = new TSCloseOperationReq(sessionId);
    req.setQueryId(queryId);
    req.setStatementId(statementId);
    return call("close a query", () -> client.closeOperation(req));
  }

  /**
   * Encodes the batch straight into the outgoing frame and sends it. If encoding fails (bad data
   * found by the batch), the frame is discarded and nothing is sent.
   */
  public TSStatus insert(InsertBatch batch) {
    ensureUsable();
    try {
      InsertRequestWriter.write(protocol, transport.frame(), compact, ++seqId, sessionId, batch, precision);
    } catch (RuntimeException e) {
      discardRequest();
      throw e;
    } catch (TException e) {
      discardRequest();
      throw new IllegalStateException("encoding an insert request failed", e);
    }
    return call("insert into table '" + batch.tableName() + "'", this::sendInsertAndReceive);
  }

  /**
   * Encodes the batch into the outgoing frame and discards it: finds bad data (which the batch
   * reports while writing) without sending anything.
   */
  public void encodeOnly(InsertBatch batch) {
    ensureUsable();
    try {
      InsertRequestWriter.write(protocol, transport.frame(), compact, 0, sessionId, batch, precision);
    } catch (TException e) {
      throw new IllegalStateException("encoding an insert request failed", e);
    } finally {
      discardRequest();
    }
  }

  /**
   * Drops a request written (maybe half-way) into the frame: the bytes, and the protocol's own
   * state (the compact protocol tracks field ids across nested structs), so the next request
   * starts clean.
   */
  private void discardRequest() {
    InsertRequestWriter.discard(protocol, transport);
  }

  private TSStatus sendInsertAndReceive() throws TException {
    transport.flush();
    TMessage msg = protocol.readMessageBegin();
    if (msg.type == TMessageType.EXCEPTION) {
      TApplicationException x = TApplicationException.readFrom(protocol);
      protocol.readMessageEnd();
      throw x;
    }
    IClientRPCService.insertTablet_result result = new IClientRPCService.insertTablet_result();
    result.read(protocol);
    protocol.readMessageEnd();
    if (!result.isSetSuccess()) {
      throw new TApplicationException(TApplicationException.MISSING_RESULT, "insertTablet returned no status");
    }
    return result.getSuccess();
  }

  /** The request frame buffer's capacity, for tests and metrics. */
  public int frameCapacity() {
    return transport.frame().capacity();
  }

  @FunctionalInterface
  private interface Rpc<T> {
    T run() throws TException;
  }

  private <T> T call(String what, Rpc<T> rpc) {
    ensureUsable();
    try {
      return rpc.run();
    } catch (TApplicationException e) {
      // The server answered, but with a protocol-level error: the link itself is fine.
      throw new QuiverException("IoTDB at " + endpoint + " failed to " + what + ": " + e.getMessage(), false, e);
    } catch (TTransportException e) {
      boolean neverAnswered = !transport.hasReceivedFrame();
      markBroken();
      String reason = e.getType() == TTransportException.TIMED_OUT
          ? "no answer within the read timeout"
          : e.getMessage();
      // A first answer that is not a Thrift frame is a settings mismatch; repeating will not help.
      boolean retryable = !(neverAnswered && e.getType() == TTransportException.CORRUPTED_DATA);
      if (neverAnswered && e.getType() != TTransportException.CORRUPTED_DATA) {
        reason += protocolMismatchHint();
      }
      throw new ConnectionException(endpoint.toString(),
          "the connection to IoTDB at " + endpoint + " failed while trying to " + what + ": " + reason,
          retryable, e);
    } catch (TException e) {
      markBroken();
      throw new ConnectionException(endpoint.toString(),
          "the connection to IoTDB at " + endpoint + " failed while trying to " + what + ": " + e, e);
    }
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

  private void ensureUsable() {
    if (closed) {
      throw new IllegalStateException("the connection to " + endpoint + " is closed");
    }
    if (broken) {
      throw new ConnectionException(endpoint.toString(), "the connection to IoTDB at " + endpoint + " is broken", null);
    }
  }

  private void markBroken() {
    broken = true;
    transport.close();
  }

  /** Closes the server session (best effort when the link is healthy) and the socket. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      if (!broken) {
        client.closeSession(new TSCloseSessionReq(sessionId));
      }
    } catch (TException e) {
      org.slf4j.LoggerFactory.getLogger(Connection.class)
          .debug("closing the session on {} failed; closing the socket anyway: {}", endpoint, e.toString());
    } finally {
      closed = true;
      transport.close();
    }
  }
}
