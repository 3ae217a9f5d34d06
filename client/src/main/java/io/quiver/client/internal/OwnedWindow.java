package io.quiver.client.internal;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay window a connection owns (or none, when the window is off): what it keeps of each
 * acknowledged insert, the frames it outlived, taking over the window of the connection it
 * replaces or of a redirect connection given up, and handing its own over. A full window lets
 * frames leave early; that is logged as a warning at most once per {@link
 * #DROP_WARNING_INTERVAL_NANOS}.
 * Not thread-safe.
 */
final class OwnedWindow {
  /** Logged under the connection's name, as it was before this part had its own class. */
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  static final long DROP_WARNING_INTERVAL_NANOS = 10_000_000_000L;

  private final Endpoint endpoint;
  private final LongSupplier nanoTime;
  private ReplayWindow window;
  private long lastDropWarningNanos;
  private long droppedAtLastWarning;

  /** {@code window} may be null (off); {@code endpoint} names the connection in warnings. */
  OwnedWindow(Endpoint endpoint, ReplayWindow window, LongSupplier nanoTime) {
    this.endpoint = endpoint;
    this.window = window;
    this.nanoTime = nanoTime;
  }

  /** The window, or null when it is off (or was handed over). */
  ReplayWindow get() {
    return window;
  }

  /** Frames not yet replayed on this connection (0 without a window). */
  int unconfirmed() {
    return window == null ? 0 : window.unconfirmed();
  }

  /** An answer to a call sent at {@code sentAt}: the frames the server provably outlived leave. */
  void expire(long sentAt) {
    if (window != null) {
      window.expire(sentAt);
    }
  }

  /**
   * Copies an acknowledged request frame ({@code length} bytes of {@code frame}) into the window.
   * Returns true when frames left early for lack of room and a warning was logged (throttled).
   */
  boolean keep(byte[] frame, int length, int rows, String table, String database) {
    int dropped = window.add(frame, 0, length, rows, table, database, nanoTime.getAsLong());
    if (dropped <= 0) {
      return false;
    }
    long now = nanoTime.getAsLong();
    if (lastDropWarningNanos != 0 && now - lastDropWarningNanos < DROP_WARNING_INTERVAL_NANOS) {
      return false;
    }
    LOG.warn("the replay window of the session on {} is full ({} bytes, replayWindowBytes): {}"
        + " acknowledged frames ({} rows in all so far, {} since the last warning) left it before"
        + " their {} ms were up; a crash of the server now could lose them. Raise"
        + " replayWindowBytes, or insert more slowly",
        endpoint, window.maxBytes(), window.droppedFrames(), window.droppedRows(),
        window.droppedRows() - droppedAtLastWarning, window.windowNanos() / 1_000_000);
    lastDropWarningNanos = now;
    droppedAtLastWarning = window.droppedRows();
    return true;
  }

  /**
   * Takes the copies of pipelined frames without an acknowledgement (set aside to retry, or never
   * answered) in as frames to replay; warns when that pushed frames out early.
   *
   * @throws IllegalStateException if there is no window (pipelining requires one)
   */
  void takeUnanswered(InFlightFrames frames) {
    if (window == null) {
      throw new IllegalStateException("pipelined inserts to " + endpoint + " without a replay window");
    }
    int dropped = frames.moveTo(window);
    if (dropped > 0) {
      LOG.warn("the replay window of the session on {} is full ({} bytes, replayWindowBytes): {} frames left"
          + " it early to make room for pipelined inserts that must be sent again", endpoint, window.maxBytes(),
          dropped);
    }
  }

  /** Takes over the window of the broken connection this one replaces: all of it to replay. */
  void adopt(ReplayWindow predecessor) {
    if (predecessor == null) {
      return;
    }
    window = predecessor;
    window.markAllUnconfirmed();
  }

  /** Hands the window over; none is left here. */
  ReplayWindow detach() {
    ReplayWindow w = window;
    window = null;
    return w;
  }

  /** Takes over the frames of a connection given up ({@code from}), after this window's own. */
  void absorb(ReplayWindow given, Endpoint from) {
    if (given == null || given.frames() == 0) {
      return;
    }
    if (window == null) {
      window = new ReplayWindow(given.windowNanos(), given.maxBytes());
    }
    int dropped = window.absorb(given);
    if (dropped > 0) {
      LOG.warn("the replay window of the session on {} is full: {} acknowledged frames left it"
          + " early while it took over those of {}", endpoint, dropped, from);
    }
  }
}
