package io.quiver.client;

import io.quiver.client.internal.Dialect;
import io.quiver.client.internal.session.SessionWiring;
import java.util.Objects;

/**
 * A pool of tree-model {@link Session}s for many threads, as the Python client's {@code
 * SessionPool}: {@link #getSession()} borrows one, and closing the borrowed session hands it back
 * (Python's {@code put_back}). The pool is the table pool's core opened in the tree dialect, with
 * its behaviour (see {@link TableSessionPool}): first-come-first-served waiting for at most {@code
 * waitTimeout}, then a retryable {@link PoolExhaustedException}; idle sessions probed before reuse,
 * broken ones replaced; each pooled connection keeps its replay window; {@link #close()} closes
 * idle sessions at once and borrowed ones as they come back.
 *
 * <pre>{@code
 * SessionPoolConfig config = SessionPoolConfig.builder().host("127.0.0.1").port(6667)
 *     .fetchSize(1024).zoneId("UTC+8").maxRetry(3).maxPoolSize(5).waitTimeoutMs(3000).build();
 * try (SessionPool pool = new SessionPool(config)) {
 *   try (Session session = pool.getSession()) {   // close() = put_back
 *     session.insertTablet(tablet);
 *   }
 * }
 * }</pre>
 */
public final class SessionPool implements AutoCloseable {
  private final SessionPoolConfig config;
  private final TableSessionPool core;

  /**
   * Creates a pool; no connection is opened until the first {@link #getSession()}.
   *
   * @throws IllegalArgumentException if the TLS settings name certificates that cannot be loaded
   */
  public SessionPool(SessionPoolConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    TableSessionPoolConfig c = config.core();
    this.core = new TableSessionPool(c, SessionWiring.of(c.sessionConfig(), Dialect.TREE));
  }

  public SessionPoolConfig config() {
    return config;
  }

  /**
   * Borrows a session; its {@link Session#close()} hands it back.
   *
   * @throws PoolExhaustedException if all sessions stayed in use for {@code waitTimeout}
   * @throws SessionClosedException if the pool is closed
   * @throws ConnectionException if a new session was needed and no node answers
   */
  public Session getSession() {
    return Session.over(config.sessionConfig(), core.getSession());
  }

  /** Python's {@code put_back}: the same as closing the session. */
  public void putBack(Session session) {
    Objects.requireNonNull(session, "session").close();
  }

  /** Sessions in use, idle, waiting callers, opened, exhausted, total wait. */
  public PoolStats stats() {
    return core.stats();
  }

  public boolean isClosed() {
    return core.isClosed();
  }

  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "SessionPool[" + core + "]";
  }
}
