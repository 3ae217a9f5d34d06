package io.quiver.client;

import io.quiver.client.internal.DeviceRoutes;
import io.quiver.client.internal.session.Link;
import io.quiver.client.internal.session.Links;
import io.quiver.client.internal.session.OpenResults;
import io.quiver.client.internal.session.SessionBundle;
import io.quiver.client.internal.session.SessionParts;
import io.quiver.client.internal.session.SessionWiring;
import io.quiver.client.spi.BlockCursor;
import io.quiver.client.spi.InsertBatch;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A session on IoTDB's table model: inserts, statements and queries over one connection, as the
 * Python client's {@code TableSession}.
 *
 * <pre>{@code
 * try (TableSession session = TableSession.open(TableSessionConfig.builder().database("db1").build())) {
 *   session.executeNonQueryStatement("CREATE TABLE t1 (region STRING TAG, temp FLOAT FIELD)");
 *   session.insert(tablet);              // a row Tablet, an ArrowTablet, any InsertBatch
 *   try (SessionDataSet rows = session.executeQueryStatement("SELECT * FROM t1")) {
 *     while (rows.next()) { ... }
 *   }
 * }
 * }</pre>
 *
 * <p>It connects to the first of the configured nodes that answers and opens in the table dialect,
 * in the configured database if one is given; {@code USE db} changes the database for later calls.
 * If the connection breaks, the failing call throws a retryable {@link ConnectionException}, and
 * the next call opens a new connection (to the first node that answers, the failed one last), in
 * the current database. Result sets of the broken connection are then unusable.
 *
 * <p>The guarantees are stated once, in the README: <b>no acknowledged row lost to a crash</b>
 * (the replay window: acknowledged inserts kept for {@link TableSessionConfig.Builder#replayWindow}
 * and re-sent after any reconnect; "Crashes, timeouts and retries"), <b>retries</b> of inserts and
 * queries within {@code maxRetry} and {@code retryBudget}, and <b>redirection</b> ({@link
 * TableSessionConfig.Builder#enableRedirection}, on by default: rows sent straight to the node
 * that leads their device, learned from the server's hints; "Clusters"). {@link #replayStats()}
 * and {@link #redirectStats()} count what happened. The protocol facts behind them are in {@code
 * docs/}.
 *
 * <p>Inside, the session is a facade over single-job parts ({@code internal.session}): a {@code
 * Links} bundle (home connection, redirect connections, their replay windows) kept live by a
 * {@code Connector} and ended by a {@code SessionBundle} with its {@code OpenResults}; and, as
 * {@code SessionParts} assembles them from the configuration, a {@code Retrier}, an {@code
 * InsertPlanner} (frame splitting, acknowledged rows) over a {@code WriteRouter} (device routes),
 * a {@code WindowKeeper} and the {@code Statements} (statements, queries, raw cursors).
 *
 * <p>A session borrowed from a {@link TableSessionPool} behaves the same, except that {@link
 * #close()} hands its connection bundle back to the pool (see there), replay windows included.
 *
 * <p>Not thread-safe: IoTDB binds a session to its connection and serves it one call at a time. Use
 * one session per thread, or a {@link TableSessionPool}.
 */
public final class TableSession implements QuiverSession {
  private final TableSessionConfig config;
  private final Links links;
  private final SessionBundle bundle;
  private final SessionParts parts;
  /** Set when borrowed from a pool: {@link #close()} hands the session to it instead of closing. */
  private final Consumer<TableSession> returnHook;
  private boolean closed;

  private TableSession(TableSessionConfig config, SessionWiring wiring, Links links,
      Consumer<TableSession> returnHook, DeviceRoutes routes) {
    this.config = config;
    this.links = links;
    this.returnHook = returnHook;
    this.bundle = new SessionBundle(links, new OpenResults());
    this.parts = SessionParts.assemble(config, wiring, bundle, routes, this::connection);
  }

  /**
   * Connects and opens a session.
   *
   * @throws ConnectionException if no configured node answers (the message lists each node's error)
   * @throws AuthenticationException if the server refuses the user name or password
   */
  public static TableSession open(TableSessionConfig config) {
    Objects.requireNonNull(config, "config");
    return open(config, SessionWiring.of(config));
  }

  /** As {@link #open(TableSessionConfig)}, with the network and clock given (unit tests). */
  static TableSession open(TableSessionConfig config, SessionWiring wiring) {
    return new TableSession(config, wiring, connect(config, wiring), null, new DeviceRoutes());
  }

  private static Links connect(TableSessionConfig config, SessionWiring wiring) {
    return Links.open(wiring.connector(config), config.database());
  }

  /**
   * Pool hook: a session for one borrower, over a connection bundle the pool kept (or null: a new
   * one). Its {@link #close()} calls {@code returnHook} instead of closing, and the pool then calls
   * {@link #detachForReuse}. {@code routes} are the pool's, shared by its sessions.
   */
  static TableSession borrowed(TableSessionConfig config, SessionWiring wiring, Links links,
      Consumer<TableSession> returnHook, DeviceRoutes routes) {
    Links l = links != null ? links : connect(config, wiring);
    return new TableSession(config, wiring, l, Objects.requireNonNull(returnHook, "returnHook"), routes);
  }

  /**
   * Pool hook, called once after {@link #close()} handed a borrowed session back: see {@link
   * SessionBundle#handBack}. Returns the bundle ready for the next borrower, or null after closing
   * it.
   */
  Links detachForReuse(String poolDatabase, boolean reuse) {
    return bundle.handBack(poolDatabase, reuse);
  }

  /** The home link ready for new work; see {@link SessionBundle#live}. */
  private Link connection() {
    ensureOpen();
    return bundle.live();
  }

  private void ensureOpen() {
    if (closed) {
      throw new SessionClosedException(returnHook == null
          ? "this TableSession is closed; open a new one"
          : "this TableSession was returned to its pool (close()); borrow another with getSession()");
    }
  }

  /** The configuration this session was opened with. */
  public TableSessionConfig config() {
    return config;
  }

  /** The configured time zone. */
  @Override
  public ZoneId timeZone() {
    return config.timeZone();
  }

  /** The current database (after {@code USE}), or null. */
  public String database() {
    return links.database();
  }

  /** The server's timestamp precision, learned when the session opened. Does no I/O. */
  public TimePrecision timePrecision() {
    ensureOpen();
    return links.home().precision();
  }

  /** Tree-session hook: the largest request frame the server accepts (as it reported). No I/O. */
  int serverMaxFrameSize() {
    ensureOpen();
    return links.home().serverMaxFrameSize();
  }

  /** The server's version, as it reported when the session opened. Does no I/O. */
  public String serverVersion() {
    ensureOpen();
    return links.home().serverVersion();
  }

  /**
   * The node this session is connected to (or was, if the connection broke and no call has
   * reconnected yet), as host:port. Does no I/O.
   */
  public String endpoint() {
    ensureOpen();
    return links.home().endpoint().toString();
  }

  /**
   * The replay window's figures: what it holds now, what was replayed, dropped early or refused.
   * Does no I/O.
   */
  public ReplayStats replayStats() {
    return SessionParts.replayStats(links.home().window(), !config.replayWindow().isZero());
  }

  /** What redirection did for this session (see the class comment). Does no I/O. */
  public RedirectStats redirectStats() {
    return parts.router().stats();
  }

  /**
   * Waits until every insert acknowledged so far has left the replay window (the windows of the
   * redirect connections too): until the newest is older than the window, then one empty round
   * trip proves the server stayed up meanwhile (so its write-ahead log holds them). If the
   * connection broke, it reconnects and replays first (within the retry settings) and waits again.
   * Returns at once when the window is empty or off. {@link #close()} calls this unless {@code
   * awaitWindowOnClose} is false; call it yourself before a point where the inserts must be
   * durable, e.g. before recording a checkpoint elsewhere. With pipelined inserts it first does
   * what {@link #flush()} does, throwing the first refusal of a request in flight.
   *
   * @throws ConnectionException if the server stays unreachable for the retry settings: the
   *     inserts are still in the window, and a later call retries
   * @throws QuiverInterruptedException if the thread is interrupted while waiting
   * @throws StatementException if the server refused a pipelined insert in flight
   */
  public void awaitReplayWindow() {
    if (closed) {
      throw new SessionClosedException("this TableSession is closed; open a new one");
    }
    parts.pipeline().settle();
    parts.pipeline().takeFailure();
    parts.keeper().await(bundle::live);
  }

  /**
   * Waits for the answers to every insert still in flight ({@code maxInFlightInserts} above 1;
   * with 1, every insert has its answer when it returns and this does nothing), re-sending those
   * whose connection failed or that the server asked to retry, and throws the first refusal among
   * them. After it returns, every row inserted so far was acknowledged (and sits in the replay
   * window, see {@link #awaitReplayWindow()} for durability). {@link #close()} does the same.
   *
   * @throws StatementException if the server refused a request in flight (its message names the
   *     table and rows; later refusals are suppressed in it)
   * @throws ConnectionException if requests whose answers never came could not be sent again
   *     within the retry settings: they are still in the replay window, and a later call retries
   */
  public void flush() {
    ensureOpen();
    parts.pipeline().settle();
    parts.pipeline().takeFailure();
  }

  /**
   * Writes a batch of rows: a row {@link Tablet}, an {@code ArrowTablet}, or any {@link
   * InsertBatch}. The batch is encoded straight into the request; if it holds bad data, nothing is
   * sent. A batch with no rows is skipped.
   *
   * <p>A batch whose request would exceed the largest frame the server accepts (its {@code
   * dn_thrift_max_frame_size}, 32 MiB on a DataNode with a 2 GiB heap) is sent as consecutive row
   * ranges, each its own request; if one of them fails after others were acknowledged, a {@link
   * PartialInsertException} says how many rows were. With redirection (see the class comment), the
   * rows of devices whose node is known go to that node, one request per node.
   *
   * <p>When the connection fails, the insert is retried on a new connection (after the replay
   * window's requests, see the class comment), up to {@code maxRetry} times within {@code
   * retryBudget}. The message of the final error always says how many of the batch's rows were
   * acknowledged and how many were not, and after how many tries.
   *
   * @throws InvalidBatchException before anything is sent, if the batch cannot be written
   * @throws StatementException if the server refuses the rows (none acknowledged)
   * @throws ConnectionException if the connection fails for good (none acknowledged; retryable:
   *     rows with equal time and tags overwrite, so sending the batch again is safe)
   * @throws PartialInsertException if a batch sent in several requests (frame limit, or one per
   *     node) failed after some were acknowledged
   * @throws ReplayRefusedException if a reconnect's replay was refused (this batch was not sent)
   */
  public void insert(InsertBatch batch) {
    Objects.requireNonNull(batch, "batch");
    if (closed) {
      throw new SessionClosedException("this TableSession is closed; open a new one");
    }
    parts.planner().insert(batch);
  }

  /**
   * Executes a statement that returns no rows (DDL, {@code USE}, {@code INSERT ... VALUES},
   * {@code DELETE}, {@code FLUSH}, ...). Not retried: such a statement may not be idempotent.
   *
   * @throws StatementException with IoTDB's status code and message if the server refuses it
   */
  public void executeNonQueryStatement(String sql) {
    parts.statements().executeNonQuery(sql);
  }

  /** Executes a query with the server's default timeout. */
  public SessionDataSet executeQueryStatement(String sql) {
    return executeQueryStatement(sql, 0);
  }

  /**
   * Executes a query, retried on a new connection as inserts are.
   *
   * @param timeoutMs the query's time limit on the server in milliseconds; 0 or less means the
   *     server's default ({@code query_timeout_threshold}, 60 s unless configured)
   * @throws StatementException with IoTDB's status code and message if the server refuses the
   *     query or it times out (status 720)
   */
  public SessionDataSet executeQueryStatement(String sql, long timeoutMs) {
    return parts.statements().query(sql, timeoutMs,
        (cursor, link, onClose) -> new SessionDataSet(cursor, link.precision(), config.timeZone(), onClose),
        SessionDataSet::close);
  }

  /**
   * Opens a raw cursor over a query's serialized TsBlocks (for columnar readers such as the Arrow
   * bridge), with the configured fetch size. The caller closes it.
   */
  public BlockCursor openQueryCursor(String sql, long timeoutMs) {
    return openQueryCursor(sql, timeoutMs, config.fetchSize());
  }

  /**
   * Opens a raw cursor over a query's serialized TsBlocks, asking for {@code fetchSize} rows per
   * round trip. The statement is retried as {@link #executeQueryStatement(String, long)} is (its
   * fetches are not: a fetch continues a query the failed connection held). The caller closes it;
   * until it is read to the end or closed, it counts in {@link #openResultCount()}, and {@link
   * #close()} (or a reconnect) closes it, releasing the query on the server.
   */
  public BlockCursor openQueryCursor(String sql, long timeoutMs, int fetchSize) {
    return parts.statements().openCursor(sql, timeoutMs, fetchSize);
  }

  /**
   * The number of result sets (and raw query cursors, such as Arrow result streams) of this
   * session not yet read to the end nor closed.
   */
  public int openResultCount() {
    return bundle.results().size();
  }

  /** True once {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes open result sets and raw query cursors (the queries of Arrow result streams: a stream
   * cut off this way throws on its next batch, and still needs closing to free its Arrow memory),
   * the server session and the connection. Idempotent. The connection is closed even if releasing
   * a query fails.
   *
   * <p>With inserts still in the replay window (acknowledged less than the window ago) and {@code
   * awaitWindowOnClose} (the default), it first waits for them as {@link #awaitReplayWindow()}
   * does: at most the window (3 s) after the last insert, plus one round trip. If the server does
   * not answer meanwhile, the connection is closed anyway and a {@link ConnectionException} (not
   * retryable) says how many acknowledged rows could not be confirmed.
   *
   * <p>For a session borrowed from a {@link TableSessionPool}: hands it back to the pool, which
   * closes its open result sets and cursors and restores the pool's database; this handle is then
   * closed for good, the connection lives on in the pool.
   *
   * <p>With pipelined inserts ({@code maxInFlightInserts} above 1) it first waits for their
   * answers as {@link #flush()} does, and after closing throws the first refusal among them.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    // Inserts in flight are answered (and re-sent when needed) while the link is still ours.
    parts.pipeline().settle();
    closed = true;
    try {
      if (returnHook != null) {
        returnHook.accept(this);
      } else {
        bundle.close();
      }
    } catch (RuntimeException e) {
      QuiverException refused = parts.pipeline().pendingFailure();
      if (refused != null) {
        e.addSuppressed(refused);
      }
      throw e;
    }
    parts.pipeline().takeFailure();
  }
}
