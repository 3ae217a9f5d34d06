package io.quiver.client;

import io.quiver.client.internal.Connection;
import io.quiver.client.internal.DeviceRoutes;
import io.quiver.client.internal.EncodedRows;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.QueryCursor;
import io.quiver.client.internal.ReplayWindow;
import io.quiver.client.internal.RequestSizes;
import io.quiver.client.internal.Statuses;
import io.quiver.client.internal.TlsSockets;
import io.quiver.client.spi.InsertBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * the next call opens a new connection (to the first node that answers), in the current database.
 * Result sets of the broken connection are then unusable.
 *
 * <p><b>No acknowledged row lost to a crash.</b> IoTDB acknowledges an insert before its
 * write-ahead log is on disk (it syncs about every second), so a DataNode that crashes forgets
 * the inserts it acknowledged in its last second or so. The session therefore keeps every
 * acknowledged insert request, encoded, in a replay window (3 s by default, {@link
 * TableSessionConfig.Builder#replayWindow}), and after any reconnect, to any node, re-sends the
 * window's requests in order before anything else, checking each answer. Rows with equal tags and
 * time overwrite, so re-sending is harmless. The guarantee and its limits:
 *
 * <ul>
 *   <li>Node back within the retry budget: the insert that met the crash is retried on the new
 *       connection after the replay; the caller sees nothing but a delay.
 *   <li>Node down for longer: that insert fails (a retryable {@link ConnectionException} saying
 *       how many of its rows were not acknowledged). The window keeps the acknowledged requests
 *       for as long as the connection stays broken, and the session's next call that connects
 *       replays them first. So keep the session and try again later (as a loader does), rather
 *       than closing it: closing gives up the window after waiting for it ({@link #close()}).
 *   <li>Window too small: when more than {@code replayWindowBytes} were acknowledged within the
 *       window, the oldest requests leave early; a warning is logged and {@link #replayStats()}
 *       counts them. A window shorter than the server's sync delay protects nothing.
 *   <li>The server refuses a replayed request (its table was dropped meanwhile, say): the call
 *       that reconnected fails with {@link ReplayRefusedException}, naming the rows. An answer
 *       of status 301 (the node cannot reach the node that leads the rows) is no refusal: the
 *       requests stay for a later try, and the call fails with a retryable {@link
 *       StatementException}.
 *   <li>The client process dies: the window dies with it.
 * </ul>
 *
 * <p><b>Redirection</b> ({@link TableSessionConfig.Builder#enableRedirection}, on by default). In a
 * cluster, each device's data is led by one DataNode; a node that receives rows of devices another
 * node leads writes them (forwarding them inside the cluster) and answers with a hint naming, row
 * by row, the node to use next time. The session remembers the hints per device (database, table
 * and tag values) and sends later rows of those devices straight to their node, over one extra
 * connection per node, opened when first needed. A batch whose devices live on several nodes is
 * cut into one request per node (rows copied once more, from the encoded batch), sent one after
 * the other; rows of unknown devices go to the session's own node. Until the first hint arrives,
 * nothing changes and nothing is spent: a one-node server never hints. If a redirect node fails,
 * its rows are sent again through the session's own connection (after replaying what that node
 * had acknowledged within the replay window), and its devices are forgotten until new hints come.
 * {@link #redirectStats()} counts what happened.
 *
 * <p>A session borrowed from a {@link TableSessionPool} behaves the same, except that {@link
 * #close()} hands its connection back to the pool (see there), replay window included.
 *
 * <p>Not thread-safe: IoTDB binds a session to its connection and serves it one call at a time. Use
 * one session per thread, or a {@link TableSessionPool}.
 */
public final class TableSession implements AutoCloseable {
  private final TableSessionConfig config;
  private final TlsSockets tls;
  private final Set<SessionDataSet> openResults = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<QueryCursor> openCursors = Collections.newSetFromMap(new IdentityHashMap<>());
  private Connection connection;
  /** Where the next connect starts looking: one past the node of the current connection. */
  private int nextNode;
  private String database;
  private boolean closed;
  /** Set when borrowed from a pool: {@link #close()} hands the session to it instead of closing. */
  private final Consumer<TableSession> returnHook;
  /** Tries made and time spent by the last {@link #withRetry} that gave up, for error messages. */
  private int lastTries;
  private long lastRetryNanos;
  /** Where devices live, learned from hints (shared by a pool's sessions); null when redirection is off. */
  private final DeviceRoutes routes;
  private EncodedRows encoded;
  private int[] routeScratch = new int[0];
  private long hintedResponses;
  private long redirectedRequests;
  private long redirectedRows;
  private long redirectFallbacks;
  /** Rows of the current {@link #insert} call acknowledged so far, and those from its start. */
  private long acknowledgedInCall;
  private long acknowledgedPrefixInCall;

  private static final Logger LOG = LoggerFactory.getLogger(TableSession.class);

  private TableSession(
      TableSessionConfig config, TlsSockets tls, Consumer<TableSession> returnHook, DeviceRoutes routes) {
    this.config = config;
    this.tls = tls;
    this.database = config.database();
    this.returnHook = returnHook;
    this.routes = config.enableRedirection() ? Objects.requireNonNull(routes, "routes") : null;
  }

  /**
   * Connects and opens a session.
   *
   * @throws ConnectionException if no configured node answers (the message lists each node's error)
   * @throws AuthenticationException if the server refuses the user name or password
   */
  public static TableSession open(TableSessionConfig config) {
    Objects.requireNonNull(config, "config");
    TableSession s = new TableSession(config, TlsSockets.fromConfig(config), null, new DeviceRoutes());
    s.connection = s.connect();
    return s;
  }

  /**
   * Pool hook: a session for one borrower, on a new connection ({@code connection == null}) or on
   * one the pool kept. Its {@link #close()} calls {@code returnHook} instead of closing, and the
   * pool then calls {@link #detachForReuse}. {@code routes} are the pool's, shared by its sessions.
   */
  static TableSession borrowed(TableSessionConfig config, TlsSockets tls, Connection connection,
      Consumer<TableSession> returnHook, DeviceRoutes routes) {
    TableSession s = new TableSession(config, tls, Objects.requireNonNull(returnHook, "returnHook"), routes);
    s.connection = connection != null ? connection : s.connect();
    return s;
  }

  /**
   * Pool hook: waits for the replay window of a connection the pool is about to close (see {@link
   * #awaitReplayWindow()}), then closes it, whatever happened.
   *
   * @throws QuiverException after closing, if the window could not be confirmed
   */
  static void awaitWindowAndClose(TableSessionConfig config, TlsSockets tls, Connection connection) {
    TableSession s = new TableSession(config, tls, null, new DeviceRoutes());
    s.connection = connection;
    s.database = connection.database() != null ? connection.database() : config.database();
    s.closed = true;
    RuntimeException failure = s.awaitWindowBeforeClosing();
    s.connection.close();
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Pool hook, called once after {@link #close()} handed a borrowed session back: closes the
   * result sets left open (releasing their queries on the server) and, when {@code reuse} is true
   * and {@code USE} changed the database, restores {@code poolDatabase}. Returns the connection,
   * ready for the next borrower, or null after closing it: when {@code reuse} is false, when it
   * broke, or when its database cannot be restored (the pool has none to go back to).
   *
   * @throws RuntimeException after closing the connection, if releasing a query or restoring the
   *     database failed
   */
  Connection detachForReuse(String poolDatabase, boolean reuse) {
    RuntimeException failure = closeResults();
    if (reuse && failure == null && connection.isBroken() && connection.holdsFrames()) {
      // Kept broken: the next borrower's first call reconnects and replays the window.
      return connection;
    }
    Connection c = connection;
    boolean keep = reuse && failure == null && !c.isBroken();
    if (keep && !Objects.equals(database, poolDatabase)) {
      keep = false;
      if (poolDatabase != null) {
        try {
          TSExecuteStatementResp resp = c.execute(
              "USE \"" + poolDatabase.replace("\"", "\"\"") + "\"", config.fetchSize(), 0);
          Statuses.check(resp.getStatus(), "restore database '" + poolDatabase + "' of a pooled session");
          database = poolDatabase;
          keep = true;
        } catch (RuntimeException e) {
          failure = e;
        }
      }
    }
    if (keep) {
      return c;
    }
    RuntimeException unconfirmed = awaitWindowBeforeClosing();
    connection.close();
    if (failure != null) {
      if (unconfirmed != null) {
        failure.addSuppressed(unconfirmed);
      }
      throw failure;
    }
    if (unconfirmed != null) {
      throw unconfirmed;
    }
    return null;
  }

  /**
   * Connects to the first node that answers, starting with the one after the node last used (so a
   * node that just failed is tried last).
   */
  private Connection connect() {
    List<String> failures = new ArrayList<>();
    ConnectionException last = null;
    boolean anyRetryable = false;
    List<String> urls = config.nodeUrls();
    for (int k = 0; k < urls.size(); k++) {
      int index = (nextNode + k) % urls.size();
      Endpoint endpoint = Endpoint.parse(urls.get(index), "nodeUrls");
      try {
        Connection c = Connection.open(endpoint, config, tls, database);
        nextNode = index + 1;
        return c;
      } catch (ConnectionException e) {
        failures.add(endpoint + ": " + e.getMessage());
        last = e;
        anyRetryable |= e.isRetryable();
      }
    }
    if (failures.size() == 1) {
      throw last;
    }
    // Retryable if any node's failure was (a TLS or protocol mismatch everywhere is not).
    throw new ConnectionException(String.join(",", config.nodeUrls()),
        "no IoTDB node answered: " + String.join("; ", failures), anyRetryable, last);
  }

  private Connection connection() {
    if (closed) {
      throw new SessionClosedException(returnHook == null
          ? "this TableSession is closed; open a new one"
          : "this TableSession was returned to its pool (close()); borrow another with getSession()");
    }
    return live();
  }

  /**
   * The connection, ready for new work: if it broke, a new one (to the first node that answers)
   * that took over its replay window; and the window's acknowledged inserts replayed there first.
   */
  private Connection live() {
    if (connection.isBroken()) {
      invalidateResults();
      Connection fresh = connect();
      fresh.adoptWindow(connection);
      connection = fresh;
    }
    if (connection.needsReplay()) {
      connection.replay();
      if (connection.database() != null) {
        database = connection.database();
      }
    }
    return connection;
  }

  /** The configuration this session was opened with. */
  public TableSessionConfig config() {
    return config;
  }

  /** The current database (after {@code USE}), or null. */
  public String database() {
    return database;
  }

  /** The server's timestamp precision, learned when the session opened. */
  public TimePrecision timePrecision() {
    return connection().precision();
  }

  /** The server's version, as it reported when the session opened. */
  public String serverVersion() {
    return connection().serverVersion();
  }

  /**
   * The replay window's figures: what it holds now, what was replayed, dropped early or refused.
   * Does not connect.
   */
  public ReplayStats replayStats() {
    ReplayWindow w = connection.window();
    if (w == null) {
      return config.replayWindow().isZero() ? ReplayStats.OFF
          : new ReplayStats(true, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
    return new ReplayStats(true, w.frames(), w.rows(), w.bytes(), w.bytesAllocated(), w.replayedFrames(),
        w.replayedRows(), w.droppedFrames(), w.droppedRows(), w.refusedFrames(), w.refusedRows());
  }

  /**
   * What redirection did for this session (see the class comment). Does not connect.
   */
  public RedirectStats redirectStats() {
    if (routes == null) {
      return RedirectStats.OFF;
    }
    return new RedirectStats(true, routes.size(), hintedResponses, redirectedRequests, redirectedRows,
        redirectFallbacks, connection.redirects().size());
  }

  /**
   * Waits until every insert acknowledged so far has left the replay window (the windows of the
   * redirect connections too): until the newest is
   * older than the window, then one empty round trip proves the server stayed up meanwhile (so its
   * write-ahead log holds them). If the connection broke, it reconnects and replays first (within
   * the retry settings) and waits again. Returns at once when the window is empty or off. {@link
   * #close()} calls this unless {@code awaitWindowOnClose} is false; call it yourself before a
   * point where the inserts must be durable, e.g. before recording a checkpoint elsewhere.
   *
   * @throws ConnectionException if the server stays unreachable for the retry settings: the
   *     inserts are still in the window, and a later call retries
   */
  public void awaitReplayWindow() {
    if (closed) {
      throw new SessionClosedException("this TableSession is closed; open a new one");
    }
    confirmRedirects(false);
    awaitWindow();
  }

  private void awaitWindow() {
    int rounds = config.maxRetry() + 2;
    for (int round = 0; round < rounds; round++) {
      ReplayWindow w = connection.window();
      if (w == null || w.frames() == 0) {
        return;
      }
      if (!connection.needsReplay() && !connection.isBroken()) {
        long due = w.newestAckNanos() + w.windowNanos() - System.nanoTime();
        if (due > 0) {
          sleep((due + 999_999) / 1_000_000);
        }
      }
      withRetry("confirm the replay window", conn -> {
        conn.ping();
        return null;
      }, true);
    }
    ReplayWindow w = connection.window();
    if (w != null && w.frames() > 0) {
      throw new ConnectionException(connection.endpoint().toString(), "the replay window still holds " + w.frames()
          + " acknowledged insert requests (" + w.rows() + " rows) after " + rounds + " rounds of waiting: the"
          + " connection kept failing and each reconnect replayed them again", null);
    }
  }

  /**
   * Confirms the replay windows of the redirect connections, and closes them when {@code closing}.
   * Those whose windows hold acknowledged inserts are waited for together (unless closing without
   * {@code awaitWindowOnClose}): until their newest insert is past the window, then one round trip
   * each. A window that could not be confirmed so is taken over by the session's own connection
   * (its connection closed), which replays it in {@link #awaitWindow()}.
   */
  private void confirmRedirects(boolean closing) {
    List<Connection> links = connection.redirects();
    if (links.isEmpty()) {
      return;
    }
    boolean await = !closing || config.awaitWindowOnClose();
    if (await) {
      long now = System.nanoTime();
      long due = 0;
      for (Connection rc : links) {
        ReplayWindow w = rc.window();
        if (rc.holdsFrames() && !rc.isBroken()) {
          due = Math.max(due, w.newestAckNanos() + w.windowNanos() - now);
        }
      }
      if (due > 0) {
        sleep((due + 999_999) / 1_000_000);
      }
    }
    for (Connection rc : links) {
      if (rc.holdsFrames()) {
        if (!await) {
          LOG.debug("closing the redirect connection to {} with {} acknowledged inserts in its replay window"
              + " (awaitWindowOnClose is false)", rc.endpoint(), rc.window().frames());
        } else {
          if (!rc.isBroken()) {
            try {
              rc.ping();
            } catch (QuiverException e) {
              LOG.debug("the redirect connection to {} failed its round trip: {}", rc.endpoint(), e.getMessage());
            }
          }
          if (rc.holdsFrames()) {
            connection.absorbWindow(rc);
            connection.removeRedirect(rc);
            rc.close();
            continue;
          }
        }
      }
      if (closing) {
        connection.removeRedirect(rc);
        rc.close();
      }
    }
  }

  /**
   * Before a close: waits for the replay window when configured; returns (not throws) a failure,
   * so that the connection is closed anyway.
   */
  private RuntimeException awaitWindowBeforeClosing() {
    confirmRedirects(true);
    if (!connection.holdsFrames()) {
      return null;
    }
    ReplayWindow w = connection.window();
    if (!config.awaitWindowOnClose()) {
      LOG.debug("closing with {} acknowledged inserts ({} rows) still in the replay window (awaitWindowOnClose is"
          + " false)", w.frames(), w.rows());
      return null;
    }
    long t0 = System.nanoTime();
    try {
      awaitWindow();
      LOG.debug("waited {} ms for the replay window before closing", (System.nanoTime() - t0) / 1_000_000);
      return null;
    } catch (QuiverException e) {
      ReplayWindow left = connection.window();
      String held = left == null ? "" : left.frames() + " acknowledged insert requests (" + left.rows() + " rows) ";
      QuiverException failure = new QuiverException("closing the session: the " + held + "in its replay window could"
          + " not be confirmed as durable because the server did not answer (" + e.getMessage() + "); if IoTDB at "
          + connection.endpoint() + " crashed, re-send the rows acknowledged in the last "
          + config.replayWindow().toMillis() + " ms before this failure", false, e);
      LOG.warn(failure.getMessage());
      return failure;
    }
  }

  /** The node this session is connected to, as host:port. */
  public String endpoint() {
    return connection().endpoint().toString();
  }

  /**
   * Writes a batch of rows: a row {@link Tablet}, an {@code ArrowTablet}, or any {@link
   * InsertBatch}. The batch is encoded straight into the request; if it holds bad data, nothing is
   * sent. A batch with no rows is skipped.
   *
   * <p>A batch whose request would exceed the largest frame the server accepts (its {@code
   * dn_thrift_max_frame_size}, 32 MiB on a DataNode with a 2 GiB heap) is sent as consecutive row
   * ranges, each its own request; if one of them fails after others were acknowledged, a {@link
   * PartialInsertException} says how many rows were.
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
   * <p>With redirection (see the class comment), the rows of devices whose node is known go to that
   * node, one request per node.
   *
   * @throws PartialInsertException if a batch sent in several requests (frame limit, or one per
   *     node) failed after some were acknowledged
   * @throws ReplayRefusedException if a reconnect's replay was refused (this batch was not sent)
   */
  public void insert(InsertBatch batch) {
    Objects.requireNonNull(batch, "batch");
    if (closed) {
      throw new SessionClosedException("this TableSession is closed; open a new one");
    }
    if (batch.rowCount() == 0) {
      return;
    }
    if (batch.columnCount() == 0) {
      throw new InvalidBatchException("the batch for table '" + batch.tableName()
          + "' has no columns besides time; give at least one TAG or FIELD column", null, -1);
    }
    Connection c;
    try {
      c = withRetry("connect to insert into table '" + batch.tableName() + "'", conn -> conn);
    } catch (QuiverException e) {
      acknowledgedInCall = 0;
      throw insertFailed(batch, e);
    }
    int limit = c.serverMaxFrameSize();
    acknowledgedInCall = 0;
    acknowledgedPrefixInCall = 0;
    if (RequestSizes.insertFrameBound(batch) <= limit) {
      try {
        deliver(batch);
      } catch (QuiverException e) {
        throw insertFailed(batch, e);
      }
      return;
    }
    List<InsertBatch> parts = new ArrayList<>();
    split(batch, limit, parts);
    // Every part is encoded once before the first is sent, so bad data anywhere in the batch fails
    // it before any row is written (encoding is cheap next to the server's work per row).
    for (InsertBatch part : parts) {
      c.encodeOnly(part);
    }
    for (InsertBatch part : parts) {
      try {
        deliver(part);
      } catch (QuiverException e) {
        throw insertFailed(batch, e);
      }
      acknowledgedPrefixInCall += part.rowCount();
    }
  }

  /**
   * Sends one request's worth of rows: through the session's own connection, or, with redirection
   * and devices known, cut per node and each part sent to its node. Adds the rows acknowledged to
   * {@link #acknowledgedInCall} as they are.
   */
  private void deliver(InsertBatch part) {
    int n = part.rowCount();
    if (routes == null || routes.isEmpty()) {
      Connection[] used = new Connection[1];
      TSStatus status = send(part, used);
      acknowledgedInCall += n;
      if (routes != null && status.getCode() == Statuses.REDIRECTION_RECOMMEND) {
        hintedResponses++;
        routes.learn(status, encode(part).deviceHashes(database), null, n, used[0].endpoint());
      }
      return;
    }
    // Encoded once, all of it, before the first row is sent: bad data fails the part whole.
    EncodedRows rows = encode(part);
    long[] hashes = rows.deviceHashes(database);
    if (routeScratch.length < n) {
      routeScratch = new int[Math.max(n, 128)];
    }
    int[] target = routeScratch;
    routes.lookup(hashes, n, target);
    int home = routes.idOf(connection.endpoint());
    int groups = 0;
    int firstTarget = Integer.MIN_VALUE;
    int maxId = -1;
    for (int r = 0; r < n; r++) {
      int id = target[r];
      if (id == home) {
        id = -1;
        target[r] = -1;
      }
      maxId = Math.max(maxId, id);
      if (r == 0) {
        firstTarget = id;
        groups = 1;
      } else if (id != firstTarget) {
        groups = 2;
      }
    }
    if (groups == 1) {
      sendTo(firstTarget < 0 ? null : routes.endpoint(firstTarget), rows, hashes, null, n);
      return;
    }
    // Counting sort of the rows by target (-1, the session's own node, first), order kept within each.
    int[] count = new int[maxId + 2];
    for (int r = 0; r < n; r++) {
      count[target[r] + 1]++;
    }
    int[] begin = new int[maxId + 3];
    for (int g = 0; g <= maxId + 1; g++) {
      begin[g + 1] = begin[g] + count[g];
    }
    int[] fill = begin.clone();
    int[] order = new int[n];
    for (int r = 0; r < n; r++) {
      order[fill[target[r] + 1]++] = r;
    }
    for (int g = 0; g <= maxId + 1; g++) {
      if (count[g] == 0) {
        continue;
      }
      int[] picked = java.util.Arrays.copyOfRange(order, begin[g], begin[g + 1]);
      sendTo(g == 0 ? null : routes.endpoint(g - 1), rows.select(picked, picked.length), hashes, picked, picked.length);
    }
  }

  private EncodedRows encode(InsertBatch part) {
    if (encoded == null) {
      encoded = new EncodedRows();
    }
    return encoded.encode(part, connection.precision());
  }

  /**
   * Sends rows to {@code target} over its redirect connection (opened when first needed), or
   * through the session's own connection when {@code target} is null or fails; learns from the
   * hints of the answer. {@code picked} maps the rows to their device hashes (null: the identity).
   */
  private void sendTo(Endpoint target, InsertBatch rows, long[] hashes, int[] picked, int n) {
    if (target != null) {
      Connection home = withRetry("connect to insert into table '" + rows.tableName() + "'", conn -> conn);
      Connection rc = home.redirect(target);
      try {
        if (rc == null) {
          rc = Connection.open(target, config, tls, database);
          home.addRedirect(rc);
          LOG.debug("opened a redirect connection to {}", target);
        }
        if (database != null && !database.equals(rc.database())) {
          Statuses.check(rc.execute("USE \"" + database.replace("\"", "\"\"") + "\"", config.fetchSize(), 0)
              .getStatus(), "use database '" + database + "' on the redirect connection to " + target);
        }
        TSStatus status = rc.insert(rows);
        Statuses.check(status, "insert " + n + " rows into table '" + rows.tableName() + "' on " + target);
        acknowledgedInCall += n;
        redirectedRequests++;
        redirectedRows += n;
        learn(status, hashes, picked, n, target);
        return;
      } catch (ConnectionException | StatementException e) {
        if (e instanceof StatementException && !e.isRetryable()) {
          throw e;
        }
        redirectFallbacks++;
        int forgotten = routes.forget(target);
        LOG.warn("a redirected insert of {} rows to {} failed ({}); sending them through {} instead, and forgetting"
            + " the {} devices hinted to live there", n, target, e.getMessage(), home.endpoint(), forgotten);
        if (rc != null) {
          home.removeRedirect(rc);
          home.absorbWindow(rc); // its acknowledged inserts are replayed on the session's own connection first
          rc.close();
        }
      }
    }
    Connection[] used = new Connection[1];
    TSStatus status = send(rows, used);
    acknowledgedInCall += n;
    learn(status, hashes, picked, n, used[0].endpoint());
  }

  private void learn(TSStatus status, long[] hashes, int[] picked, int n, Endpoint answeredBy) {
    if (status.getCode() == Statuses.REDIRECTION_RECOMMEND) {
      hintedResponses++;
      routes.learn(status, hashes, picked, n, answeredBy);
    }
  }

  /**
   * The final error of an insert, saying how many of the batch's rows were acknowledged and how
   * many not: a {@link PartialInsertException} when some were, else the failure's own type (a
   * failure that never reached the server, such as bad data or a closed session, as it is).
   */
  private QuiverException insertFailed(InsertBatch batch, QuiverException e) {
    long acknowledged = acknowledgedInCall;
    long total = batch.rowCount();
    String tries = lastTries > 1
        ? " after " + lastTries + " tries in " + String.format(java.util.Locale.ROOT, "%.1f", lastRetryNanos / 1e9) + " s"
        : "";
    lastTries = 0;
    if (acknowledged > 0) {
      return new PartialInsertException(batch.tableName(), acknowledged, acknowledgedPrefixInCall, total, tries, e);
    }
    String rows = " (0 of " + total + " rows acknowledged, " + total + " not acknowledged" + tries + ")";
    String what = "insert " + total + " rows into table '" + batch.tableName() + "'";
    if (e instanceof ConnectionException ce) {
      return new ConnectionException(ce.endpoint(), what + " failed" + rows + ": " + ce.getMessage(),
          ce.isRetryable(), ce);
    }
    if (e instanceof StatementException se) {
      return new StatementException(what + rows, se.statusCode(), se.serverMessage(), se.isRetryable(), se);
    }
    return e;
  }

  /**
   * Sends one request's worth of rows through the session's own connection, retried on a new
   * connection if the connection fails; {@code used[0]} is the connection that acknowledged it.
   */
  private TSStatus send(InsertBatch batch, Connection[] used) {
    String what = "insert " + batch.rowCount() + " rows into table '" + batch.tableName() + "'";
    return withRetry(what, conn -> {
      used[0] = conn;
      TSStatus status = conn.insert(batch);
      Statuses.check(status, what);
      return status;
    });
  }

  /**
   * Cuts a batch into consecutive row ranges whose requests each fit the server's frame limit
   * (ranges start on multiples of 64 rows, as {@link InsertBatch#rows} requires).
   */
  private static void split(InsertBatch batch, int limit, List<InsertBatch> out) {
    long bound = RequestSizes.insertFrameBound(batch);
    if (bound <= limit) {
      out.add(batch);
      return;
    }
    int rows = batch.rowCount();
    if (rows <= 64) {
      throw new InvalidBatchException("the batch for table '" + batch.tableName() + "' needs " + bound
          + " bytes for " + rows + " rows, more than the " + limit + " bytes the server accepts in one"
          + " request (dn_thrift_max_frame_size); make the values smaller", null, -1);
    }
    long pieces = (bound + limit - 1) / (limit - (limit >> 3));
    int chunk = Math.max(64, (int) (rows / pieces) & ~63);
    for (int from = 0; from < rows; from += chunk) {
      InsertBatch range;
      try {
        range = batch.rows(from, Math.min(rows, from + chunk));
      } catch (UnsupportedOperationException e) {
        throw new InvalidBatchException("the batch for table '" + batch.tableName() + "' needs " + bound
            + " bytes, more than the " + limit + " bytes the server accepts in one request"
            + " (dn_thrift_max_frame_size), and " + batch.getClass().getName() + " cannot be split;"
            + " insert it in smaller batches", null, -1);
      }
      split(range, limit, out);
    }
  }

  /**
   * Executes a statement that returns no rows (DDL, {@code USE}, {@code INSERT ... VALUES},
   * {@code DELETE}, {@code FLUSH}, ...).
   *
   * @throws StatementException with IoTDB's status code and message if the server refuses it
   */
  public void executeNonQueryStatement(String sql) {
    requireSql(sql);
    Connection c = connection();
    TSExecuteStatementResp resp = c.execute(sql, config.fetchSize(), 0);
    Statuses.check(resp.getStatus(), "execute '" + abbreviate(sql) + "'");
    if (resp.isSetDatabase()) {
      database = resp.getDatabase();
    }
    if (resp.isSetQueryId() && resp.isSetMoreData() && resp.isMoreData()) {
      new QueryCursor(c, sql, resp, config.fetchSize(), 0).close();
    }
  }

  /** Executes a query with the server's default timeout. */
  public SessionDataSet executeQueryStatement(String sql) {
    return executeQueryStatement(sql, 0);
  }

  /**
   * Executes a query.
   *
   * @param timeoutMs the query's time limit on the server in milliseconds; 0 or less means the
   *     server's default ({@code query_timeout_threshold}, 60 s unless configured)
   * @throws StatementException with IoTDB's status code and message if the server refuses the
   *     query or it times out (status 720)
   */
  public SessionDataSet executeQueryStatement(String sql, long timeoutMs) {
    requireSql(sql);
    Connection[] used = new Connection[1];
    TSExecuteStatementResp resp = withRetry("execute query '" + abbreviate(sql) + "'", conn -> {
      used[0] = conn;
      TSExecuteStatementResp r = conn.execute(sql, config.fetchSize(), timeoutMs);
      Statuses.check(r.getStatus(), "execute query '" + abbreviate(sql) + "'");
      return r;
    });
    Connection c = used[0];
    QueryCursor cursor = new QueryCursor(c, sql, resp, config.fetchSize(), timeoutMs);
    SessionDataSet[] holder = new SessionDataSet[1];
    SessionDataSet ds = new SessionDataSet(cursor, c.precision(), config.timeZone(),
        () -> openResults.remove(holder[0]));
    holder[0] = ds;
    openResults.add(ds);
    return ds;
  }

  /**
   * Opens a raw query cursor, for the Arrow bridge and other columnar readers, with the configured
   * fetch size. The caller closes it. Not part of the stable API.
   */
  public QueryCursor openQueryCursor(String sql, long timeoutMs) {
    return openQueryCursor(sql, timeoutMs, config.fetchSize());
  }

  /**
   * Opens a raw query cursor asking for {@code fetchSize} rows per round trip. The caller closes
   * it; until it is read to the end or closed, it counts in {@link #openResultCount()}, and {@link
   * #close()} (or a reconnect) closes it, releasing the query on the server. Not part of the stable
   * API.
   */
  public QueryCursor openQueryCursor(String sql, long timeoutMs, int fetchSize) {
    requireSql(sql);
    if (fetchSize <= 0) {
      throw new IllegalArgumentException("fetchSize: " + fetchSize + " is not positive");
    }
    Connection c = connection();
    TSExecuteStatementResp resp = c.execute(sql, fetchSize, timeoutMs);
    Statuses.check(resp.getStatus(), "execute query '" + abbreviate(sql) + "'");
    QueryCursor[] holder = new QueryCursor[1];
    QueryCursor cursor = new QueryCursor(c, sql, resp, fetchSize, timeoutMs, () -> openCursors.remove(holder[0]));
    holder[0] = cursor;
    openCursors.add(cursor);
    return cursor;
  }

  /**
   * Runs an idempotent call, and runs it again on a new connection (to the next node that answers)
   * when its connection fails or the server asks for a retry, up to {@code maxRetry} times with a
   * doubling wait, and only while the retry budget lasts (the wait is cut to fit it). The last
   * failure is thrown, a suppressed note saying how many tries were made in how long.
   */
  private <T> T withRetry(String what, Function<Connection, T> call) {
    return withRetry(what, call, false);
  }

  /** As {@link #withRetry(String, Function)}; {@code closing} allows it while the session closes. */
  private <T> T withRetry(String what, Function<Connection, T> call, boolean closing) {
    lastTries = 0;
    long wait = config.retryInterval().toMillis();
    long start = System.nanoTime();
    long budget = config.retryBudget().toNanos();
    for (int attempt = 0; ; attempt++) {
      try {
        return call.apply(closing ? live() : connection());
      } catch (ConnectionException | StatementException e) {
        long elapsed = System.nanoTime() - start;
        long left = budget - elapsed;
        if (!e.isRetryable() || attempt >= config.maxRetry() || (closed && !closing) || left <= 0) {
          lastTries = attempt + 1;
          lastRetryNanos = elapsed;
          if (attempt > 0) {
            e.addSuppressed(new QuiverException("gave up after " + (attempt + 1) + " tries in "
                + elapsed / 1_000_000 + " ms to " + what + " (maxRetry " + config.maxRetry() + ", retryBudget "
                + config.retryBudget().toMillis() + " ms)", false));
          }
          throw e;
        }
        long pause = Math.min(wait, Math.max(0, left / 1_000_000));
        LOG.warn("{} failed (try {} of {}): {}; retrying in {} ms", what, attempt + 1, config.maxRetry() + 1,
            e.getMessage(), pause);
        sleep(pause);
        wait = Math.min(wait * 2, MAX_RETRY_WAIT_MS);
      }
    }
  }

  private static final long MAX_RETRY_WAIT_MS = 5_000;

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuiverException("interrupted while waiting to retry", false, e);
    }
  }

  private static void requireSql(String sql) {
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("the SQL statement is empty");
    }
  }

  private static String abbreviate(String sql) {
    return QueryCursor.abbreviate(sql);
  }

  /**
   * The number of result sets (and raw query cursors, such as Arrow result streams) of this
   * session not yet read to the end nor closed.
   */
  public int openResultCount() {
    return openResults.size() + openCursors.size();
  }

  private void invalidateResults() {
    for (SessionDataSet ds : new ArrayList<>(openResults)) {
      ds.close();
    }
    openResults.clear();
    for (QueryCursor cursor : new ArrayList<>(openCursors)) {
      cursor.close();
    }
    openCursors.clear();
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
   * not answer meanwhile, the connection is closed anyway and a {@link QuiverException} says how
   * many acknowledged rows could not be confirmed.
   *
   * <p>For a session borrowed from a {@link TableSessionPool}: hands it back to the pool, which
   * closes its open result sets and cursors and restores the pool's database; this handle is then
   * closed for good, the connection lives on in the pool.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (returnHook != null) {
      returnHook.accept(this);
      return;
    }
    RuntimeException first = closeResults();
    RuntimeException unconfirmed = awaitWindowBeforeClosing();
    connection.close();
    if (first != null) {
      if (unconfirmed != null) {
        first.addSuppressed(unconfirmed);
      }
      throw first;
    }
    if (unconfirmed != null) {
      throw unconfirmed;
    }
  }

  /** Closes the open result sets; returns the first failure (later ones suppressed), or null. */
  private RuntimeException closeResults() {
    RuntimeException first = null;
    for (SessionDataSet ds : new ArrayList<>(openResults)) {
      try {
        ds.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    openResults.clear();
    for (QueryCursor cursor : new ArrayList<>(openCursors)) {
      try {
        cursor.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    openCursors.clear();
    return first;
  }
}
