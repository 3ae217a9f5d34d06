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
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.service.rpc.thrift.IClientRPCService;
import org.apache.iotdb.service.rpc.thrift.TSCloseOperationReq;
import org.apache.iotdb.service.rpc.thrift.TSCloseSessionReq;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementReq;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;
import org.apache.iotdb.service.rpc.thrift.TSFetchResultsReq;
import org.apache.iotdb.service.rpc.thrift.TSFetchResultsResp;
import org.apache.thrift.TException;

/**
 * One open IoTDB session on one TCP (or TLS) connection: the server binds a session to its
 * connection, so calls on it are strictly one at a time. Opens in the table (or tree) dialect
 * through the {@link SessionHandshake}, and maps every failure to a typed exception. Once a call
 * fails at the transport level the connection is marked broken and closed.
 *
 * <p>The socket, the timeouts of each call and the mapping of transport failures are the {@link
 * RpcChannel}'s; writing, sending and answering an insert request is the {@link InsertExchange}'s;
 * keeping the replay window is the {@link OwnedWindow}'s; the replay protocol is the {@link
 * Replayer}'s.
 *
 * <p><b>Replay window.</b> With a {@link ReplayWindow}, every insert the server acknowledged is
 * copied (encoded, as it was sent) into the window, and every successful call lets the frames the
 * server has provably outlived by the window leave it. A new connection {@link #adoptWindow
 * adopts} the window of the broken one it replaces; {@link #replay()} then sends its frames again
 * before anything else.
 *
 * <p><b>Pipelined inserts.</b> With {@code maxInFlightInserts} above 1, {@link #sendPipelined} may
 * be called that many times before the first answer is read; answers come in the order sent
 * (docs/pipelined-inserts.md). Each frame is copied when sent ({@link InFlightFrames}), since the
 * outgoing buffer is reused by the next one: an acknowledged frame goes into the window from its
 * copy; a frame the server asks to retry waits until no answer is outstanding and then joins the
 * window as a frame to replay; when the connection fails, the frames without an answer join the
 * window as frames to replay when it is {@link #detachWindow handed over}, so the next connection
 * sends them again.
 *
 * <p>Not thread-safe.
 */
public final class Connection implements Link {
  private final RpcChannel channel;
  private final Endpoint endpoint;
  private final IClientRPCService.Client client;
  /** What the server reported when the session opened (its id, precision, limits). */
  private SessionHandshake.Opened server;
  /** Writes, sends and answers insert requests on the channel. */
  private final InsertExchange inserts;
  private int seqId;
  /** The session's database as the server last reported it (after USE), or null. */
  private String database;
  /** Acknowledged inserts kept for a replay after a reconnect (no window when it is off). */
  private final OwnedWindow window;
  private Dialect dialect = Dialect.TABLE;
  /** Copies of the frames sent and not answered yet, when inserts are pipelined; else null. */
  private InFlightFrames inFlight;

  private Connection(RpcChannel channel, String database, ReplayWindow window, EncodedRequest encoder) {
    this.channel = channel;
    this.endpoint = channel.endpoint();
    this.client = channel.client();
    this.database = database;
    this.window = new OwnedWindow(endpoint, window, System::nanoTime);
    this.inserts = new InsertExchange(channel, encoder);
    // An answer proves the server was alive when the call was sent: frames it outlived leave.
    channel.onAnswer(this.window::expire);
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
    EncodedRequest encoder = config.encodeInserts()
        ? new EncodedRequest(config.gzipInserts() ? EncodedRequest.GZIP : EncodedRequest.UNCOMPRESSED) : null;
    Connection c = new Connection(channel, database, window, encoder);
    c.dialect = dialect;
    if (config.maxInFlightInserts() > 1) {
      channel.maxOutstanding(config.maxInFlightInserts());
      c.inFlight = new InFlightFrames();
    }
    try {
      c.server = SessionHandshake.open(channel, config, database, dialect);
      channel.opened();
      return c;
    } catch (RuntimeException e) {
      channel.closeTransport();
      throw e;
    }
  }

  /** The largest request frame the server accepts, as it reported when the session opened. */
  @Override
  public int serverMaxFrameSize() {
    return server.serverMaxFrameSize();
  }

  /** The server's version, as it reported when the session opened. */
  @Override
  public String serverVersion() {
    return server.serverVersion();
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
    return server.precision();
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
    TSExecuteStatementReq req = new TSExecuteStatementReq(server.sessionId(), sql, server.statementId());
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
    TSFetchResultsReq req = new TSFetchResultsReq(server.sessionId(), sql, fetchSize, queryId, true);
    req.setStatementId(server.statementId());
    if (timeoutMs > 0) {
      req.setTimeout(timeoutMs);
    }
    return channel.statementCall("fetch query results", timeoutMs, () -> client.fetchResultsV2(req));
  }

  /** Releases a query on the server. */
  @Override
  public TSStatus closeQuery(long queryId) {
    TSCloseOperationReq req = new TSCloseOperationReq(server.sessionId());
    req.setQueryId(queryId);
    req.setStatementId(server.statementId());
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
    writeInsert(batch);
    TSStatus status = call("insert into table '" + batch.tableName() + "'", inserts::sendAndReceive);
    keepIfAcknowledged(batch, status);
    return status;
  }

  /** Encodes the batch into the outgoing frame; on failure the frame is discarded, nothing sent. */
  private void writeInsert(InsertBatch batch) {
    ensureUsable();
    if (window.unconfirmed() > 0) {
      throw new ProtocolException("the replay window of " + endpoint + " holds " + window.unconfirmed()
          + " frames not yet replayed on this connection; replay() must come first", null);
    }
    try {
      inserts.write(++seqId, server.sessionId(), batch, server.precision());
    } catch (RuntimeException e) {
      inserts.discard();
      throw e;
    } catch (TException e) {
      inserts.discard();
      throw new ProtocolException("encoding an insert request for table '" + batch.tableName() + "' failed", e);
    }
  }

  /** The acknowledged frame is still in the outgoing buffer: it goes into the window, if any. */
  private void keepIfAcknowledged(InsertBatch batch, TSStatus status) {
    if (window.get() != null && Statuses.isSuccess(status)) {
      window.keep(inserts.lastFrame(), inserts.lastFrameLength(), batch.rowCount(), batch.tableName(), database);
    }
  }


  /**
   * As {@link #insert}, split in two ({@link RpcChannel#send}/{@link RpcChannel#receive}): the
   * request is encoded and flushed now, its answer read by the returned {@link PendingInsert}
   * (which keeps the acknowledged frame, still in this connection's outgoing buffer, in the
   * window). No other call may come between the two.
   */
  @Override
  public PendingInsert sendInsert(InsertBatch batch) {
    if (inFlight != null && !inFlight.isEmpty()) {
      throw new ProtocolException(inFlight.inFlight() + " pipelined inserts to " + endpoint
          + " wait for their answers; read them before a split insert", null);
    }
    return send(batch, false);
  }

  /**
   * A pipelined insert (see the class comment): as {@link #sendInsert}, its frame copied for the
   * window. Only on a connection opened with {@code maxInFlightInserts} above 1.
   */
  @Override
  public PendingInsert sendPipelined(InsertBatch batch) {
    if (inFlight == null) {
      return sendInsert(batch);
    }
    return send(batch, true);
  }

  private PendingInsert send(InsertBatch batch, boolean pipelined) {
    writeInsert(batch);
    String what = "insert into table '" + batch.tableName() + "'";
    long sentAt = System.nanoTime();
    channel.send(what, () -> {
      channel.transport().flush();
      return null;
    });
    if (pipelined) {
      inFlight.add(inserts.lastFrame(), inserts.lastFrameLength(), batch.rowCount(), batch.tableName(), database,
          sentAt);
      return () -> answerInFlight(what);
    }
    return () -> {
      TSStatus status = channel.receive(what, inserts::receive);
      keepIfAcknowledged(batch, status);
      return status;
    };
  }

  /**
   * Reads the answer to the oldest pipelined insert and settles its copy: into the window when
   * acknowledged, set aside to replay when the server asks to retry it, dropped otherwise (the
   * caller reports the refusal; so is a request the server answered with an exception). The frames
   * set aside join the window once no answer is outstanding. A transport failure leaves the copies
   * for {@link #detachWindow}.
   */
  private TSStatus answerInFlight(String what) {
    TSStatus status;
    try {
      status = channel.receive(what, inserts::receive);
    } catch (ProtocolException e) {
      // The server answered this request with an exception (the link is fine): it is refused.
      inFlight.answered();
      moveSetAsideWhenNoneInFlight();
      throw e;
    }
    InFlightFrames.Frame f = inFlight.oldest();
    if (Statuses.isSuccess(status)) {
      if (window.get() != null) {
        window.keep(f.bytes, f.length, f.rows, f.table, f.database);
      }
      inFlight.answered();
    } else if (TransientStatuses.isTransient(status) && window.get() != null) {
      inFlight.setAside();
    } else {
      inFlight.answered();
    }
    moveSetAsideWhenNoneInFlight();
    return status;
  }

  /** The frames set aside to retry join the window once no answer is outstanding. */
  private void moveSetAsideWhenNoneInFlight() {
    if (inFlight.inFlight() == 0 && inFlight.setAsideCount() > 0) {
      window.takeUnanswered(inFlight);
    }
  }

  /** True while pipelined inserts wait for their answers (or to be replayed after a failure). */
  @Override
  public boolean hasInFlight() {
    return inFlight != null && !inFlight.isEmpty();
  }

  @Override
  public boolean holdsFrames() {
    return hasInFlight() || Link.super.holdsFrames();
  }

  /** The replay window, or null when it is off. */
  @Override
  public ReplayWindow window() {
    return window.get();
  }

  @Override
  public void adoptWindow(ReplayWindow predecessor) {
    window.adopt(predecessor);
  }

  /** Hands the window over, with the pipelined frames that never got an answer, to replay. */
  @Override
  public ReplayWindow detachWindow() {
    if (inFlight != null && !inFlight.isEmpty()) {
      window.takeUnanswered(inFlight);
    }
    return window.detach();
  }

  @Override
  public void absorbWindow(ReplayWindow given, Endpoint from) {
    window.absorb(given, from);
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
    Replayer.replay(window.get(), new Replayer.Target() {
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
              return inserts.receive();
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
      inserts.write(0, server.sessionId(), batch, server.precision());
    } catch (TException e) {
      throw new ProtocolException("encoding an insert request for table '" + batch.tableName() + "' failed", e);
    } finally {
      inserts.discard();
    }
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
    // A session that never opened has no id to close (the transport is closed on that path).
    long id = server == null ? 0 : server.sessionId();
    channel.close(() -> client.closeSession(new TSCloseSessionReq(id)));
  }
}
