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
 * <p>Not thread-safe: IoTDB binds a session to its connection and serves it one call at a time. Use
 * one session per thread, or a pool.
 */
public final class TableSession implements AutoCloseable {
  private final TableSessionConfig config;
  private final TlsSockets tls;
  private final Set<SessionDataSet> openResults = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<QueryCursor> openCursors = Collections.newSetFromMap(new IdentityHashMap<>());
  private Connection connection;
  private String database;
  private boolean closed;

  private TableSession(TableSessionConfig config) {
    this.config = config;
    this.tls = TlsSockets.fromConfig(config);
    this.database = config.database();
  }

  /**
   * Connects and opens a session.
   *
   * @throws ConnectionException if no configured node answers (the message lists each node's error)
   * @throws AuthenticationException if the server refuses the user name or password
   */
  public static TableSession open(TableSessionConfig config) {
    Objects.requireNonNull(config, "config");
    TableSession s = new TableSession(config);
    s.connection = s.connect();
    return s;
  }

  private Connection connect() {
    List<String> failures = new ArrayList<>();
    ConnectionException last = null;
    for (String url : config.nodeUrls()) {
      Endpoint endpoint = Endpoint.parse(url, "nodeUrls");
      try {
        return Connection.open(endpoint, config, tls, database);
      } catch (ConnectionException e) {
        failures.add(endpoint + ": " + e.getMessage());
        last = e;
      }
    }
    if (failures.size() == 1) {
      throw last;
    }
    throw new ConnectionException(String.join(",", config.nodeUrls()),
        "no IoTDB node answered: " + String.join("; ", failures), last);
  }

  private Connection connection() {
    if (closed) {
      throw new SessionClosedException("this TableSession is closed; open a new one");
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
    Connection c = connection();
    if (batch.rowCount() == 0) {
      return;
    }
    if (batch.columnCount() == 0) {
      throw new InvalidBatchException("the batch for table '" + batch.tableName()
          + "' has no columns besides time; give at least one TAG or FIELD column", null, -1);
    }
    long written = insertSplitting(c, batch, 0, batch.rowCount());
    if (written != batch.rowCount()) {
      throw new IllegalStateException("wrote " + written + " of " + batch.rowCount() + " rows");
    }
  }

  /**
   * Sends a batch as one request if it fits the server's frame limit, else as consecutive row
   * ranges that each fit. Returns the rows written; a failure after some ranges were written
   * becomes a {@link PartialInsertException} saying how many.
   */
  private long insertSplitting(Connection c, InsertBatch batch, long doneBefore, long total) {
    long bound = RequestSizes.insertFrameBound(batch);
    int limit = c.serverMaxFrameSize();
    if (bound <= limit) {
      try {
        Statuses.check(c.insert(batch), "insert " + batch.rowCount() + " rows into table '" + batch.tableName() + "'");
      } catch (QuiverException e) {
        if (doneBefore > 0 && !(e instanceof InvalidBatchException)) {
          throw new PartialInsertException(batch.tableName(), doneBefore, total, e);
        }
        throw e;
      }
      return batch.rowCount();
    }
    int rows = batch.rowCount();
    if (rows <= 64) {
      throw new InvalidBatchException("the batch for table '" + batch.tableName() + "' needs " + bound
          + " bytes for " + rows + " rows, more than the " + limit + " bytes the server accepts in one"
          + " request (dn_thrift_max_frame_size); make the values smaller", null, -1);
    }
    long parts = (bound + limit - 1) / (limit - (limit >> 3));
    int chunk = Math.max(64, (int) (rows / parts) & ~63);
    long written = 0;
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
      written += insertSplitting(c, range, doneBefore + written, total);
    }
    return written;
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
    Connection c = connection();
    TSExecuteStatementResp resp = c.execute(sql, config.fetchSize(), timeoutMs);
    Statuses.check(resp.getStatus(), "execute query '" + abbreviate(sql) + "'");
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
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
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
    connection.close();
    if (first != null) {
      throw first;
    }
  }
}
