package io.quiver.client;

import io.quiver.client.internal.DeviceRoutes;
import io.quiver.client.internal.session.Link;
import io.quiver.client.internal.session.Links;
import io.quiver.client.internal.session.PoolLine;
import io.quiver.client.internal.session.SessionParts;
import io.quiver.client.internal.session.SessionWiring;
import java.util.List;
import java.util.Objects;
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
 *
 * <p>Inside, a {@code PoolLine} ({@code internal.session}) keeps the places and the line of
 * waiting callers; the pool probes idle bundles, builds the borrowed sessions over them, and
 * cleans up what comes back.
 */
public final class TableSessionPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TableSessionPool.class);

  private final TableSessionPoolConfig config;
  private final TableSessionConfig sessionConfig;
  private final SessionWiring wiring;
  private final String name;
  private final long validateIdleAfterNanos;
  private final int probeTimeoutMillis;
  /** Where devices live, learned from the hints any of the pool's sessions received. */
  private final DeviceRoutes routes = new DeviceRoutes();
  /** The places, the free bundles and the callers waiting for one; the figures. */
  private final PoolLine line;

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
    this.validateIdleAfterNanos = config.validateIdleAfter().toNanos();
    long connect = sessionConfig.connectTimeout().toMillis();
    long read = sessionConfig.readTimeout().toMillis();
    this.probeTimeoutMillis = (int) Math.max(1, read > 0 ? Math.min(read, Math.max(connect, 1)) : connect);
    this.line = new PoolLine(name, config.maxPoolSize(), config.waitTimeout(), wiring.clock());
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
    PoolLine.Grant grant = line.acquire();
    Links connection = grant.bundle();
    if (connection != null && wiring.clock().nanoTime() - grant.idleSince() >= validateIdleAfterNanos) {
      connection = probe(connection);
    }
    TableSession session;
    try {
      session = TableSession.borrowed(sessionConfig, wiring, connection, this::giveBack, routes);
    } catch (RuntimeException e) {
      line.releasePlace();
      throw e;
    }
    line.borrowed(connection == null);
    return session;
  }

  /**
   * Probes a bundle that sat idle with one empty round trip: returns it when it works, or when it
   * broke holding inserts in its window (the borrower reconnects and replays them); otherwise
   * closes it and returns null (a new one is opened in its place).
   */
  private Links probe(Links connection) {
    Link home = connection.home();
    try {
      if (!home.isBroken()) {
        home.ping(probeTimeoutMillis);
      }
    } catch (QuiverException e) {
      LOG.debug("{}: an idle session failed its probe: {}", name, e.getMessage());
    }
    if (!home.isBroken()) {
      return connection;
    }
    if (connection.holdsFrames()) {
      // Its replay window must survive: the session reconnects and replays it on its first call.
      LOG.debug("{}: an idle session is broken; it reconnects and replays its window on its first call", name);
      return connection;
    }
    LOG.debug("{}: an idle session is broken and is replaced", name);
    connection.close();
    line.discarded();
    return null;
  }

  /**
   * The return hook of every borrowed session, run by {@link TableSession#close()}: clean the
   * session up outside the lock, then give the connection (or its place) to the longest waiter or
   * keep it.
   */
  private void giveBack(TableSession session) {
    boolean reuse = !line.isClosed();
    Links connection = null;
    RuntimeException failure = null;
    try {
      connection = session.detachForReuse(config.database(), reuse);
    } catch (RuntimeException e) {
      failure = e;
    }
    Links toClose = line.giveBack(connection, reuse);
    if (toClose != null) {
      PoolLine.closeQuietly(toClose, failure);
    }
    if (failure != null) {
      throw failure;
    }
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
    List<Links> toClose = line.close();
    if (toClose == null) {
      return;
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
    return line.isClosed();
  }

  /** The pool's figures now. */
  public PoolStats stats() {
    return line.stats();
  }

  @Override
  public String toString() {
    return name + " " + stats();
  }
}
