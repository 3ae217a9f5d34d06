package io.quiver.client.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

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
 * <p><b>Memory.</b> Frames are stored back to back in an append-only log of fixed-size chunks (256 KiB
 * by default), a frame spanning chunks as needed, so a small insert costs its own size and a large
 * one needs no large array. A chunk whose bytes all belong to frames that left goes to a free list
 * and is reused for the next frames; the free list keeps at most as many chunks as the log holds,
 * and when the last frame leaves, every chunk is released. Frame metadata lives in parallel arrays
 * used as a ring (no object per frame). The log never exceeds {@code maxBytes}: to make room the
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

  private static final int INITIAL_FRAMES = 16;

  /** Where {@link #writeNext} puts a stored frame's bytes. */
  @FunctionalInterface
  public interface Sink {
    void write(byte[] bytes, int offset, int length) throws IOException;
  }

  private final long windowNanos;
  private final long maxBytes;
  private final int chunkSize;

  /** The log's chunks; the first holds logical offset {@link #base}. */
  private final List<byte[]> chunks = new ArrayList<>();
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();
  private long base;
  /** Logical offset where the next frame goes. */
  private long end;

  // Frame metadata, a ring of capacity start.length (a power of two): frame i (0 = oldest) sits at
  // (head + i) & (capacity - 1).
  private long[] start = new long[INITIAL_FRAMES];
  private int[] length = new int[INITIAL_FRAMES];
  private int[] rows = new int[INITIAL_FRAMES];
  private long[] ackNanos = new long[INITIAL_FRAMES];
  private String[] table = new String[INITIAL_FRAMES];
  private String[] database = new String[INITIAL_FRAMES];
  private int head;
  private int count;
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
  private long chunksAllocated;

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
    this.chunkSize = chunkSize;
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
    if (confirmed != count) {
      throw new IllegalStateException(
          (count - confirmed) + " frames wait to be replayed; a new frame cannot be kept before them");
    }
    if (len > maxBytes) {
      droppedFrames++;
      droppedRows += frameRows;
      return 1;
    }
    int dropped = makeRoom(len);
    long at = end;
    copyIn(src, offset, len);
    append(at, len, frameRows, tableName, databaseName, ackedAtNanos);
    confirmed++;
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
    int dropped = 0;
    for (int i = 0; i < other.count; i++) {
      int s = other.slot(i);
      int len = other.length[s];
      if (len > maxBytes) {
        droppedFrames++;
        droppedRows += other.rows[s];
        dropped++;
        continue;
      }
      dropped += makeRoom(len);
      long at = end;
      long from = other.start[s];
      int left = len;
      while (left > 0) {
        long rel = from - other.base;
        int chunkIndex = (int) (rel / other.chunkSize);
        int within = (int) (rel % other.chunkSize);
        int n = Math.min(left, other.chunkSize - within);
        copyIn(other.chunks.get(chunkIndex), within, n);
        from += n;
        left -= n;
      }
      append(at, len, other.rows[s], other.table[s], other.database[s], other.ackNanos[s]);
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
    while (count > 0 && (end - start[head]) + len > maxBytes) {
      droppedFrames++;
      droppedRows += rows[head];
      removeFront();
      dropped++;
    }
    if (count == start.length) {
      grow();
    }
    return dropped;
  }

  /** Appends bytes at the end of the log, taking chunks as needed. */
  private void copyIn(byte[] src, int offset, int len) {
    int done = 0;
    while (done < len) {
      long rel = end - base;
      int chunkIndex = (int) (rel / chunkSize);
      int within = (int) (rel % chunkSize);
      if (chunkIndex == chunks.size()) {
        chunks.add(takeChunk());
      }
      int n = Math.min(len - done, chunkSize - within);
      System.arraycopy(src, offset + done, chunks.get(chunkIndex), within, n);
      done += n;
      end += n;
    }
  }

  /** Records a frame whose bytes were just copied in at {@code at}, as the newest (unconfirmed). */
  private void append(long at, int len, int frameRows, String tableName, String databaseName, long ackedAtNanos) {
    int slot = (head + count) & (start.length - 1);
    start[slot] = at;
    length[slot] = len;
    rows[slot] = frameRows;
    ackNanos[slot] = ackedAtNanos;
    table[slot] = tableName;
    database[slot] = databaseName;
    count++;
    bytes += len;
    rowsHeld += frameRows;
  }

  /**
   * The server of the current connection answered a call sent at {@code aliveAtNanos}: confirmed
   * frames acknowledged at least the window before that are durable and leave.
   */
  public void expire(long aliveAtNanos) {
    while (confirmed > 0 && aliveAtNanos - ackNanos[head] >= windowNanos) {
      removeFront();
    }
  }

  /** After a reconnect: every frame must be sent again before new work. */
  public void markAllUnconfirmed() {
    confirmed = 0;
  }

  /** Frames that wait to be replayed on the current connection. */
  public int unconfirmed() {
    return count - confirmed;
  }

  /** The database the next unconfirmed frame was sent in (null if none was in use). */
  public String nextDatabase() {
    requireUnconfirmed();
    return database[slot(confirmed)];
  }

  /** The table of the next unconfirmed frame. */
  public String nextTable() {
    requireUnconfirmed();
    return table[slot(confirmed)];
  }

  /** The rows of the next unconfirmed frame. */
  public int nextRows() {
    requireUnconfirmed();
    return rows[slot(confirmed)];
  }

  /** Writes the bytes of the next unconfirmed frame, as they were acknowledged, to {@code sink}. */
  public void writeNext(Sink sink) throws IOException {
    requireUnconfirmed();
    int s = slot(confirmed);
    long from = start[s];
    int left = length[s];
    while (left > 0) {
      long rel = from - base;
      int chunkIndex = (int) (rel / chunkSize);
      int within = (int) (rel % chunkSize);
      int n = Math.min(left, chunkSize - within);
      sink.write(chunks.get(chunkIndex), within, n);
      from += n;
      left -= n;
    }
  }

  /** The server acknowledged the next unconfirmed frame again, at {@code ackedAtNanos}. */
  public void confirmNext(long ackedAtNanos) {
    requireUnconfirmed();
    int s = slot(confirmed);
    ackNanos[s] = ackedAtNanos;
    replayedFrames++;
    replayedRows += rows[s];
    confirmed++;
  }

  /** The server refused the next unconfirmed frame: it leaves, counted as refused. */
  public void refuseNext() {
    requireUnconfirmed();
    int s = slot(confirmed);
    refusedFrames++;
    refusedRows += rows[s];
    removeAt(confirmed);
  }

  /** Frames held. */
  public int frames() {
    return count;
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
    return (long) (chunks.size() + free.size()) * chunkSize;
  }

  /** The acknowledgement time of the newest frame; only meaningful when {@link #frames()} > 0. */
  public long newestAckNanos() {
    if (count == 0) {
      throw new IllegalStateException("the window is empty");
    }
    return ackNanos[slot(count - 1)];
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
    return chunksAllocated;
  }

  /** Drops every frame (not counted as dropped early) and releases the memory. */
  public void clear() {
    while (count > 0) {
      removeFront();
    }
  }

  private int slot(int i) {
    return (head + i) & (start.length - 1);
  }

  private void requireUnconfirmed() {
    if (confirmed == count) {
      throw new IllegalStateException("no frame waits to be replayed");
    }
  }

  private void removeFront() {
    int s = head;
    bytes -= length[s];
    rowsHeld -= rows[s];
    table[s] = null;
    database[s] = null;
    head = (head + 1) & (start.length - 1);
    count--;
    if (confirmed > 0) {
      confirmed--;
    }
    releaseChunks();
  }

  /** Removes frame {@code i} (0 = oldest), moving the newer ones down by one. */
  private void removeAt(int i) {
    if (i == 0) {
      removeFront();
      return;
    }
    int s = slot(i);
    bytes -= length[s];
    rowsHeld -= rows[s];
    for (int k = i; k < count - 1; k++) {
      int to = slot(k);
      int from = slot(k + 1);
      start[to] = start[from];
      length[to] = length[from];
      rows[to] = rows[from];
      ackNanos[to] = ackNanos[from];
      table[to] = table[from];
      database[to] = database[from];
    }
    int last = slot(count - 1);
    table[last] = null;
    database[last] = null;
    count--;
    if (i < confirmed) {
      confirmed--;
    }
    if (count == 0) {
      releaseChunks();
    }
  }

  /** Recycles the chunks before the oldest frame; releases everything when no frame is left. */
  private void releaseChunks() {
    if (count == 0) {
      chunks.clear();
      free.clear();
      base = 0;
      end = 0;
      shrink();
      return;
    }
    long firstLive = start[head];
    int recyclable = (int) ((firstLive - base) / chunkSize);
    for (int k = 0; k < recyclable; k++) {
      byte[] chunk = chunks.remove(0);
      base += chunkSize;
      if (free.size() < chunks.size()) {
        free.push(chunk);
      }
    }
  }

  private byte[] takeChunk() {
    byte[] chunk = free.poll();
    if (chunk == null) {
      chunk = new byte[chunkSize];
      chunksAllocated++;
    }
    return chunk;
  }

  private void grow() {
    int mask = start.length - 1;
    int capacity = start.length * 2;
    start = unwrap(start, new long[capacity], mask);
    length = unwrap(length, new int[capacity], mask);
    rows = unwrap(rows, new int[capacity], mask);
    ackNanos = unwrap(ackNanos, new long[capacity], mask);
    table = unwrap(table, new String[capacity], mask);
    database = unwrap(database, new String[capacity], mask);
    head = 0;
  }

  /** Resets the metadata ring to its initial size (called when it is empty). */
  private void shrink() {
    if (start.length > INITIAL_FRAMES) {
      start = new long[INITIAL_FRAMES];
      length = new int[INITIAL_FRAMES];
      rows = new int[INITIAL_FRAMES];
      ackNanos = new long[INITIAL_FRAMES];
      table = new String[INITIAL_FRAMES];
      database = new String[INITIAL_FRAMES];
    }
    head = 0;
  }

  private long[] unwrap(long[] from, long[] to, int mask) {
    for (int i = 0; i < count; i++) {
      to[i] = from[(head + i) & mask];
    }
    return to;
  }

  private int[] unwrap(int[] from, int[] to, int mask) {
    for (int i = 0; i < count; i++) {
      to[i] = from[(head + i) & mask];
    }
    return to;
  }

  private String[] unwrap(String[] from, String[] to, int mask) {
    for (int i = 0; i < count; i++) {
      to[i] = from[(head + i) & mask];
    }
    return to;
  }
}
