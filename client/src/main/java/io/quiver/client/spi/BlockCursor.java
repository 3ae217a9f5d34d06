package io.quiver.client.spi;

import io.quiver.client.DataType;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The server side of one query, for columnar readers (the Arrow bridge): its columns, and its
 * serialized TsBlocks fetch by fetch. Opened by {@code TableSession.openQueryCursor}; the blocks
 * of one fetch are slices of the connection's read buffer, valid only until the next call on the
 * session, so a reader decodes them before asking for more. The TsBlock layout is described in
 * {@code docs/tsblock.md}.
 *
 * <p>A cursor closed before its end (by its owner, or by its session closing) throws {@link
 * io.quiver.client.SessionClosedException} on a further {@link #nextBlocks()} rather than looking
 * exhausted. Not thread-safe.
 */
public interface BlockCursor extends AutoCloseable {
  /** The result's column names, in order. */
  List<String> columnNames();

  /** The result's column types, in order. */
  List<DataType> columnTypes();

  /** {@link #blockColumn} of a result column read from the TsBlock's time column (tree model). */
  int TIME_COLUMN = -1;

  /**
   * The TsBlock value column that holds result column {@code i}, or {@link #TIME_COLUMN} for a
   * column read from the block's time column (the leading {@code Time} of tree-model results).
   */
  int blockColumn(int i);

  /** The fetch size this cursor asks the server for: a soft target of rows per round trip. */
  int fetchSize();

  /**
   * The next fetch's serialized TsBlocks (the first call returns those that came with the
   * statement's answer), or null when the query has no more.
   *
   * @throws io.quiver.client.SessionClosedException if the cursor was closed before its end
   */
  List<ByteBuffer> nextBlocks();

  /** True if the server still holds this query open. */
  boolean isOpenOnServer();

  /** Releases the query on the server if it is still open there. Idempotent. */
  @Override
  void close();
}
