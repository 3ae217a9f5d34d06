package io.quiver.client;

/**
 * A session's replay window now (see {@link TableSessionConfig.Builder#replayWindow}); counters
 * run since the session opened (for a pooled session: since its connection was first opened).
 *
 * @param enabled false when the window is off (every other figure is then 0)
 * @param frames acknowledged insert requests held now
 * @param rows rows in them
 * @param bytes their encoded bytes
 * @param bytesAllocated memory the window holds now (its chunks, in use and free)
 * @param replayedFrames requests sent again after a reconnect and acknowledged again
 * @param replayedRows rows in them
 * @param droppedFrames requests that left the window before their time because it was full
 *     ({@code replayWindowBytes}): a crash could lose them
 * @param droppedRows rows in them
 * @param refusedFrames requests the server refused when they were replayed (see {@link
 *     ReplayRefusedException})
 * @param refusedRows rows in them
 */
public record ReplayStats(
    boolean enabled,
    int frames,
    long rows,
    long bytes,
    long bytesAllocated,
    long replayedFrames,
    long replayedRows,
    long droppedFrames,
    long droppedRows,
    long refusedFrames,
    long refusedRows) {

  static final ReplayStats OFF = new ReplayStats(false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
