package io.quiver.client.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only byte log in fixed-size chunks, addressed by logical offsets that only grow: the
 * storage of a {@link ReplayWindow}. A record spans chunks as needed, so a small one costs its own
 * size and a large one needs no large array. Chunks wholly before the oldest live offset are
 * recycled through a free list (kept no larger than the log), and everything is released when
 * the log empties.
 *
 * <p>Not thread-safe.
 */
final class ChunkedLog {
  private final int chunkSize;
  /** The log's chunks; the first holds logical offset {@link #base}. */
  private final List<byte[]> chunks = new ArrayList<>();
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();
  private long base;
  /** Logical offset where the next byte goes. */
  private long end;
  private long chunksAllocated;

  ChunkedLog(int chunkSize) {
    this.chunkSize = chunkSize;
  }

  /** The logical offset the next append starts at. */
  long end() {
    return end;
  }

  /** Appends bytes at the end, taking chunks as needed. */
  void append(byte[] src, int offset, int len) {
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

  /** Appends {@code len} bytes of {@code other} from its offset {@code from}. */
  void appendFrom(ChunkedLog other, long from, int len) {
    other.walk(from, len, this::append);
  }

  /** Hands {@code len} bytes from offset {@code from} to {@code sink}, piece by piece. */
  void writeTo(long from, int len, ReplayWindow.Sink sink) throws IOException {
    int left = len;
    long at = from;
    while (left > 0) {
      long rel = at - base;
      int chunkIndex = (int) (rel / chunkSize);
      int within = (int) (rel % chunkSize);
      int n = Math.min(left, chunkSize - within);
      sink.write(chunks.get(chunkIndex), within, n);
      at += n;
      left -= n;
    }
  }

  private interface Piece {
    void accept(byte[] bytes, int offset, int length);
  }

  private void walk(long from, int len, Piece piece) {
    try {
      writeTo(from, len, piece::accept);
    } catch (IOException e) {
      throw new AssertionError("copying between logs does no I/O", e);
    }
  }

  /** Recycles the chunks wholly before {@code firstLive}, the offset of the oldest live byte. */
  void releaseBefore(long firstLive) {
    int recyclable = (int) ((firstLive - base) / chunkSize);
    for (int k = 0; k < recyclable; k++) {
      byte[] chunk = chunks.remove(0);
      base += chunkSize;
      if (free.size() < chunks.size()) {
        free.push(chunk);
      }
    }
  }

  /** Releases every chunk; offsets start again at 0. */
  void clear() {
    chunks.clear();
    free.clear();
    base = 0;
    end = 0;
  }

  /** Bytes of chunks allocated now, in the log and the free list. */
  long bytesAllocated() {
    return (long) (chunks.size() + free.size()) * chunkSize;
  }

  /** Chunks allocated since the log was created (not taken from the free list). */
  long chunksAllocated() {
    return chunksAllocated;
  }

  private byte[] takeChunk() {
    byte[] chunk = free.poll();
    if (chunk == null) {
      chunk = new byte[chunkSize];
      chunksAllocated++;
    }
    return chunk;
  }
}
