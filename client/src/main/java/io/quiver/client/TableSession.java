package io.quiver.client;

import io.quiver.client.internal.Connection;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.QueryCursor;
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
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;

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
 * <p>A session borrowed from a {@link TableSessionPool} behaves the same, except that {@link
 * #close()} hands its connection back to the pool (see there).
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

  private TableSession(TableSessionConfig config, TlsSockets tls, Consumer<TableSession> returnHook) {
    this.config = config;
    this.tls = tls;
    this.database = config.database();
    this.returnHook = returnHook;
  }

  /**
   * Connects and opens a session.
   *
   * @throws ConnectionException if no configured node answers (the message lists each node's error)
   * @throws AuthenticationException if the server refuses the user name or password
   */
  public static TableSession open(TableSessionConfig config) {
    Objects.requireNonNull(config, "config");
    TableSession s = new TableSession(config, TlsSockets.fromConfig(config), null);
    s.connection = s.connect();
    return s;
  }

  /**
   * Pool hook: a session for one borrower, on a new connection ({@code connection == null}) or on
   * one the pool kept. Its {@link #close()} calls {@code returnHook} instead of closing, and the
   * pool then calls {@link #detachForReuse}.
   */
  static TableSession borrowed(
      TableSessionConfig config, TlsSockets tls, Connection connection, Consumer<TableSession> returnHook) {
    TableSession s = new TableSession(config, tls, Objects.requireNonNull(returnHook, "returnHook"));
    s.connection = connection != null ? connection : s.connect();
    return s;
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
    Connection c = connection;
    RuntimeException failure = closeResults();
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
    c.close();
    if (failure != null) {
      throw failure;
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
    if (connection.isBroken()) {
      invalidateResults();
      connection = connect();
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
   * ranges, each its own request; if one of them fails, a {@link PartialInsertException} says how
   * many rows were written before it.
   *
   * @throws InvalidBatchException before anything is sent, if the batch cannot be written
   * @throws StatementException if the server refuses the rows
   * @throws ConnectionException if the connection fails (retryable: rows with equal time and tags
   *     overwrite, so sending the batch again is safe)
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
    Connection c = withRetry("connect to insert into table '" + batch.tableName() + "'", conn -> conn);
    int limit = c.serverMaxFrameSize();
    if (RequestSizes.insertFrameBound(batch) <= limit) {
      send(batch);
      return;
    }
    List<InsertBatch> parts = new ArrayList<>();
    split(batch, limit, parts);
    // Every part is encoded once before the first is sent, so bad data anywhere in the batch fails
    // it before any row is written (encoding is cheap next to the server's work per row).
    for (InsertBatch part : parts) {
      c.encodeOnly(part);
    }
    long acknowledged = 0;
    for (InsertBatch part : parts) {
      try {
        send(part);
      } catch (QuiverException e) {
        if (acknowledged > 0) {
          throw new PartialInsertException(batch.tableName(), acknowledged, batch.rowCount(), e);
        }
        throw e;
      }
      acknowledged += part.rowCount();
    }
  }

  /** Sends one request's worth of rows, retried on a new connection if the connection fails. */
  private void send(InsertBatch batch) {
    String what = "insert " + batch.rowCount() + " rows into table '" + batch.tableName() + "'";
    withRetry(what, conn -> {
      Statuses.check(conn.insert(batch), what);
      return null;
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
    SessionDataSet ds = new SessionDataSet(cursor, c.precision(), () -> openResults.remove(holder[0]));
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
   * doubling wait. The last failure is thrown, its message saying how many tries were made.
   */
  private <T> T withRetry(String what, java.util.function.Function<Connection, T> call) {
    long wait = config.retryInterval().toMillis();
    for (int attempt = 0; ; attempt++) {
      try {
        return call.apply(connection());
      } catch (ConnectionException | StatementException e) {
        if (!e.isRetryable() || attempt >= config.maxRetry() || closed) {
          if (attempt > 0) {
            e.addSuppressed(new QuiverException("gave up after " + (attempt + 1) + " tries to " + what, false));
          }
          throw e;
        }
        org.slf4j.LoggerFactory.getLogger(TableSession.class).warn(
            "{} failed (try {} of {}): {}; retrying in {} ms", what, attempt + 1, config.maxRetry() + 1,
            e.getMessage(), wait);
        sleep(wait);
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
    String s = sql.strip().replaceAll("\\s+", " ");
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
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
    connection.close();
    if (first != null) {
      throw first;
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
