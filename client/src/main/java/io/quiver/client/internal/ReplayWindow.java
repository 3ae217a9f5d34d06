package io.quiver.client.internal;

import java.io.IOException;

/**
 * The insert request frames a connection had acknowledged recently, as encoded bytes, so that they
 * can be sent again, in order, on a new connection: IoTDB answers an insert before its
 * write-ahead log is on disk ({@code wal_mode=ASYNC}, synced about every {@code
 * wal_async_mode_fsync_delay_in_ms} = 1 s), so a DataNode that crashes loses the inserts it
 * acknowledged in its last second or so. Rows with equal tags and time overwrite, so sending a
 * frame twice is harmless.
 *
 * <p><b>When a frame leaves.</b> Not after a fixed time, but once the server that acknowledged it
 * is known to have stayed up for the window after the acknowledgement: {@link #expire(long)} is
 * called with the time a later call on the same connection was sent, when that call succeeded (the
 * same TCP connection answering proves the same server process was alive then). While the
 * connection is broken nothing expires, however long the node is down. A frame re-sent on a new
 * connection is stamped with the time of that acknowledgement and starts its window again.
 *
 * <p><b>Order and confirmation.</b> Frames are kept in the order they were acknowledged. After a
 * reconnect every frame is unconfirmed ({@link #markAllUnconfirmed()}); the replay walks the
 * unconfirmed frames front to back and confirms each ({@link #confirmNext(long)}), so the confirmed
 * frames are always a prefix and only they can expire. A frame the server refuses on replay is
 * removed ({@link #refuseNext()}) and counted.
 *
 * <p><b>Memory.</b> Frames are stored back to back in a {@link ChunkedLog} (chunks of 256 KiB by
 * default, recycled, all released when the last frame leaves); their metadata in a {@link
 * FrameRing} (no object per frame). This class is the policy over the two: confirm, expire, the
 * byte cap, absorbing another window, and the counters. The log never exceeds {@code maxBytes}: to make room the
 * oldest frames are dropped before their time, which weakens the guarantee and is counted ({@link
 * #droppedFrames()}, {@link #droppedRows()}); a frame larger than {@code maxBytes} is not kept at
 * all (and counted the same way).
 *
 * <p>Not thread-safe; owned by one connection at a time and handed to the next one on reconnect.
 */
public final class ReplayWindow {
  /**
   * Size of one chunk of the log: 256 KiB, below half of G1's smallest region (1 MiB), so a chunk is
   * an ordinary object, not a humongous one (a 1 MiB array would take two whole regions); chunks
   * are recycled, so after the first window they are allocated no more.
   */
  static final int DEFAULT_CHUNK_SIZE = 256 * 1024;

  /** Where {@link #writeNext} puts a stored frame's bytes. */
  @FunctionalInterface
  public interface Sink {
    void write(byte[] bytes, int offset, int length) throws IOException;
  }

  private final long windowNanos;
  private final long maxBytes;
  private final ChunkedLog log;
  private final FrameRing ring = new FrameRing();
  /** Frames at the front confirmed on the current connection. */
  private int confirmed;
  /** Sum of the lengths of the frames held. */
  private long bytes;
  private long rowsHeld;

  private long droppedFrames;
  private long droppedRows;
  private long refusedFrames;
  private long refusedRows;
  private long replayedFrames;
  private long replayedRows;

  /**
   * @param windowNanos how long the server must be seen alive after an acknowledgement before the
   *     frame may leave; positive
   * @param maxBytes the most bytes of frames kept; positive
   */
  public ReplayWindow(long windowNanos, long maxBytes) {
    this(windowNanos, maxBytes, DEFAULT_CHUNK_SIZE);
  }

  ReplayWindow(long windowNanos, long maxBytes, int chunkSize) {
    if (windowNanos <= 0 || maxBytes <= 0 || chunkSize <= 0) {
      throw new IllegalArgumentException("window " + windowNanos + " ns, " + maxBytes + " bytes, chunk " + chunkSize);
    }
    this.windowNanos = windowNanos;
    this.maxBytes = maxBytes;
    this.log = new ChunkedLog(chunkSize);
  }

  /**
   * Copies an acknowledged frame in, as the newest. Makes room by dropping the oldest frames when
   * the log would exceed {@code maxBytes}.
   *
   * @return how many frames were dropped before their time to make room (1 and nothing kept when
   *     the frame alone exceeds {@code maxBytes})
   * @throws IllegalStateException if frames wait to be replayed (they must go first)
   */
  public int add(byte[] src, int offset, int len, int frameRows, String tableName, String databaseName,
      long ackedAtNanos) {
    if (confirmed != ring.count) {
      throw new IllegalStateException(
          (ring.count - confirmed) + " frames wait to be replayed; a new frame cannot be kept before them");
    }
    if (len > maxBytes) {
      return dropTooLarge(frameRows);
    }
    int dropped = store(src, offset, len, frameRows, tableName, databaseName, ackedAtNanos);
    confirmed++;
    return dropped;
  }

  /**
   * Copies a frame that was sent but not acknowledged (a pipelined insert whose connection failed
   * before its answer came, or that the server asked to retry) in, as the newest and unconfirmed:
   * the next {@link Replayer replay} sends it, after the frames already waiting. The byte cap
   * applies as for {@link #add}.
   *
   * @return how many frames were dropped before their time to make room (1 and nothing kept when
   *     the frame alone exceeds {@code maxBytes})
   */
  public int addToReplay(byte[] src, int offset, int len, int frameRows, String tableName,
      String databaseName, long sentAtNanos) {
    if (len > maxBytes) {
      return dropTooLarge(frameRows);
    }
    return store(src, offset, len, frameRows, tableName, databaseName, sentAtNanos);
  }

  /** A frame larger than the cap is not kept, and counted as dropped; returns 1. */
  private int dropTooLarge(int frameRows) {
    droppedFrames++;
    droppedRows += frameRows;
    return 1;
  }

  /** Copies a frame in as the newest, after making room; returns how many frames left for it. */
  private int store(byte[] src, int offset, int len, int frameRows, String tableName, String databaseName,
      long atNanos) {
    int dropped = makeRoom(len);
    long at = log.end();
    log.append(src, offset, len);
    append(at, len, frameRows, tableName, databaseName, atNanos);
    return dropped;
  }

  /**
   * Takes over every frame of {@code other}, the window of a connection that is given up (a
   * redirect connection that broke, say): they are appended after this window's frames, oldest
   * first, unconfirmed, so that they are replayed on this window's connection before anything
   * else is sent there. {@code other} is left empty. The byte cap applies as for {@link #add}.
   *
   * @return how many frames were dropped before their time to make room
   */
  public int absorb(ReplayWindow other) {
    if (other == this) {
      throw new IllegalArgumentException("a window cannot absorb itself");
    }
    FrameRing o = other.ring;
    int dropped = 0;
    for (int i = 0; i < o.count; i++) {
      int s = o.slot(i);
      int len = o.length[s];
      if (len > maxBytes) {
        droppedFrames++;
        droppedRows += o.rows[s];
        dropped++;
        continue;
      }
      dropped += makeRoom(len);
      long at = log.end();
      log.appendFrom(other.log, o.start[s], len);
      append(at, len, o.rows[s], o.table[s], o.database[s], o.ackNanos[s]);
    }
    droppedFrames += other.droppedFrames;
    droppedRows += other.droppedRows;
    refusedFrames += other.refusedFrames;
    refusedRows += other.refusedRows;
    replayedFrames += other.replayedFrames;
    replayedRows += other.replayedRows;
    other.clear();
    return dropped;
  }

  /** Drops the oldest frames until {@code len} more bytes fit under the cap; returns how many. */
  private int makeRoom(int len) {
    int dropped = 0;
    while (ring.count > 0 && (log.end() - ring.start[ring.head]) + len > maxBytes) {
      droppedFrames++;
      droppedRows += ring.rows[ring.head];
      removeFront();
      dropped++;
    }
    return dropped;
  }

  /** Records a frame whose bytes were just copied in at {@code at}, as the newest (unconfirmed). */
  private void append(long at, int len, int frameRows, String tableName, String databaseName, long ackedAtNanos) {
    ring.add(at, len, frameRows, tableName, databaseName, ackedAtNanos);
    bytes += len;
    rowsHeld += frameRows;
  }

  /**
   * The server of the current connection answered a call sent at {@code aliveAtNanos}: confirmed
   * frames acknowledged at least the window before that are durable and leave.
   */
  public void expire(long aliveAtNanos) {
    while (confirmed > 0 && aliveAtNanos - ring.ackNanos[ring.head] >= windowNanos) {
      removeFront();
    }
  }

  /** After a reconnect: every frame must be sent again before new work. */
  public void markAllUnconfirmed() {
    confirmed = 0;
  }

  /** Frames that wait to be replayed on the current connection. */
  public int unconfirmed() {
    return ring.count - confirmed;
  }

  /** The database the next unconfirmed frame was sent in (null if none was in use). */
  public String nextDatabase() {
    return ring.database[nextSlot()];
  }

  /** The table of the next unconfirmed frame. */
  public String nextTable() {
    return ring.table[nextSlot()];
  }

  /** The rows of the next unconfirmed frame. */
  public int nextRows() {
    return ring.rows[nextSlot()];
  }

  /** Writes the bytes of the next unconfirmed frame, as they were acknowledged, to {@code sink}. */
  public void writeNext(Sink sink) throws IOException {
    int s = nextSlot();
    log.writeTo(ring.start[s], ring.length[s], sink);
  }

  /** The server acknowledged the next unconfirmed frame again, at {@code ackedAtNanos}. */
  public void confirmNext(long ackedAtNanos) {
    int s = nextSlot();
    ring.ackNanos[s] = ackedAtNanos;
    replayedFrames++;
    replayedRows += ring.rows[s];
    confirmed++;
  }

  /** The server refused the next unconfirmed frame: it leaves, counted as refused. */
  public void refuseNext() {
    int s = nextSlot();
    refusedFrames++;
    refusedRows += ring.rows[s];
    bytes -= ring.length[s];
    rowsHeld -= ring.rows[s];
    ring.removeAt(confirmed);
    if (confirmed == 0 || ring.count == 0) {
      releaseChunks();
    }
  }

  /** Frames held. */
  public int frames() {
    return ring.count;
  }

  /** Rows in the frames held. */
  public long rows() {
    return rowsHeld;
  }

  /** Bytes of the frames held. */
  public long bytes() {
    return bytes;
  }

  /** Bytes of chunks allocated now, in the log and the free list. */
  public long bytesAllocated() {
    return log.bytesAllocated();
  }

  /** The acknowledgement time of the newest frame; only meaningful when {@link #frames()} > 0. */
  public long newestAckNanos() {
    if (ring.count == 0) {
      throw new IllegalStateException("the window is empty");
    }
    return ring.ackNanos[ring.slot(ring.count - 1)];
  }

  public long windowNanos() {
    return windowNanos;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** Frames dropped before their time (the byte cap), or not kept because larger than it. */
  public long droppedFrames() {
    return droppedFrames;
  }

  public long droppedRows() {
    return droppedRows;
  }

  /** Frames the server refused when they were replayed. */
  public long refusedFrames() {
    return refusedFrames;
  }

  public long refusedRows() {
    return refusedRows;
  }

  /** Frames sent again and acknowledged again on a new connection. */
  public long replayedFrames() {
    return replayedFrames;
  }

  public long replayedRows() {
    return replayedRows;
  }

  /** Chunks allocated since the window was created (not taken from the free list). */
  public long chunksAllocated() {
    return log.chunksAllocated();
  }

  /** Drops every frame (not counted as dropped early) and releases the memory. */
  public void clear() {
    while (ring.count > 0) {
      removeFront();
    }
  }

  private int nextSlot() {
    if (confirmed == ring.count) {
      throw new IllegalStateException("no frame waits to be replayed");
    }
    return ring.slot(confirmed);
  }

  private void removeFront() {
    int s = ring.head;
    bytes -= ring.length[s];
    rowsHeld -= ring.rows[s];
    ring.removeFront();
    if (confirmed > 0) {
      confirmed--;
    }
    releaseChunks();
  }

  /** Recycles the chunks before the oldest frame; releases everything when no frame is left. */
  private void releaseChunks() {
    if (ring.count == 0) {
      log.clear();
      ring.reset();
      return;
    }
    log.releaseBefore(ring.start[ring.head]);
  }
}
