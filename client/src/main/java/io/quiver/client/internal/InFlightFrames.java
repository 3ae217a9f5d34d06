package io.quiver.client.internal;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Copies of the insert frames a pipelining connection sent and has no answer for yet, oldest
 * first, and of those the server asked to retry ({@link #setAside}): what a {@link ReplayWindow}
 * must replay if the connection fails before the answers come. The copies' arrays are recycled
 * (up to {@link #MAX_FREE} of them), so a steady pipeline allocates none after its first requests.
 *
 * <p>Not thread-safe.
 */
final class InFlightFrames {
  /** One frame's copy and what the window records of it. */
  static final class Frame {
    byte[] bytes = new byte[0];
    int length;
    int rows;
    String table;
    String database;
    long sentAtNanos;
  }

  /**
   * Copies kept for reuse once answered: enough for a steady pipeline of a few requests; more would
   * only hold memory (a copy is as large as the largest request it held).
   */
  static final int MAX_FREE = 4;

  private final ArrayDeque<Frame> sent = new ArrayDeque<>();
  private final ArrayDeque<Frame> retry = new ArrayDeque<>();
  private final ArrayDeque<Frame> free = new ArrayDeque<>();

  /** Copies a frame just sent, as the newest in flight. */
  void add(byte[] src, int length, int rows, String table, String database, long sentAtNanos) {
    Frame f = free.isEmpty() ? new Frame() : free.poll();
    if (f.bytes.length < length) {
      f.bytes = new byte[length];
    }
    System.arraycopy(src, 0, f.bytes, 0, length);
    f.length = length;
    f.rows = rows;
    f.table = table;
    f.database = database;
    f.sentAtNanos = sentAtNanos;
    sent.add(f);
  }

  /** The oldest frame in flight, whose answer comes next; null when none. */
  Frame oldest() {
    return sent.peek();
  }

  /** The oldest frame was answered and dealt with: its copy is recycled. */
  void answered() {
    recycle(sent.poll());
  }

  /** The server asked to retry the oldest frame: it waits for a replay ({@link #moveTo}). */
  void setAside() {
    retry.add(sent.poll());
  }

  /** Frames in flight. */
  int inFlight() {
    return sent.size();
  }

  /** Frames set aside for a retry. */
  int setAsideCount() {
    return retry.size();
  }

  boolean isEmpty() {
    return sent.isEmpty() && retry.isEmpty();
  }

  /**
   * Moves the frames set aside, then those still in flight, each oldest first, into {@code window}
   * as frames to replay; nothing is held afterwards. Returns how many frames the window dropped
   * before their time to make room (its byte cap).
   */
  int moveTo(ReplayWindow window) {
    int dropped = 0;
    for (ArrayDeque<Frame> q : List.of(retry, sent)) {
      while (!q.isEmpty()) {
        Frame f = q.poll();
        dropped += window.addToReplay(f.bytes, 0, f.length, f.rows, f.table, f.database, f.sentAtNanos);
        recycle(f);
      }
    }
    return dropped;
  }

  private void recycle(Frame f) {
    f.table = null;
    f.database = null;
    if (free.size() < MAX_FREE) {
      free.add(f);
    }
  }
}
