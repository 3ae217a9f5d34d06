package io.quiver.client.internal;

/**
 * The metadata of a {@link ReplayWindow}'s frames, oldest first, in parallel arrays used as a ring
 * (no object per frame): where each frame's bytes start in the log and how long they are, its
 * rows, table and database, and when it was acknowledged. Frame {@code i} (0 = oldest) sits at
 * {@link #slot(int) slot(i)}. The arrays are read directly by the window.
 *
 * <p>Not thread-safe.
 */
final class FrameRing {
  static final int INITIAL_FRAMES = 16;

  long[] start = new long[INITIAL_FRAMES];
  int[] length = new int[INITIAL_FRAMES];
  int[] rows = new int[INITIAL_FRAMES];
  long[] ackNanos = new long[INITIAL_FRAMES];
  String[] table = new String[INITIAL_FRAMES];
  String[] database = new String[INITIAL_FRAMES];
  int head;
  int count;

  /** The slot of frame {@code i} (0 = oldest). */
  int slot(int i) {
    return (head + i) & (start.length - 1);
  }

  /** Appends a frame as the newest. */
  void add(long at, int len, int frameRows, String tableName, String databaseName, long ackedAtNanos) {
    if (count == start.length) {
      grow();
    }
    int s = slot(count);
    start[s] = at;
    length[s] = len;
    rows[s] = frameRows;
    ackNanos[s] = ackedAtNanos;
    table[s] = tableName;
    database[s] = databaseName;
    count++;
  }

  /** Removes the oldest frame. */
  void removeFront() {
    int s = head;
    table[s] = null;
    database[s] = null;
    head = (head + 1) & (start.length - 1);
    count--;
  }

  /** Removes frame {@code i} (0 = oldest), moving the newer ones down by one. */
  void removeAt(int i) {
    if (i == 0) {
      removeFront();
      return;
    }
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
  }

  /** Back to the initial size; only when empty. */
  void reset() {
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

  private void grow() {
    int mask = start.length - 1;
    int capacity = start.length * 2;
    long[] newStart = new long[capacity];
    int[] newLength = new int[capacity];
    int[] newRows = new int[capacity];
    long[] newAck = new long[capacity];
    String[] newTable = new String[capacity];
    String[] newDatabase = new String[capacity];
    for (int i = 0; i < count; i++) {
      int s = (head + i) & mask;
      newStart[i] = start[s];
      newLength[i] = length[s];
      newRows[i] = rows[s];
      newAck[i] = ackNanos[s];
      newTable[i] = table[s];
      newDatabase[i] = database[s];
    }
    start = newStart;
    length = newLength;
    rows = newRows;
    ackNanos = newAck;
    table = newTable;
    database = newDatabase;
    head = 0;
  }
}
