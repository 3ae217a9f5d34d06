package io.quiver.client;

import io.quiver.client.internal.DeviceRoutes;
import io.quiver.client.internal.session.Link;
import io.quiver.client.internal.session.Links;
import io.quiver.client.internal.session.SessionParts;
import io.quiver.client.internal.session.SessionWiring;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool of {@link TableSession}s on one IoTDB, for many threads: each thread borrows a
 * session, uses it alone, and closes it to hand it back. As the Python client's {@code
 * TableSessionPool}.
 *
 * <pre>{@code
 * try (TableSessionPool pool = new TableSessionPool(TableSessionPoolConfig.builder()
 *     .nodeUrls("127.0.0.1:6667").database("db1").maxPoolSize(8).build())) {
 *   // in any number of threads:
 *   try (TableSession session = pool.getSession()) {
 *     session.insert(tablet);
 *   } // back to the pool
 * }
 * }</pre>
 *
 * <p><b>Borrowing.</b> {@link #getSession()} hands out a free session if there is one, else opens a
 * new one while fewer than {@code maxPoolSize} exist, else waits up to {@code waitTimeout} for one to
 * come back and then throws a retryable {@link PoolExhaustedException}. Waiters are served first
 * come, first served: a returned session goes straight to the longest waiter. A session that sat
 * idle longer than {@code validateIdleAfter} is first probed with one empty round trip; a broken one
 * is closed and replaced, never handed out. Connections are opened and probed outside the pool's
 * lock, so a slow server holds up only the caller that needs the connection.
 *
 * <p><b>Returning.</b> {@link TableSession#close()} on a borrowed session hands it back: its result
 * sets still open are closed (their queries released on the server), and if {@code USE} changed its
 * database, the pool's database is restored. The connection is closed instead of reused, and its
 * place freed for a new one, when it broke, when that clean-up fails (the failure is then thrown
 * from {@code close()}), or when a borrower changed the database of a pool that has none to go back
 * to (set the pool's database, or use qualified table names, to keep sessions reusable). Each
 * borrow gets its own {@code TableSession} object: once closed, it throws {@link
 * SessionClosedException}, even though its connection lives on in the pool; closing it again does
 * nothing.
 *
 * <p><b>Replay window.</b> Each pooled connection has its own replay window (see {@link
 * TableSession}), which stays with it while it sits in the pool and passes from borrower to
 * borrower. A connection that broke while its window held acknowledged inserts is kept, not
 * replaced: the next borrower's first call reconnects and replays them. Before the pool closes a
 * connection whose window holds inserts (the pool closing, or a borrower's {@code USE} that cannot
 * be undone), it waits for the window as {@link TableSession#close()} does.
 *
 * <p><b>Redirection</b> (off by default for a pool; see {@link TableSession}): what any of the
 * pool's sessions learns about where devices live serves all of them; each pooled connection keeps
 * its redirect connections to other nodes while it sits in the pool.
 *
 * <p><b>Closing.</b> {@link #close()} closes the free sessions at once (after waiting for their
 * replay windows, at most the window once), wakes the waiting callers with a {@link
 * SessionClosedException}, and closes the borrowed sessions as they come back; afterwards {@code
 * getSession()} throws {@link SessionClosedException}. Idempotent.
 *
 * <p>Thread-safe. The sessions it hands out are not: use each from one thread at a time.
 * {@link #stats()} gives the pool's figures.
 */
public final class TableSessionPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TableSessionPool.class);

  private final TableSessionPoolConfig config;
  private final TableSessionConfig sessionConfig;
  private final SessionWiring wiring;
  private final String name;
  private final long waitTimeoutNanos;
  private final long validateIdleAfterNanos;
  private final int probeTimeoutMillis;
  /** Where devices live, learned from the hints any of the pool's sessions received. */
  private final DeviceRoutes routes = new DeviceRoutes();

  private final ReentrantLock lock = new ReentrantLock();
  /** Free connections, the most recently returned first (keeps the busiest ones warm). */
  private final ArrayDeque<Grant> idle = new ArrayDeque<>();
  /** Callers waiting for a session, the longest waiting first. */
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  /** Connections that exist or are being opened: borrowed, idle, or reserved for a borrower. */
  private int slots;
  private boolean closed;
  private long borrowedCount;
  private long openedCount;
  private long discardedCount;
  private long exhaustedCount;
  private long waitNanos;

  /**
   * Creates a pool; no connection is opened until the first {@link #getSession()}.
   *
   * @throws IllegalArgumentException if the TLS settings name certificates that cannot be loaded
   */
  public TableSessionPool(TableSessionPoolConfig config) {
    this(Objects.requireNonNull(config, "config"), SessionWiring.of(config.sessionConfig()));
  }

  /** A pool whose sessions are wired to {@code wiring} (unit tests: fake links and clock). */
  TableSessionPool(TableSessionPoolConfig config, SessionWiring wiring) {
    this.config = Objects.requireNonNull(config, "config");
    this.sessionConfig = config.sessionConfig();
    this.wiring = wiring;
    this.name = "TableSessionPool" + sessionConfig.nodeUrls()
        + (config.database() == null ? "" : " of database " + config.database());
    this.waitTimeoutNanos = config.waitTimeout().toNanos();
    this.validateIdleAfterNanos = config.validateIdleAfter().toNanos();
    long connect = sessionConfig.connectTimeout().toMillis();
    long read = sessionConfig.readTimeout().toMillis();
    this.probeTimeoutMillis = (int) Math.max(1, read > 0 ? Math.min(read, Math.max(connect, 1)) : connect);
  }

  /** The configuration this pool was created with. */
  public TableSessionPoolConfig config() {
    return config;
  }

  /**
   * Borrows a session; {@link TableSession#close()} hands it back.
   *
   * @throws PoolExhaustedException if all {@code maxPoolSize} sessions stayed in use for {@code
   *     waitTimeout} (retryable)
   * @throws SessionClosedException if the pool is closed, or closes while the caller waits
   * @throws ConnectionException if a new session was needed and no node answers (its place in the
   *     pool is freed for the next caller)
   * @throws AuthenticationException if a new session was needed and the server refuses the user
   * @throws QuiverInterruptedException if the thread is interrupted while waiting; its interrupt
   *     status is kept
   */
  public TableSession getSession() {
    Grant grant = acquire();
    Links connection = grant.connection;
    if (connection != null && wiring.clock().nanoTime() - grant.idleSince >= validateIdleAfterNanos) {
      Link home = connection.home();
      try {
        if (!home.isBroken()) {
          home.ping(probeTimeoutMillis);
        }
      } catch (QuiverException e) {
        LOG.debug("{}: an idle session failed its probe: {}", name, e.getMessage());
      }
      if (home.isBroken()) {
        if (connection.holdsFrames()) {
          // Its replay window must survive: the session reconnects and replays it on its first call.
          LOG.debug("{}: an idle session is broken; it reconnects and replays its window on its first call", name);
        } else {
          LOG.debug("{}: an idle session is broken and is replaced", name);
          connection.close();
          connection = null;
          count(() -> discardedCount++);
        }
      }
    }
    TableSession session;
    try {
      session = TableSession.borrowed(sessionConfig, wiring, connection, this::giveBack, routes);
    } catch (RuntimeException e) {
      lock.lock();
      try {
        releaseSlotLocked();
      } finally {
        lock.unlock();
      }
      throw e;
    }
    boolean opened = connection == null;
    count(() -> {
      borrowedCount++;
      if (opened) {
        openedCount++;
      }
    });
    return session;
  }

  /** Takes a free connection or a free place for a new one, waiting in line if there is neither. */
  private Grant acquire() {
    Links toClose = null;
    QuiverException failure;
    lock.lock();
    try {
      ensureOpen();
      if (!idle.isEmpty()) {
        return idle.pollFirst();
      }
      if (slots < config.maxPoolSize()) {
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
          toClose = waiter.grant.connection == null ? releaseSlotLocked() : handOffLocked(waiter.grant.connection);
        }
        Thread.currentThread().interrupt();
        failure = new QuiverInterruptedException(name + ": interrupted while waiting for a session", e);
      }
    } finally {
      lock.unlock();
    }
    closeQuietly(toClose, failure);
    throw failure;
  }

  /**
   * Waits (releasing the lock) until the waiter is granted a connection or a place, or the pool
   * closes.
   *
   * @throws PoolExhaustedException when the wait timeout passes first
   */
  private void awaitTurnLocked(Waiter waiter) throws InterruptedException {
    long start = wiring.clock().nanoTime();
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
      waitNanos += wiring.clock().nanoTime() - start;
    }
  }

  /**
   * The return hook of every borrowed session, run by {@link TableSession#close()}: clean the
   * session up outside the lock, then give the connection (or its place) to the longest waiter or
   * keep it.
   */
  private void giveBack(TableSession session) {
    boolean reuse;
    lock.lock();
    try {
      reuse = !closed;
    } finally {
      lock.unlock();
    }
    Links connection = null;
    RuntimeException failure = null;
    try {
      connection = session.detachForReuse(config.database(), reuse);
    } catch (RuntimeException e) {
      failure = e;
    }
    Links toClose;
    lock.lock();
    try {
      if (connection == null) {
        if (reuse) {
          discardedCount++;
        }
        toClose = releaseSlotLocked();
      } else {
        toClose = handOffLocked(connection);
      }
    } finally {
      lock.unlock();
    }
    if (toClose != null) {
      closeQuietly(toClose, failure);
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Gives a healthy connection to the longest waiter, or keeps it free. Returns it if the pool is
   * closed, for the caller to close outside the lock.
   */
  private Links handOffLocked(Links connection) {
    if (closed) {
      slots--;
      return connection;
    }
    long now = wiring.clock().nanoTime();
    Waiter next = waiters.pollFirst();
    if (next != null) {
      next.grant = new Grant(connection, now);
      next.ready.signal();
    } else {
      idle.addFirst(new Grant(connection, now));
    }
    return null;
  }

  /**
   * Frees a place: the longest waiter may open a new connection in it. Returns null (nothing to
   * close), to read like {@link #handOffLocked}.
   */
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
   * Closes the pool: closes the free sessions now, wakes waiting callers with a {@link
   * SessionClosedException}, and closes borrowed sessions as they are returned. Idempotent. A free
   * session whose replay window holds inserts is closed after waiting for it (see {@link
   * TableSessionConfig.Builder#awaitWindowOnClose}).
   *
   * @throws ConnectionException (not retryable) after closing every free session, if a replay
   *     window could not be confirmed (the message says how many acknowledged rows)
   */
  @Override
  public void close() {
    List<Links> toClose = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (Grant g : idle) {
        toClose.add(g.connection);
      }
      slots -= idle.size();
      idle.clear();
      for (Waiter w : waiters) {
        w.ready.signal();
      }
      waiters.clear();
    } finally {
      lock.unlock();
    }
    RuntimeException first = null;
    for (Links c : toClose) {
      try {
        if (c.holdsFrames()) {
          // Waits for the windows as a session's close does, then closes the bundle anyway.
          SessionParts.keeper(sessionConfig, wiring.clock(), c).awaitAndClose();
        } else {
          c.close();
        }
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** True once {@link #close()} was called. */
  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** The pool's figures now. */
  public PoolStats stats() {
    lock.lock();
    try {
      return new PoolStats(config.maxPoolSize(), slots - idle.size(), idle.size(), waiters.size(),
          borrowedCount, openedCount, discardedCount, exhaustedCount, Duration.ofNanos(waitNanos));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return name + " " + stats();
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
        + config.maxPoolSize() + " sessions (maxPoolSize) are in use and " + waiters.size()
        + " other callers are waiting; close() borrowed sessions sooner, or raise maxPoolSize or waitTimeout",
        config.maxPoolSize(), config.waitTimeout(), inUse);
  }

  private void count(Runnable update) {
    lock.lock();
    try {
      update.run();
    } finally {
      lock.unlock();
    }
  }

  private static void closeQuietly(Links c, Throwable pending) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (RuntimeException e) {
      if (pending != null) {
        pending.addSuppressed(e);
      } else {
        throw e;
      }
    }
  }

  /** A free connection and since when it has been free; {@link #NEW} is a place for a new one. */
  private static final class Grant {
    static final Grant NEW = new Grant(null, 0);

    final Links connection;
    final long idleSince;

    Grant(Links connection, long idleSince) {
      this.connection = connection;
      this.idleSince = idleSince;
    }
  }

  /** A caller in line for a session; {@code grant} is set (under the lock) when its turn comes. */
  private static final class Waiter {
    final Condition ready;
    Grant grant;

    Waiter(Condition ready) {
      this.ready = ready;
    }
  }
}
