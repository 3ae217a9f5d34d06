package io.quiver.client.internal.session;

import io.quiver.client.TimePrecision;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.ReplayWindow;
import io.quiver.client.spi.InsertBatch;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;
import org.apache.iotdb.service.rpc.thrift.TSFetchResultsResp;

/**
 * One open server session on one connection, as the session's parts use it: the calls, the
 * insert with its replay window, and what the server reported when it opened. {@link
 * io.quiver.client.internal.Connection} is the real one; unit tests give fakes through a {@link
 * LinkFactory}. Not thread-safe; failures are typed {@code QuiverException}s, and a link whose
 * transport failed reports {@link #isBroken()} from then on.
 */
public interface Link extends AutoCloseable {
  Endpoint endpoint();

  TimePrecision precision();

  /**
   * True when query results show the TsBlock's time column as a leading {@code Time} column
   * (the tree dialect, unless the server says {@code ignoreTimeStamp}).
   */
  default boolean timeColumnFirst() {
    return false;
  }

  String serverVersion();

  /** The largest request frame the server accepts, as it reported when the session opened. */
  int serverMaxFrameSize();

  /** The database the server last reported for this session (after USE), or the one it opened in. */
  String database();

  /** True once a call failed at the transport level, or after {@link #close()}. */
  boolean isBroken();

  /** One empty round trip with the read timeout. */
  void ping();

  /** One empty round trip waiting at most {@code timeoutMillis}. */
  void ping(int timeoutMillis);

  /** Executes any statement; the caller checks the status. */
  TSExecuteStatementResp execute(String sql, int fetchSize, long timeoutMs);

  /** Fetches the next blocks of a query. */
  TSFetchResultsResp fetch(String sql, long queryId, int fetchSize, long timeoutMs);

  /** Releases a query on the server. */
  TSStatus closeQuery(long queryId);

  /**
   * Encodes the batch into a request and sends it; an acknowledged request is kept in the replay
   * window (when there is one). The caller checks the status.
   *
   * @throws io.quiver.client.InvalidBatchException before anything is sent, for bad data
   */
  TSStatus insert(InsertBatch batch);

  /**
   * The first half of {@link #insert}: encodes and sends the request without reading the answer,
   * so that the caller can send to other nodes before it reads any answer. This default sends and
   * reads at once (a link that cannot split a round trip).
   *
   * @throws io.quiver.client.InvalidBatchException before anything is sent, for bad data
   */
  default PendingInsert sendInsert(InsertBatch batch) {
    TSStatus status = insert(batch);
    return () -> status;
  }

  /**
   * True while inserts sent by {@link #sendInsert} on a pipelining link wait for their answers (or
   * wait to be replayed after their answer asked for a retry or never came). No other call may be
   * made on the link meanwhile.
   */
  default boolean hasInFlight() {
    return false;
  }

  /**
   * As {@link #sendInsert}, for a pipelined insert ({@code maxInFlightInserts} above 1): more may
   * be sent before this one's answer is read. The link keeps a copy of the request until its
   * answer: acknowledged, it enters the window; refused with a transient status, or never answered
   * because the link failed, it joins the window as a frame to replay (after the answers in flight,
   * or when the window is {@link #detachWindow handed over}). This default sends and reads at once.
   */
  default PendingInsert sendPipelined(InsertBatch batch) {
    return sendInsert(batch);
  }

  /** Encodes the batch and discards the request: finds bad data without sending anything. */
  void encodeOnly(InsertBatch batch);

  /** The replay window, or null when it is off. */
  ReplayWindow window();

  /** True when the replay window holds acknowledged frames (replayed or not). */
  default boolean holdsFrames() {
    ReplayWindow w = window();
    return w != null && w.frames() > 0;
  }

  /** True when the replay window holds frames that must be replayed before new work. */
  default boolean needsReplay() {
    ReplayWindow w = window();
    return w != null && w.unconfirmed() > 0;
  }

  /**
   * Takes over the window of the broken link this one replaces (null: nothing to take): all its
   * frames must be replayed here ({@link #replay()}) before anything else is sent.
   */
  void adoptWindow(ReplayWindow predecessor);

  /** Hands the window over (to the link that replaces this one); this link has none afterwards. */
  ReplayWindow detachWindow();

  /**
   * Takes over the acknowledged frames of a link given up while this one goes on (a redirect link
   * that failed): they are replayed here, after this window's own frames.
   */
  void absorbWindow(ReplayWindow given, Endpoint from);

  /**
   * Re-sends the window's unconfirmed frames in order, checking each answer.
   *
   * @throws io.quiver.client.ReplayRefusedException if the server refused frames for good
   */
  void replay();

  /** Closes the server session (best effort) and the socket. Idempotent. */
  @Override
  void close();
}
