package io.quiver.client.internal.session;

import io.quiver.client.PoolExhaustedException;
import io.quiver.client.PoolStats;
import io.quiver.client.QuiverException;
import io.quiver.client.QuiverInterruptedException;
import io.quiver.client.SessionClosedException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pool's places and its line: at most {@code maxSize} connection bundles exist (borrowed, free,
 * or being opened); a caller takes a free bundle (the most recently returned first, which keeps
 * the busiest ones warm), else a place for a new one, else waits in a first-come-first-served line
 * for at most the wait timeout. A bundle or place given back goes straight to the longest waiter.
 * Keeps the pool's figures. Thread-safe: one lock, never held while a bundle does I/O (bundles to
 * close are handed back to the caller, to close outside it).
 */
public final class PoolLine {
  private final String name;
  private final int maxSize;
  private final Duration waitTimeout;
  private final long waitTimeoutNanos;
  private final Clock clock;

  private final ReentrantLock lock = new ReentrantLock();
  /** Free bundles, the most recently returned first. */
  private final ArrayDeque<Grant> idle = new ArrayDeque<>();
  /** Callers waiting for a bundle or a place, the longest waiting first. */
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  /** Bundles that exist or are being opened: borrowed, free, or reserved for a borrower. */
  private int slots;
  private boolean closed;
  private long borrowedCount;
  private long openedCount;
  private long discardedCount;
  private long exhaustedCount;
  private long waitNanos;

  /** {@code name} names the pool in messages; waits are measured on {@code clock}. */
  public PoolLine(String name, int maxSize, Duration waitTimeout, Clock clock) {
    this.name = name;
    this.maxSize = maxSize;
    this.waitTimeout = waitTimeout;
    this.waitTimeoutNanos = waitTimeout.toNanos();
    this.clock = clock;
  }

  /** A free bundle and since when it has been free; {@link #NEW} is a place for a new one. */
  public record Grant(Links bundle, long idleSince) {
    public static final Grant NEW = new Grant(null, 0);
  }

  /**
   * Takes a free bundle or a place for a new one, waiting in line if there is neither.
   *
   * @throws PoolExhaustedException when none came within the wait timeout (retryable)
   * @throws SessionClosedException if the pool is closed, or closes while the caller waits
   * @throws QuiverInterruptedException if the thread is interrupted while waiting; its interrupt
   *     status is kept, and a turn that came meanwhile passes to the next in line
   */
  public Grant acquire() {
    Links toClose = null;
    QuiverException failure;
    lock.lock();
    try {
      ensureOpen();
      if (!idle.isEmpty()) {
        return idle.pollFirst();
      }
      if (slots < maxSize) {
        slots++;
        return Grant.NEW;
      }
      if (waitTimeoutNanos == 0) {
        exhaustedCount++;
        throw exhausted();
      }
      Waiter waiter = new Waiter(lock.newCondition());
      waiters.addLast(waiter);
      try {
        awaitTurnLocked(waiter);
        if (waiter.grant == null) {
          throw closedException();
        }
        return waiter.grant;
      } catch (InterruptedException e) {
        waiters.remove(waiter);
        if (waiter.grant != null) {
          // Its turn came just as it was interrupted: pass the turn on.
          Links granted = waiter.grant.bundle();
          toClose = granted == null ? releaseSlotLocked() : handOffLocked(granted);
        }
        Thread.currentThread().interrupt();
        failure = new QuiverInterruptedException(
            name + ": interrupted while waiting for a session", e);
      }
    } finally {
      lock.unlock();
    }
    closeQuietly(toClose, failure);
    throw failure;
  }

  /**
   * Waits (releasing the lock) until the waiter is granted a bundle or a place, or the pool
   * closes.
   *
   * @throws PoolExhaustedException when the wait timeout passes first
   */
  private void awaitTurnLocked(Waiter waiter) throws InterruptedException {
    long start = clock.nanoTime();
    try {
      long remaining = waitTimeoutNanos;
      while (waiter.grant == null && !closed) {
        if (remaining <= 0) {
          waiters.remove(waiter);
          exhaustedCount++;
          throw exhausted();
        }
        remaining = waiter.ready.awaitNanos(remaining);
      }
    } finally {
      waitNanos += clock.nanoTime() - start;
    }
  }

  /** Counts a borrow; {@code opened}: over a new bundle. */
  public void borrowed(boolean opened) {
    lock.lock();
    try {
      borrowedCount++;
      if (opened) {
        openedCount++;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Counts a bundle found broken and closed instead of handed out. */
  public void discarded() {
    lock.lock();
    try {
      discardedCount++;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes back what a borrower held: a healthy {@code bundle} goes to the longest waiter or is kept
   * free; null (the bundle was closed) frees its place, counted as discarded when {@code
   * discarded}.
   * Returns a bundle the caller must close (outside the lock) because the pool closed, or null.
   */
  public Links giveBack(Links bundle, boolean discarded) {
    lock.lock();
    try {
      if (bundle == null) {
        if (discarded) {
          discardedCount++;
        }
        return releaseSlotLocked();
      }
      return handOffLocked(bundle);
    } finally {
      lock.unlock();
    }
  }

  /** Frees a place taken by {@link #acquire} whose bundle could not be opened. */
  public void releasePlace() {
    lock.lock();
    try {
      releaseSlotLocked();
    } finally {
      lock.unlock();
    }
  }

  private Links handOffLocked(Links bundle) {
    if (closed) {
      slots--;
      return bundle;
    }
    long now = clock.nanoTime();
    Waiter next = waiters.pollFirst();
    if (next != null) {
      next.grant = new Grant(bundle, now);
      next.ready.signal();
    } else {
      idle.addFirst(new Grant(bundle, now));
    }
    return null;
  }

  /** Frees a place: the longest waiter may open a new bundle in it. Returns null. */
  private Links releaseSlotLocked() {
    Waiter next = closed ? null : waiters.pollFirst();
    if (next != null) {
      next.grant = Grant.NEW;
      next.ready.signal();
    } else {
      slots--;
    }
    return null;
  }

  /**
   * Closes the line: wakes the waiting callers (they throw {@link SessionClosedException}) and
   * returns the free bundles, for the caller to close; null when it was closed already.
   */
  public List<Links> close() {
    lock.lock();
    try {
      if (closed) {
        return null;
      }
      closed = true;
      List<Links> free = new ArrayList<>();
      for (Grant g : idle) {
        free.add(g.bundle());
      }
      slots -= idle.size();
      idle.clear();
      for (Waiter w : waiters) {
        w.ready.signal();
      }
      waiters.clear();
      return free;
    } finally {
      lock.unlock();
    }
  }

  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** The figures now. */
  public PoolStats stats() {
    lock.lock();
    try {
      return new PoolStats(maxSize, slots - idle.size(), idle.size(), waiters.size(), borrowedCount,
          openedCount, discardedCount, exhaustedCount, Duration.ofNanos(waitNanos));
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw closedException();
    }
  }

  private SessionClosedException closedException() {
    return new SessionClosedException(name + " is closed; getSession() needs an open pool");
  }

  private PoolExhaustedException exhausted() {
    int inUse = slots - idle.size();
    return new PoolExhaustedException(name + ": no session became free within "
        + TimeUnit.NANOSECONDS.toMillis(waitTimeoutNanos) + " ms (waitTimeout): " + inUse + " of "
        + maxSize + " sessions (maxPoolSize) are in use and " + waiters.size()
        + " other callers are waiting; close() borrowed sessions sooner, or raise maxPoolSize or"
        + " waitTimeout",
        maxSize, waitTimeout, inUse);
  }

  /** Closes {@code bundle} (null: nothing); a failure is added to {@code pending}, or thrown. */
  public static void closeQuietly(Links bundle, Throwable pending) {
    if (bundle == null) {
      return;
    }
    try {
      bundle.close();
    } catch (RuntimeException e) {
      if (pending != null) {
        pending.addSuppressed(e);
      } else {
        throw e;
      }
    }
  }

  /** A caller in line; {@code grant} is set (under the lock) when its turn comes. */
  private static final class Waiter {
    final Condition ready;
    Grant grant;

    Waiter(Condition ready) {
      this.ready = ready;
    }
  }
}
