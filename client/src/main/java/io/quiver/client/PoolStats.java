package io.quiver.client;

import java.time.Duration;

/**
 * A snapshot of a {@link TableSessionPool}'s figures, taken at once under the pool's lock.
 *
 * @param maxPoolSize the pool's size limit
 * @param inUse sessions borrowed, or being opened or probed for a borrower
 * @param idle sessions open and free in the pool
 * @param waiting callers of {@code getSession()} waiting for a session now
 * @param borrowed sessions handed out since the pool was created
 * @param opened connections opened since the pool was created
 * @param discarded connections closed instead of reused (broken, failed probe or reset, or a
 *     borrower's {@code USE} with no pool database to go back to), since the pool was created
 * @param exhausted {@code getSession()} calls that ended in {@link PoolExhaustedException}
 * @param totalWait the time callers spent waiting for a session, summed, since the pool was created
 */
public record PoolStats(
    int maxPoolSize,
    int inUse,
    int idle,
    int waiting,
    long borrowed,
    long opened,
    long discarded,
    long exhausted,
    Duration totalWait) {

  /** Sessions that exist or are being opened: {@code inUse + idle}. */
  public int total() {
    return inUse + idle;
  }
}
