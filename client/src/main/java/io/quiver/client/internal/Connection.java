package io.quiver.client.internal;

import io.quiver.client.ConnectionException;
import io.quiver.client.ProtocolException;
import io.quiver.client.ReplaySettings;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.TimePrecision;
import io.quiver.client.internal.session.Link;
import io.quiver.client.internal.session.LinkFactory;
import io.quiver.client.internal.session.PendingInsert;
import io.quiver.client.internal.encoding.EncodedRequest;
import io.quiver.client.spi.InsertBatch;
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
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open IoTDB session on one TCP (or TLS) connection: the server binds a session to its
 * connection, so calls on it are strictly one at a time. Opens with the table dialect, requests the
 * statement id every statement carries, and maps every failure to a typed exception. Once a call
 * fails at the transport level the connection is marked broken and closed.
 *
 * <p>The socket, the timeouts of each call and the mapping of transport failures are the {@link
 * RpcChannel}'s; the replay protocol is the {@link Replayer}'s.
 *
 * <p><b>Replay window.</b> With a {@link ReplayWindow}, every insert the server acknowledged is
 * copied (encoded, as it was sent) into the window, and every successful call lets the frames the
 * server has provably outlived by the window leave it. A new connection {@link #adoptWindow
 * adopts} the window of the broken one it replaces; {@link #replay()} then sends its frames again
 * before anything else.
 *
 * <p>Not thread-safe.
 */
public final class Connection implements Link {
  private static final String CLIENT_VERSION = "V_1_0";

  /**
   * The request frame limit assumed when a server does not report its own: IoTDB 2.0.10 defaults
   * to min(64 MiB, DataNode heap / 64), so 16 MiB is safe for any DataNode of 1 GiB heap or more.
   */
  static final int DEFAULT_SERVER_FRAME_LIMIT = 16 * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  private static final long DROP_WARNING_INTERVAL_NANOS = 10_000_000_000L;

  private final RpcChannel channel;
  private final Endpoint endpoint;
  private final IClientRPCService.Client client;
  private long sessionId;
  private long statementId;
  private TimePrecision precision = TimePrecision.MILLISECONDS;
  /** Encodes inserts column by column when the session asks for it ({@code encodeInserts}); else null. */
  private EncodedRequest encoder;
  private int serverMaxFrameSize = DEFAULT_SERVER_FRAME_LIMIT;
  private String serverVersion = "unknown";
  private int seqId;
  /** The session's database as the server last reported it (after USE), or null. */
  private String database;
  /** Acknowledged inserts kept for a replay after a reconnect, or null when the window is off. */
  private ReplayWindow window;
  private long lastDropWarningNanos;
  private long droppedAtLastWarning;
  private Dialect dialect = Dialect.TABLE;

  private Connection(RpcChannel channel, String database, ReplayWindow window) {
    this.channel = channel;
    this.endpoint = channel.endpoint();
    this.client = channel.client();
    this.database = database;
    this.window = window;
    // An answer proves the server was alive when the call was sent: frames it outlived leave.
    channel.onAnswer(sentAt -> {
      if (this.window != null) {
        this.window.expire(sentAt);
      }
    });
  }

  /** The factory of real links: {@link #open} with these settings. */
  public static LinkFactory factory(TableSessionConfig config, TlsSockets tls) {
    return factory(config, tls, Dialect.TABLE);
  }

  /** The factory of real links in {@code dialect}. */
  public static LinkFactory factory(TableSessionConfig config, TlsSockets tls, Dialect dialect) {
    return (endpoint, database) -> open(endpoint, config, tls, database, dialect);
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
    return open(endpoint, config, tls, database, Dialect.TABLE);
  }

  /** As {@link #open(Endpoint, TableSessionConfig, TlsSockets, String)}, in {@code dialect}. */
  public static Connection open(
      Endpoint endpoint, TableSessionConfig config, TlsSockets tls, String database, Dialect dialect) {
    RpcChannel channel = RpcChannel.open(endpoint, config, tls);
    ReplaySettings replay = config.replay();
    ReplayWindow window = replay.enabled() ? new ReplayWindow(replay.window().toNanos(), replay.maxBytes()) : null;
    Connection c = new Connection(channel, database, window);
    c.dialect = dialect;
    try {
      c.openSession(config, database);
      if (config.encodeInserts()) {
        c.encoder = new EncodedRequest(config.gzipInserts() ? EncodedRequest.GZIP : EncodedRequest.UNCOMPRESSED);
      }
      channel.opened();
      return c;
    } catch (RuntimeException e) {
      channel.closeTransport();
      throw e;
    }
  }

  private void openSession(TableSessionConfig config, String database) {
    TSOpenSessionReq req =
        new TSOpenSessionReq(TSProtocolVersion.IOTDB_SERVICE_PROTOCOL_V3, config.timeZone().getId(), config.username());
    req.setPassword(config.password());
    Map<String, String> conf = new HashMap<>();
    conf.put("version", CLIENT_VERSION);
    conf.put("sql_dialect", dialect.wireName());
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
  @Override
  public int serverMaxFrameSize() {
    return serverMaxFrameSize;
  }

  /** The server's version, as it reported when the session opened. */
  @Override
  public String serverVersion() {
    return serverVersion;
  }

  @Override
  public boolean timeColumnFirst() {
    return dialect == Dialect.TREE;
  }

  @Override
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public TimePrecision precision() {
    return precision;
  }

  /** True once a call failed at the transport level; the connection is then unusable. */
  @Override
  public boolean isBroken() {
    return channel.isBroken();
  }

  /**
   * One empty round trip ({@code testConnectionEmptyRPC}), waiting at most {@code timeoutMillis}
   * for the answer: proves the link still works, e.g. after it sat idle. On failure the connection
   * is marked broken and closed.
   *
   * @throws ConnectionException if the link is dead or silent for longer than the timeout
   */
  @Override
  public void ping(int timeoutMillis) {
    Statuses.check(channel.call("test the connection", timeoutMillis, "the probe timeout", client::testConnectionEmptyRPC),
        "test the connection to " + endpoint);
  }

  /** As {@link #ping(int)}, with the read timeout. */
  @Override
  public void ping() {
    Statuses.check(call("test the connection", client::testConnectionEmptyRPC), "test the connection to " + endpoint);
  }

  /** See {@link RpcChannel#statementReadTimeout}. */
  static int statementReadTimeout(int readTimeoutMs, long statementTimeoutMs) {
    return RpcChannel.statementReadTimeout(readTimeoutMs, statementTimeoutMs);
  }

  /** Executes any statement; the caller checks the status. */
  @Override
  public TSExecuteStatementResp execute(String sql, int fetchSize, long timeoutMs) {
    TSExecuteStatementReq req = new TSExecuteStatementReq(sessionId, sql, statementId);
    req.setFetchSize(fetchSize);
    if (timeoutMs > 0) {
      req.setTimeout(timeoutMs);
    }
    TSExecuteStatementResp resp = channel.statementCall("execute a statement", timeoutMs,
        () -> client.executeStatementV2(req));
    if (resp.isSetDatabase()) {
      database = resp.getDatabase();
    }
    return resp;
  }

  /** Fetches the next blocks of a query. */
  @Override
  public TSFetchResultsResp fetch(String sql, long queryId, int fetchSize, long timeoutMs) {
    TSFetchResultsReq req = new TSFetchResultsReq(sessionId, sql, fetchSize, queryId, true);
    req.setStatementId(statementId);
    if (timeoutMs > 0) {
      req.setTimeout(timeoutMs);
    }
    return channel.statementCall("fetch query results", timeoutMs, () -> client.fetchResultsV2(req));
  }

  /** Releases a query on the server. */
  @Override
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
   * @throws ProtocolException if the window holds frames not yet replayed on this connection
   *     (a bug: {@link #replay()} must come first)
   */
  @Override
  public TSStatus insert(InsertBatch batch) {
    ensureUsable();
    if (window != null && window.unconfirmed() > 0) {
      throw new ProtocolException("the replay window of " + endpoint + " holds " + window.unconfirmed()
          + " frames not yet replayed on this connection; replay() must come first", null);
    }
    try {
      writeRequest(++seqId, batch);
    } catch (RuntimeException e) {
      discardRequest();
      throw e;
    } catch (TException e) {
      discardRequest();
      throw new ProtocolException("encoding an insert request for table '" + batch.tableName() + "' failed", e);
    }
    TSStatus status = call("insert into table '" + batch.tableName() + "'", this::sendInsertAndReceive);
    if (window != null && Statuses.isSuccess(status)) {
      keep(batch);
    }
    return status;
  }

  /**
   * As {@link #insert}, split in two ({@link RpcChannel#send}/{@link RpcChannel#receive}): the
   * request is encoded and flushed now, its answer read by the returned {@link PendingInsert}
   * (which keeps the acknowledged frame, still in this connection's outgoing buffer, in the
   * window). No other call may come between the two.
   */
  @Override
  public PendingInsert sendInsert(InsertBatch batch) {
    ensureUsable();
    if (window != null && window.unconfirmed() > 0) {
      throw new ProtocolException("the replay window of " + endpoint + " holds " + window.unconfirmed()
          + " frames not yet replayed on this connection; replay() must come first", null);
    }
    try {
      writeRequest(++seqId, batch);
    } catch (RuntimeException e) {
      discardRequest();
      throw e;
    } catch (TException e) {
      discardRequest();
      throw new ProtocolException("encoding an insert request for table '" + batch.tableName() + "' failed", e);
    }
    String what = "insert into table '" + batch.tableName() + "'";
    channel.send(what, () -> {
      channel.transport().flush();
      return null;
    });
    return () -> {
      TSStatus status = channel.receive(what, this::receiveInsertResult);
      if (window != null && Statuses.isSuccess(status)) {
        keep(batch);
      }
      return status;
    };
  }

  /** Copies the acknowledged frame, still in the outgoing buffer, into the window. */
  private void keep(InsertBatch batch) {
    int dropped = window.add(channel.transport().frame().array(), 0, channel.transport().lastFrameLength(), batch.rowCount(),
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
  @Override
  public ReplayWindow window() {
    return window;
  }


  @Override
  public void adoptWindow(ReplayWindow predecessor) {
    if (predecessor == null) {
      return;
    }
    window = predecessor;
    window.markAllUnconfirmed();
  }

  @Override
  public ReplayWindow detachWindow() {
    ReplayWindow w = window;
    window = null;
    return w;
  }

  @Override
  public void absorbWindow(ReplayWindow given, Endpoint from) {
    if (given == null || given.frames() == 0) {
      return;
    }
    if (window == null) {
      window = new ReplayWindow(given.windowNanos(), given.maxBytes());
    }
    int dropped = window.absorb(given);
    if (dropped > 0) {
      LOG.warn("the replay window of the session on {} is full: {} acknowledged frames left it early while it took"
          + " over those of {}", endpoint, dropped, from);
    }
  }

  /**
   * Sends the window's unconfirmed frames again, oldest first, each as it was acknowledged, and
   * checks each answer. A frame sent in another database than the current one is preceded by a
   * {@code USE}; the current database is restored at the end (when there was one).
   *
   * @throws ConnectionException if the link fails (the frames stay, for the next connection)
   * @throws io.quiver.client.StatementException (retryable) if the server asks to retry a frame later (it and the
   *     rest stay unconfirmed; the next call replays them first)
   * @throws io.quiver.client.ReplayRefusedException (not retryable) if the server refused frames for good: they
   *     left the window and their rows may be missing; the other frames were replayed
   */
  @Override
  public void replay() {
    if (!needsReplay()) {
      return;
    }
    ensureUsable();
    Replayer.replay(window, new Replayer.Target() {
      @Override
      public Endpoint endpoint() {
        return endpoint;
      }

      @Override
      public String database() {
        return database;
      }

      @Override
      public TSStatus use(String db) {
        TSStatus status = execute(Identifiers.use(db), 1, 0).getStatus();
        if (Statuses.isSuccess(status)) {
          database = db;
        }
        return status;
      }

      @Override
      public TSStatus resend(ReplayWindow w) {
        return call("replay an acknowledged insert of " + w.nextRows() + " rows into table '" + w.nextTable() + "'",
            () -> {
              channel.transport().sendStored(w);
              return receiveInsertResult();
            });
      }
    }, System::nanoTime);
  }

  /** The database the server last reported for this session (after USE), or the one it opened in. */
  @Override
  public String database() {
    return database;
  }

  /**
   * Encodes the batch into the outgoing frame and discards it: finds bad data (which the batch
   * reports while writing) without sending anything.
   */
  @Override
  public void encodeOnly(InsertBatch batch) {
    ensureUsable();
    try {
      writeRequest(0, batch);
    } catch (TException e) {
      throw new ProtocolException("encoding an insert request for table '" + batch.tableName() + "' failed", e);
    } finally {
      discardRequest();
    }
  }

  /** Writes the insert request: the batch's own ({@link RequestWriting}), else the table model's. */
  private void writeRequest(int seq, InsertBatch batch) throws TException {
    if (batch instanceof RequestWriting own) {
      own.writeRequest(channel.protocol(), channel.transport().frame(), channel.compact(), seq, sessionId, precision);
    } else {
      InsertRequestWriter.write(channel.protocol(), channel.transport().frame(), channel.compact(), seq, sessionId, batch, precision, encoder);
    }
  }

  /**
   * Drops a request written (maybe half-way) into the frame: the bytes, and the protocol's own
   * state (the compact protocol tracks field ids across nested structs), so the next request
   * starts clean.
   */
  private void discardRequest() {
    InsertRequestWriter.discard(channel.protocol(), channel.transport());
  }

  private TSStatus sendInsertAndReceive() throws TException {
    channel.transport().flush();
    return receiveInsertResult();
  }

  private TSStatus receiveInsertResult() throws TException {
    TProtocol protocol = channel.protocol();
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
    return channel.transport().frame().capacity();
  }

  private <T> T call(String what, RpcChannel.Rpc<T> rpc) {
    return channel.call(what, rpc);
  }

  private void ensureUsable() {
    channel.ensureUsable();
  }

  /** Closes the server session (best effort when the link is healthy) and the socket. */
  @Override
  public void close() {
    channel.close(() -> client.closeSession(new TSCloseSessionReq(sessionId)));
  }
}
