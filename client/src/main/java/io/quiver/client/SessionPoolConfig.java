package io.quiver.client;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a tree-model {@link SessionPool}: Python's {@code PoolConfig} ({@code host},
 * {@code port} or {@code nodeUrls}, {@code user_name}, {@code password}, {@code fetch_size} 5000,
 * {@code time_zone}, {@code max_retry} 3, {@code enable_compression}, {@code use_ssl}, {@code
 * ca_certs}, {@code connection_timeout_in_ms}) with the pool's own {@code max_pool_size} (5) and
 * {@code wait_timeout_in_ms} (10 s here; Python requires it), plus every other session setting
 * ({@link SessionSettings}). Immutable.
 */
public final class SessionPoolConfig {
  private final TableSessionPoolConfig core;
  private final SessionConfig sessionConfig;

  private SessionPoolConfig(TableSessionPoolConfig core, SessionConfig sessionConfig) {
    this.core = core;
    this.sessionConfig = sessionConfig;
  }

  public static Builder builder() {
    return new Builder();
  }

  TableSessionPoolConfig core() {
    return core;
  }

  /** The settings every pooled session opens with. */
  public SessionConfig sessionConfig() {
    return sessionConfig;
  }

  public int maxPoolSize() {
    return core.maxPoolSize();
  }

  public Duration waitTimeout() {
    return core.waitTimeout();
  }

  public int maxRetry() {
    return core.maxRetry();
  }

  public int fetchSize() {
    return core.fetchSize();
  }

  public java.time.ZoneId timeZone() {
    return core.timeZone();
  }

  @Override
  public String toString() {
    return "SessionPoolConfig{" + core + "}";
  }

  /** Builds a {@link SessionPoolConfig}; every setter validates its value at once. */
  public static final class Builder extends SessionSettings<Builder> {
    private final SessionConfig.HostPort hostPort = new SessionConfig.HostPort();
    private int maxPoolSize = TableSessionPoolConfig.DEFAULT_MAX_POOL_SIZE;
    private Duration waitTimeout = TableSessionPoolConfig.DEFAULT_WAIT_TIMEOUT;

    private Builder() {
      enableRedirection = false; // as the Python pool
    }

    @Override
    Builder self() {
      return this;
    }

    public Builder host(String host) {
      hostPort.host(host);
      return this;
    }

    public Builder port(int port) {
      hostPort.port(port);
      return this;
    }

    /** Python's {@code user_name}. */
    public Builder userName(String user) {
      return username(user);
    }

    /** Python's {@code time_zone}, e.g. {@code "UTC+8"}. */
    public Builder zoneId(String zone) {
      return timeZone(zone);
    }

    /** The most sessions, borrowed and idle together; at least 1 (default 5). */
    public Builder maxPoolSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("maxPoolSize: " + size + " is less than 1");
      }
      this.maxPoolSize = size;
      return this;
    }

    /** How long {@code getSession()} waits when all sessions are in use; zero fails at once. */
    public Builder waitTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "waitTimeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("waitTimeout: " + timeout + " is negative");
      }
      this.waitTimeout = timeout;
      return this;
    }

    /** Python's {@code wait_timeout_in_ms}. */
    public Builder waitTimeoutMs(long millis) {
      if (millis < 0) {
        throw new IllegalArgumentException("waitTimeout: " + millis + " ms is negative");
      }
      return waitTimeout(Duration.ofMillis(millis));
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException naming the setting when settings contradict each other
     */
    public SessionPoolConfig build() {
      boolean redirection = enableRedirection;
      TableSessionConfig session = SessionConfig.coreSettings(this, hostPort);
      SessionConfig tree = SessionConfig.builder().sessionConfigFrom(session, redirection);
      TableSessionPoolConfig core = TableSessionPoolConfig.builder().sessionConfig(session)
          .maxPoolSize(maxPoolSize).waitTimeout(waitTimeout).build();
      return new SessionPoolConfig(core, tree);
    }
  }
}
