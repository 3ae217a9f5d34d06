package io.quiver.client.internal;

import io.quiver.client.DataType;
import io.quiver.client.ProtocolException;
import io.quiver.client.SessionClosedException;
import io.quiver.client.internal.session.Link;
import io.quiver.client.spi.BlockCursor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;
import org.apache.iotdb.service.rpc.thrift.TSFetchResultsResp;

/**
 * The server side of one query: its metadata, and its result blocks fetch by fetch until the
 * server has no more. Each fetch's blocks are slices of the connection's read buffer, valid only
 * until the next call on the connection, so a consumer decodes them before asking for more.
 *
 * <p>The server releases a query by itself once it has sent the last block; {@link #close()} sends
 * {@code closeOperation} only for a query abandoned before that. Once the cursor is finished (read
 * to the end, or closed), its {@code onFinish} callback runs, once. A cursor closed before its end
 * (by its owner, or by its session closing) throws on a further {@link #nextBlocks()} rather than
 * looking exhausted, so a reader never mistakes a cut-off result for a complete one.
 */
public final class QueryCursor implements BlockCursor {
  /** The name of the leading time column of tree-dialect results, as the official clients name it. */
  public static final String TIME_COLUMN = "Time";

  /** {@link #blockColumn} of the leading {@code Time} column: the TsBlock's own time column. */
  public static final int TIME_BLOCK_COLUMN = BlockCursor.TIME_COLUMN;

  private final Link connection;
  private final String sql;
  private final long queryId;
  private final int fetchSize;
  private final long timeoutMs;
  private final List<String> columnNames;
  private final List<DataType> columnTypes;
  private final int[] blockColumnIndex;
  private final Runnable onFinish;
  private List<ByteBuffer> pending;
  private boolean moreData;
  private boolean closed;
  private boolean closedEarly;

  public QueryCursor(Link connection, String sql, TSExecuteStatementResp resp, int fetchSize, long timeoutMs) {
    this(connection, sql, resp, fetchSize, timeoutMs, () -> { });
  }

  /**
   * A cursor over the answer {@code resp} to {@code sql}; {@code onFinish} runs once when the
   * cursor is read to the end or closed.
   */
  public QueryCursor(Link connection, String sql, TSExecuteStatementResp resp, int fetchSize, long timeoutMs,
      Runnable onFinish) {
    this.connection = connection;
    this.onFinish = onFinish;
    this.sql = sql;
    this.queryId = resp.isSetQueryId() ? resp.getQueryId() : -1;
    this.fetchSize = fetchSize;
    this.timeoutMs = timeoutMs;
    List<String> names = resp.isSetColumns() ? resp.getColumns() : List.of();
    List<String> typeNames = resp.isSetDataTypeList() ? resp.getDataTypeList() : List.of();
    if (names.size() != typeNames.size()) {
      throw new ProtocolException("the server described " + names.size() + " columns but "
          + typeNames.size() + " column types for: " + sql, null);
    }
    // The tree dialect shows the TsBlock's time column first, unless the server says the result
    // has no meaningful time (aggregations, SHOW ...): as the official clients do.
    boolean time = connection != null && connection.timeColumnFirst() && !names.isEmpty() && !resp.isIgnoreTimeStamp();
    int shift = time ? 1 : 0;
    List<String> allNames = new ArrayList<>(names.size() + shift);
    List<DataType> types = new ArrayList<>(typeNames.size() + shift);
    if (time) {
      allNames.add(TIME_COLUMN);
      types.add(DataType.TIMESTAMP);
    }
    allNames.addAll(names);
    for (String t : typeNames) {
      types.add(DataType.fromName(t));
    }
    this.columnNames = List.copyOf(allNames);
    this.columnTypes = Collections.unmodifiableList(types);
    this.blockColumnIndex = new int[names.size() + shift];
    List<Integer> mapping = resp.getColumnIndex2TsBlockColumnIndexList();
    if (time) {
      blockColumnIndex[0] = TIME_BLOCK_COLUMN;
    }
    for (int i = 0; i < names.size(); i++) {
      blockColumnIndex[i + shift] = mapping != null && i < mapping.size() ? mapping.get(i) : i;
    }
    this.pending = resp.isSetQueryResult() ? resp.getQueryResult() : List.of();
    this.moreData = resp.isSetMoreData() && resp.isMoreData();
  }

  @Override
  public List<String> columnNames() {
    return columnNames;
  }

  @Override
  public List<DataType> columnTypes() {
    return columnTypes;
  }

  /** The TsBlock value column that holds output column {@code i}. */
  @Override
  public int blockColumn(int i) {
    return blockColumnIndex[i];
  }

  /** The fetch size this cursor asks the server for: a soft target of rows per round trip. */
  @Override
  public int fetchSize() {
    return fetchSize;
  }

  /**
   * The next fetch's serialized TsBlocks (the first call returns those that came with the
   * statement's answer), or null when the query has no more. The buffers are valid until the next
   * call on the connection.
   *
   * @throws SessionClosedException if the cursor was closed before its end (by its owner or its
   *     session)
   */
  @Override
  public List<ByteBuffer> nextBlocks() {
    if (closed) {
      if (closedEarly) {
        throw new SessionClosedException("the query '" + abbreviate(sql) + "' was closed before all its rows were"
            + " read (by its reader, by its session closing, or after a lost connection)");
      }
      return null;
    }
    if (pending != null) {
      List<ByteBuffer> b = pending;
      pending = null;
      return b;
    }
    if (!moreData) {
      finish();
      return null;
    }
    TSFetchResultsResp resp = connection.fetch(sql, queryId, fetchSize, timeoutMs);
    if (!Statuses.isSuccess(resp.getStatus())) { // the message is built only on failure: fetches are hot
      Statuses.check(resp.getStatus(), "fetch results of '" + abbreviate(sql) + "'");
    }
    moreData = resp.isSetMoreData() && resp.isMoreData();
    List<ByteBuffer> blocks = resp.isSetQueryResult() ? resp.getQueryResult() : List.of();
    if (!resp.isHasResultSet() && !moreData) {
      finish();
      return null;
    }
    return blocks;
  }

  private void finish() {
    if (!closed) {
      closed = true;
      onFinish.run();
    }
  }

  /** True if the server still holds this query open. */
  @Override
  public boolean isOpenOnServer() {
    return moreData && !closed && queryId >= 0;
  }

  /** Releases the query on the server if it is still open there. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closedEarly = pending != null || moreData;
    pending = null;
    try {
      if (moreData && queryId >= 0 && !connection.isBroken()) {
        moreData = false;
        Statuses.check(connection.closeQuery(queryId), "close query '" + abbreviate(sql) + "'");
      }
    } finally {
      moreData = false;
      finish();
    }
  }

  /** A statement shortened to one line of at most 80 characters, for messages. */
  public static String abbreviate(String sql) {
    String s = sql.strip().replaceAll("\\s+", " ");
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
