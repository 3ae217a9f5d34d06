package io.quiver.client;

import io.quiver.client.spi.BlockCursor;
import java.time.ZoneId;

/**
 * What both session kinds do: statements, queries, raw query cursors for columnar readers, and
 * closing. {@link TableSession} speaks the table model, {@link Session} the tree model; readers
 * such as the Arrow bridge's {@code ArrowQuery} take either. Not thread-safe.
 */
public interface QuiverSession extends AutoCloseable {
  /**
   * Executes a statement that returns no rows. Not retried.
   *
   * @throws StatementException with IoTDB's status code and message if the server refuses it
   */
  void executeNonQueryStatement(String sql);

  /** Executes a query with the server's default timeout, retried on a new connection. */
  SessionDataSet executeQueryStatement(String sql);

  /** Executes a query with a time limit in milliseconds (0: the server's default). */
  SessionDataSet executeQueryStatement(String sql, long timeoutMs);

  /**
   * Opens a raw cursor over a query's serialized TsBlocks, asking for {@code fetchSize} rows per
   * round trip. The caller closes it; the session closes it when it closes.
   */
  BlockCursor openQueryCursor(String sql, long timeoutMs, int fetchSize);

  /** The server's timestamp precision, learned when the session opened. Does no I/O. */
  TimePrecision timePrecision();

  /** The session's time zone (the configured one). */
  ZoneId timeZone();

  /** True once {@link #close()} was called. */
  boolean isClosed();

  /** Closes the session (or, for a pooled one, hands it back to its pool). */
  @Override
  void close();
}
