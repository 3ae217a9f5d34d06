package io.quiver.client.internal.session;

import io.quiver.client.ConnectionException;
import io.quiver.client.ProtocolException;
import io.quiver.client.QuiverException;
import io.quiver.client.internal.RequestSizes;
import io.quiver.client.internal.Statuses;
import io.quiver.client.internal.TransientStatuses;
import io.quiver.client.spi.InsertBatch;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import org.apache.iotdb.common.rpc.thrift.TSStatus;

/**
 * Pipelined inserts ({@code maxInFlightInserts} above 1): sends each request over the home link
 * without reading its answer while fewer than the limit wait, so the caller encodes the next batch
 * while the server writes this one, and reads the answers, oldest first, when the limit is reached
 * or when the session needs its link for anything else ({@link #settle}).
 *
 * <p><b>What becomes of each answer.</b> An acknowledgement: the link keeps the frame in its replay
 * window, as for any insert. A refusal for good: remembered, and thrown by the session's next
 * {@code insert}, {@code flush} or {@code close} ({@link #takeFailure}), naming the request's table
 * and rows. A transient refusal, or no answer because the connection failed: the link moved the
 * frame into its replay window to be sent again; {@link #settle} then gets a live link through the
 * retrier (reconnecting, and replaying those frames before anything else), and if that gives up,
 * that failure is remembered the same way: the frames stay in the window for the next call.
 *
 * <p><b>Bounds.</b> At most {@code depth} requests, and at most the window's byte cap of request
 * bytes (bounded from above before encoding), are in flight, so that every frame without an answer
 * fits in the window. A request larger than that goes the ordinary way (not accepted here).
 *
 * <p>Not thread-safe; one per session.
 */
public final class InsertPipeline {
  /** A request in flight: the answer to read, and what its failure message names. */
  private record InFlight(PendingInsert pending, Link link, String table, int rows, long bound) { }

  private final int depth;
  private final long maxBytes;
  private final Retrier retrier;
  private final Supplier<Link> live;
  private final ArrayDeque<InFlight> queue = new ArrayDeque<>();
  private long boundInFlight;
  /** The first failure not yet thrown to the caller; later ones are suppressed in it. */
  private QuiverException failure;
  /** Set once an answer hinted that devices live on other nodes: the router then routes. */
  private boolean hinted;
  private long sentRequests;

  /**
   * @param depth the most requests in flight ({@code maxInFlightInserts}); 1 turns pipelining off
   * @param maxBytes the replay window's byte cap: the most request bytes in flight
   * @param live the home link ready for work, without settling this pipeline first
   */
  public InsertPipeline(int depth, long maxBytes, Retrier retrier, Supplier<Link> live) {
    this.depth = depth;
    this.maxBytes = maxBytes;
    this.retrier = retrier;
    this.live = live;
  }

  /** True when pipelining is on ({@code maxInFlightInserts} above 1). */
  public boolean enabled() {
    return depth > 1;
  }

  /**
   * True when {@code part} may be pipelined: pipelining is on, no answer hinted at other nodes
   * ({@code routing} says whether the router would route it), and its request fits the bounds.
   */
  public boolean accepts(InsertBatch part, boolean routing) {
    return depth > 1 && !routing && !hinted && RequestSizes.insertFrameBound(part) <= maxBytes;
  }

  /** True once an answer in flight hinted that devices live on other nodes. */
  public boolean hinted() {
    return hinted;
  }

  /** Requests waiting for their answers now. */
  public int inFlight() {
    return queue.size();
  }

  /** Requests sent through the pipeline so far. */
  public long sentRequests() {
    return sentRequests;
  }

  /**
   * Sends {@code part} over the home link without reading its answer, after reading the oldest
   * answers while the bounds are reached (or all of them, when the home link changed).
   *
   * @return false when the request could not be sent because the link failed (nothing of it
   *     reached the server intact): the caller sends it the ordinary way, which reconnects and
   *     replays first; the requests in flight were settled
   * @throws QuiverException if no live link could be had (the retrier's last failure), or for bad
   *     data (nothing sent)
   */
  public boolean submit(InsertBatch part) {
    long bound = RequestSizes.insertFrameBound(part);
    Link link = retrier.run("connect to insert into table '" + part.tableName() + "'", live, l -> l).link();
    if (!queue.isEmpty() && queue.peekFirst().link() != link) {
      settle();
      link = retrier.run("connect to insert into table '" + part.tableName() + "'", live, l -> l).link();
    }
    while (!queue.isEmpty() && (queue.size() >= depth || boundInFlight + bound > maxBytes)) {
      if (awaitOldest()) {
        settle();
        link = retrier.run("connect to insert into table '" + part.tableName() + "'", live, l -> l).link();
      }
    }
    PendingInsert pending;
    try {
      pending = link.sendPipelined(part);
    } catch (ConnectionException e) {
      settle();
      return false;
    }
    queue.add(new InFlight(pending, link, part.tableName(), part.rowCount(), bound));
    boundInFlight += bound;
    sentRequests++;
    return true;
  }

  /**
   * Reads every answer in flight; when some request must be sent again (its connection failed or
   * the server asked to retry), gets a live link, which reconnects and replays them first. Failures
   * are remembered for {@link #takeFailure}, not thrown.
   */
  public void settle() {
    boolean replay = false;
    while (!queue.isEmpty()) {
      replay |= awaitOldest();
    }
    if (replay) {
      try {
        retrier.run("send again the inserts in flight whose answers never came", live, l -> l);
      } catch (QuiverException e) {
        remember(e);
      }
    }
  }

  /**
   * Reads the oldest answer. Returns true when its request waits in the link's window to be sent
   * again (no answer came, or a transient refusal).
   */
  private boolean awaitOldest() {
    InFlight f = queue.pollFirst();
    boundInFlight -= f.bound();
    TSStatus status;
    try {
      status = f.pending().await();
    } catch (ConnectionException e) {
      return true;
    } catch (ProtocolException e) {
      remember(new ProtocolException(describe(f) + " failed: " + e.getMessage(), e));
      return false;
    }
    if (Statuses.isSuccess(status)) {
      if (status.getCode() == Statuses.REDIRECTION_RECOMMEND || status.isSetRedirectNode()) {
        hinted = true;
      }
      return false;
    }
    if (TransientStatuses.isTransient(status) && f.link().window() != null) {
      return true;
    }
    try {
      Statuses.check(status, describe(f));
    } catch (QuiverException e) {
      remember(e);
    }
    return false;
  }

  /** The request, as a failure names it. */
  private String describe(InFlight f) {
    return "insert " + f.rows() + " rows into table '" + f.table() + "' (sent by an earlier insert call without"
        + " waiting for its answer, maxInFlightInserts " + depth + "; 0 of its " + f.rows() + " rows acknowledged)";
  }

  private void remember(QuiverException e) {
    if (failure == null) {
      failure = e;
    } else if (failure != e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Throws the first failure remembered since the last call (later ones suppressed in it), if
   * any, and forgets it.
   */
  public void takeFailure() {
    QuiverException e = failure;
    if (e != null) {
      failure = null;
      throw e;
    }
  }

  /** The failure remembered, without forgetting it (null when none). */
  public QuiverException pendingFailure() {
    return failure;
  }
}
