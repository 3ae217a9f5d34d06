package io.quiver.client.internal;

import io.quiver.client.ConnectionException;
import io.quiver.client.QuiverException;
import io.quiver.client.ReplayRefusedException;
import io.quiver.client.StatementException;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.InsertBatch;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open IoTDB session on one TCP (or TLS) connection: the server binds a session to its
 * connection, so calls on it are strictly one at a time. Opens with the table dialect, requests the
 * statement id every statement carries, and maps every failure to a typed exception. Once a call
 * fails at the transport level the connection is marked broken and closed.
 *
 * <p><b>Timeouts.</b> Opening (TCP connect, TLS handshake, open session) waits at most {@code
 * connectTimeout} for each answer (the read timeout when that is zero); every later call waits
 * at most {@code readTimeout} for its answer, except statements and fetches, which wait at least
 * the statement's own time limit (the server's default of 60 s when none is given) plus 10 s, so
 * that the server's own timeout, with its clear status, comes first. A call with no answer in time
 * fails with a retryable {@link ConnectionException} and the connection is closed.
 *
 * <p><b>Replay window.</b> With a {@link ReplayWindow}, every insert the server acknowledged is
 * copied (encoded, as it was sent) into the window, and every successful call lets the frames the
 * server has provably outlived by the window leave it. A new connection {@link #adoptWindow
 * adopts} the window of the broken one it replaces; {@link #replay()} then sends its frames again
 * before anything else.
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

  /** IoTDB's default {@code query_timeout_threshold}: a statement sent without a timeout gets it. */
  static final long SERVER_DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;

  /** How much longer than a statement's own time limit the client waits for its answer. */
  static final long STATEMENT_TIMEOUT_MARGIN_MS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  private static final long DROP_WARNING_INTERVAL_NANOS = 10_000_000_000L;

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
  /** Encodes inserts column by column when the session asks for it ({@code encodeInserts}). */
  private io.quiver.client.internal.encoding.EncodedRequest encoder;
  private int serverMaxFrameSize = DEFAULT_SERVER_FRAME_LIMIT;
  private String serverVersion = "unknown";
  private int seqId;
  private boolean broken;
  private boolean closed;
  /** The read timeout of ordinary calls, and the one the socket has now (with the setting behind it). */
  private final int readTimeoutMillis;
  private int soTimeoutMillis;
  private String soTimeoutSetting;
  /** The timeout of ordinary calls: the open timeout while the session opens, then the read timeout. */
  private int callTimeoutMillis;
  private String callTimeoutSetting;
  /** The session's database as the server last reported it (after USE), or null. */
  private String database;
  /** Acknowledged inserts kept for a replay after a reconnect, or null when the window is off. */
  private ReplayWindow window;
  private long lastDropWarningNanos;
  private long droppedAtLastWarning;
  /**
   * Connections to other DataNodes that redirected inserts went over, owned by this one (they
   * close with it and pass with its window to the connection that replaces it); null when none.
   */
  private Map<Endpoint, Connection> redirects;

  private Connection(Endpoint endpoint, Socket socket, FramedTransport transport, boolean compact, boolean tls,
      int readTimeoutMillis, int openTimeoutMillis, String openTimeoutSetting, String database, ReplayWindow window) {
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
    this.database = database;
    this.window = window;
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
    int readTimeoutMs = (int) config.readTimeout().toMillis();
    int openTimeoutMs = connectTimeoutMs > 0 ? connectTimeoutMs : readTimeoutMs;
    ReplayWindow window = config.replayWindow().isZero()
        ? null : new ReplayWindow(config.replayWindow().toNanos(), config.replayWindowBytes());
    try {
      s.setSoTimeout(openTimeoutMs);
      c = new Connection(endpoint, s, new FramedTransport(s, endpoint.toString(), MAX_FRAME_SIZE),
          config.enableCompression(), tls != null, readTimeoutMs, openTimeoutMs,
          connectTimeoutMs > 0 ? "connectTimeout" : "readTimeout", database, window);
    } catch (IOException e) {
      closeQuietly(s, e);
      throw new ConnectionException(
          endpoint.toString(), "cannot connect to IoTDB at " + endpoint + ": " + e.getMessage(), e);
    }
    try {
      c.openSession(config, database);
      if (config.encodeInserts()) {
        c.encoder = new io.quiver.client.internal.encoding.EncodedRequest(config.gzipInserts()
            ? io.quiver.client.internal.encoding.EncodedRequest.GZIP
            : io.quiver.client.internal.encoding.EncodedRequest.UNCOMPRESSED);
      }
      c.callTimeoutMillis = readTimeoutMs;
      c.callTimeoutSetting = "readTimeout";
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
    Statuses.check(call("test the connection", timeoutMillis, "the probe timeout", client::testConnectionEmptyRPC),
        "test the connection to " + endpoint);
  }

  /** As {@link #ping(int)}, with the read timeout. */
  public void ping() {
    Statuses.check(call("test the connection", client::testConnectionEmptyRPC), "test the connection to " + endpoint);
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

  private static String statementTimeoutSetting(int readTimeoutMs, int effective) {
    return effective == readTimeoutMs ? "readTimeout"
        : "the statement's time limit + " + STATEMENT_TIMEOUT_MARGIN_MS / 1000 + " s, longer than readTimeout";
  }

  /** Executes any statement; the caller checks the status. */
  public TSExecuteStatementResp execute(String sql, int fetchSize, long timeoutMs) {
    TSExecuteStatementReq req = new TSExecuteStatementReq(sessionId, sql, statementId);
    req.setFetchSize(fetchSize);
    if (timeoutMs > 0) {
      req.setTimeout(timeoutMs);
    }
    int wait = statementReadTimeout(readTimeoutMillis, timeoutMs);
    TSExecuteStatementResp resp = call("execute a statement", wait, statementTimeoutSetting(readTimeoutMillis, wait),
        () -> client.executeStatementV2(req));
    if (resp.isSetDatabase()) {
      database = resp.getDatabase();
    }
    return resp;
  }

  /** Fetches the next blocks of a query. */
  public TSFetchResultsResp fetch(String sql, long queryId, int fetchSize, long timeoutMs) {
    TSFetchResultsReq req = new TSFetchResultsReq(sessionId, sql, fetchSize, queryId, true);
    req.setStatementId(statementId);
    if (timeoutMs > 0) {
      req.setTimeout(timeoutMs);
    }
    int wait = statementReadTimeout(readTimeoutMillis, timeoutMs);
    return call("fetch query results", wait, statementTimeoutSetting(readTimeoutMillis, wait),
        () -> client.fetchResultsV2(req));
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
   * found by the batch), the frame is discarded and nothing is sent. When the server acknowledges
   * it, the frame is copied into the replay window (if there is one).
   *
   * @throws IllegalStateException if the window holds frames not yet replayed on this connection
   *     (call {@link #replay()} first)
   */
  public TSStatus insert(InsertBatch batch) {
    ensureUsable();
    if (window != null && window.unconfirmed() > 0) {
      throw new IllegalStateException("the replay window of " + endpoint + " holds " + window.unconfirmed()
          + " frames not yet replayed on this connection; replay() must come first");
    }
    try {
      InsertRequestWriter.write(protocol, transport.frame(), compact, ++seqId, sessionId, batch, precision, encoder);
    } catch (RuntimeException e) {
      discardRequest();
      throw e;
    } catch (TException e) {
      discardRequest();
      throw new IllegalStateException("encoding an insert request failed", e);
    }
    TSStatus status = call("insert into table '" + batch.tableName() + "'", this::sendInsertAndReceive);
    if (window != null && Statuses.isSuccess(status)) {
      keep(batch);
    }
    return status;
  }

  /** Copies the acknowledged frame, still in the outgoing buffer, into the window. */
  private void keep(InsertBatch batch) {
    int dropped = window.add(transport.frame().array(), 0, transport.lastFrameLength(), batch.rowCount(),
        batch.tableName(), database, System.nanoTime());
    if (dropped > 0) {
      long now = System.nanoTime();
      if (lastDropWarningNanos == 0 || now - lastDropWarningNanos >= DROP_WARNING_INTERVAL_NANOS) {
        LOG.warn("the replay window of the session on {} is full ({} bytes, replayWindowBytes): {} acknowledged"
            + " frames ({} rows in all so far, {} since the last warning) left it before their {} ms were up;"
            + " a crash of the server now could lose them. Raise replayWindowBytes, or insert more slowly",
            endpoint, window.maxBytes(), window.droppedFrames(), window.droppedRows(),
            window.droppedRows() - droppedAtLastWarning, window.windowNanos() / 1_000_000);
        lastDropWarningNanos = now;
        droppedAtLastWarning = window.droppedRows();
      }
    }
  }

  /** The replay window, or null when it is off. */
  public ReplayWindow window() {
    return window;
  }

  /** True when the replay window holds acknowledged frames (replayed or not). */
  public boolean holdsFrames() {
    return window != null && window.frames() > 0;
  }

  /** True when the replay window holds frames that must be replayed before new work. */
  public boolean needsReplay() {
    return window != null && window.unconfirmed() > 0;
  }

  /**
   * Takes over the replay window of {@code predecessor}, the broken connection this one replaces:
   * its frames must all be replayed here ({@link #replay()}) before anything else is sent.
   */
  public void adoptWindow(Connection predecessor) {
    if (predecessor.redirects != null) {
      redirects = predecessor.redirects;
      predecessor.redirects = null;
    }
    if (predecessor.window == null) {
      return;
    }
    window = predecessor.window;
    predecessor.window = null;
    window.markAllUnconfirmed();
  }

  /**
   * Takes over the acknowledged frames of {@code given}, a connection given up while this one goes
   * on (a redirect connection that broke): they are replayed here, after this window's own frames,
   * before anything else is sent ({@link ReplayWindow#absorb}).
   */
  public void absorbWindow(Connection given) {
    if (given.window == null || given.window.frames() == 0) {
      return;
    }
    if (window == null) {
      window = new ReplayWindow(given.window.windowNanos(), given.window.maxBytes());
    }
    int dropped = window.absorb(given.window);
    if (dropped > 0) {
      LOG.warn("the replay window of the session on {} is full: {} acknowledged frames left it early while it took"
          + " over those of {}", endpoint, dropped, given.endpoint);
    }
  }

  /** The redirect connection to {@code target} this connection owns, or null. */
  public Connection redirect(Endpoint target) {
    return redirects == null ? null : redirects.get(target);
  }

  /** Hands a redirect connection to this one, which now owns it. */
  public void addRedirect(Connection redirect) {
    if (redirects == null) {
      redirects = new LinkedHashMap<>();
    }
    redirects.put(redirect.endpoint(), redirect);
  }

  /** Takes a redirect connection back from this one (the caller closes it). */
  public void removeRedirect(Connection redirect) {
    if (redirects != null) {
      redirects.remove(redirect.endpoint(), redirect);
    }
  }

  /** The redirect connections this one owns, in the order they were opened (a copy). */
  public List<Connection> redirects() {
    return redirects == null ? List.of() : new ArrayList<>(redirects.values());
  }

  /**
   * Sends the window's unconfirmed frames again, oldest first, each as it was acknowledged, and
   * checks each answer. A frame sent in another database than the current one is preceded by a
   * {@code USE}; the current database is restored at the end (when there was one).
   *
   * @throws ConnectionException if the link fails (the frames stay, for the next connection)
   * @throws StatementException (retryable) if the server asks to retry a frame later (it and the
   *     rest stay unconfirmed; the next call replays them first)
   * @throws ReplayRefusedException (not retryable) if the server refused frames for good: they
   *     left the window and their rows may be missing; the other frames were replayed
   */
  public void replay() {
    if (!needsReplay()) {
      return;
    }
    ensureUsable();
    long t0 = System.nanoTime();
    int frames = window.unconfirmed();
    long replayedBefore = window.replayedRows();
    String original = database;
    List<String> refusals = new ArrayList<>();
    long refusedRows = 0;
    int refusedFrames = 0;
    while (window.unconfirmed() > 0) {
      String db = window.nextDatabase();
      String table = window.nextTable();
      int rows = window.nextRows();
      String what = "replay an acknowledged insert of " + rows + " rows into table '" + table + "'"
          + (db == null ? "" : " of database '" + db + "'");
      TSStatus status;
      if (db != null && !db.equals(database)) {
        status = execute(use(db), 1, 0).getStatus();
        if (Statuses.isSuccess(status)) {
          database = db;
        }
      } else {
        status = null;
      }
      if (status == null || Statuses.isSuccess(status)) {
        status = call(what, () -> {
          transport.sendStored(window);
          return receiveInsertResult();
        });
      }
      if (Statuses.isSuccess(status)) {
        window.confirmNext(System.nanoTime());
        continue;
      }
      if (status.isSetNeedRetry() && status.isNeedRetry()) {
        Statuses.check(status, what + " on " + endpoint); // throws a retryable StatementException
      }
      if (status.getCode() == Statuses.EXECUTE_STATEMENT_ERROR) {
        // What a node answers when it cannot reach the node that leads the rows (seen on 1C2D:
        // "Fail to send plan node ... Connection refused"): the frame stays for a later replay.
        throw new StatementException(what + " on " + endpoint + " (kept in the replay window for a later try)",
            status.getCode(), status.getMessage(), true);
      }
      refusedFrames++;
      refusedRows += rows;
      if (refusals.size() < 5) {
        refusals.add(rows + " rows into '" + table + "'" + (db == null ? "" : " of '" + db + "'") + ": status "
            + status.getCode() + " " + status.getMessage());
      }
      window.refuseNext();
    }
    if (original != null && !original.equals(database)) {
      Statuses.check(execute(use(original), 1, 0).getStatus(), "restore database '" + original + "' after a replay");
    }
    LOG.info("replayed {} acknowledged insert frames ({} rows) on {} in {} ms after a reconnect{}",
        frames - refusedFrames, window.replayedRows() - replayedBefore, endpoint, (System.nanoTime() - t0) / 1_000_000,
        refusedFrames == 0 ? "" : "; the server refused " + refusedFrames + " more (" + refusedRows + " rows)");
    if (refusedFrames > 0) {
      throw new ReplayRefusedException(endpoint.toString(), refusedFrames, refusedRows, refusals);
    }
  }

  private static String use(String db) {
    return "USE \"" + db.replace("\"", "\"\"") + "\"";
  }

  /** The database the server last reported for this session (after USE), or the one it opened in. */
  public String database() {
    return database;
  }

  /**
   * Encodes the batch into the outgoing frame and discards it: finds bad data (which the batch
   * reports while writing) without sending anything.
   */
  public void encodeOnly(InsertBatch batch) {
    ensureUsable();
    try {
      InsertRequestWriter.write(protocol, transport.frame(), compact, 0, sessionId, batch, precision, encoder);
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
    return receiveInsertResult();
  }

  private TSStatus receiveInsertResult() throws TException {
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
    return call(what, callTimeoutMillis, callTimeoutSetting, rpc);
  }

  /**
   * Runs one round trip, waiting at most {@code timeoutMillis} (0 = no limit; {@code setting} names
   * where the limit comes from, for the message) for the answer. An answer proves the server was
   * alive when the call was sent: the replay window's frames it has outlived leave.
   */
  private <T> T call(String what, int timeoutMillis, String setting, Rpc<T> rpc) {
    ensureUsable();
    applySoTimeout(timeoutMillis, setting);
    long sentAt = System.nanoTime();
    try {
      T result = rpc.run();
      if (window != null) {
        window.expire(sentAt);
      }
      return result;
    } catch (TApplicationException e) {
      // The server answered, but with a protocol-level error: the link itself is fine.
      throw new QuiverException("IoTDB at " + endpoint + " failed to " + what + ": " + e.getMessage(), false, e);
    } catch (TTransportException e) {
      boolean neverAnswered = !transport.hasReceivedFrame();
      markBroken();
      String reason = e.getType() == TTransportException.TIMED_OUT
          ? "no answer within " + soTimeoutMillis + " ms (" + soTimeoutSetting + ")"
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
    if (redirects != null) {
      for (Connection r : redirects.values()) {
        r.close();
      }
      redirects = null;
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
