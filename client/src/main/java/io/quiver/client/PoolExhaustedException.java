package io.quiver.client;

import java.time.Duration;

/**
 * {@link TableSessionPool#getSession()} found every session in use and none came back within the
 * pool's wait timeout. Retryable: a later call may find a free session.
 */
public class PoolExhaustedException extends QuiverException {
  private static final long serialVersionUID = 1L;

  private final int maxPoolSize;
  private final transient Duration waitTimeout;
  private final int inUse;

  public PoolExhaustedException(String message, int maxPoolSize, Duration waitTimeout, int inUse) {
    super(message, true);
    this.maxPoolSize = maxPoolSize;
    this.waitTimeout = waitTimeout;
    this.inUse = inUse;
  }

  /** The pool's size limit. */
  public int maxPoolSize() {
    return maxPoolSize;
  }

  /** How long the caller waited. */
  public Duration waitTimeout() {
    return waitTimeout;
  }

  /** Sessions in use (borrowed, or being opened) when the wait ended. */
  public int inUse() {
    return inUse;
  }
}
