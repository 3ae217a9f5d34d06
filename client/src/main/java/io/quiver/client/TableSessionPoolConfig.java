package io.quiver.client;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link TableSessionPool}. The pool settings and their defaults are the IoTDB Python
 * client's {@code TableSessionPoolConfig}; every session setting ({@link TableSessionConfig}) can be
 * given too, and the pool opens its sessions with {@link #sessionConfig()}.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>nodeUrls</td><td>localhost:6667</td></tr>
 *   <tr><td>maxPoolSize</td><td>5 sessions (connections) at most</td></tr>
 *   <tr><td>username / password</td><td>root / root</td></tr>
 *   <tr><td>database</td><td>none; when set, every session starts in it and is put back into it
 *       when returned after a {@code USE}</td></tr>
 *   <tr><td>fetchSize</td><td>5000</td></tr>
 *   <tr><td>timeZone</td><td>the JVM's default zone</td></tr>
 *   <tr><td>enableRedirection</td><td>false (as the Python pool; a single session defaults to
 *       true). When on, the hints learned by any pooled session serve all of them</td></tr>
 *   <tr><td>enableCompression</td><td>false</td></tr>
 *   <tr><td>encodeInserts</td><td>false (see {@link TableSessionConfig})</td></tr>
 *   <tr><td>waitTimeout</td><td>10 s: how long {@code getSession()} waits when all sessions are in
 *       use; zero fails at once</td></tr>
 *   <tr><td>maxRetry</td><td>3</td></tr>
 *   <tr><td>validateIdleAfter</td><td>500 ms: a session idle for longer is probed with one empty
 *       round trip before it is handed out; zero probes every time</td></tr>
 *   <tr><td>connectTimeout, readTimeout, retryInterval, retryBudget, replayWindow,
 *       replayWindowBytes, awaitWindowOnClose, useSsl, caCerts, trustStore</td><td>as {@link
 *       TableSessionConfig}; each pooled connection has its own replay window, which stays with it
 *       in the pool</td></tr>
 * </table>
 *
 * <pre>{@code
 * TableSessionPoolConfig config = TableSessionPoolConfig.builder()
 *     .nodeUrls("127.0.0.1:6667")
 *     .database("db1")
 *     .maxPoolSize(8)
 *     .waitTimeout(Duration.ofSeconds(3))
 *     .build();
 * }</pre>
 */
public final class TableSessionPoolConfig {
  public static final int DEFAULT_MAX_POOL_SIZE = 5;
  public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofMillis(10_000);
  public static final int DEFAULT_MAX_RETRY = 3;
  public static final Duration DEFAULT_VALIDATE_IDLE_AFTER = Duration.ofMillis(500);

  private final TableSessionConfig sessionConfig;
  private final int maxPoolSize;
  private final Duration waitTimeout;
  private final Duration validateIdleAfter;

  private TableSessionPoolConfig(Builder b) {
    this.sessionConfig = b.sessionSettings();
    this.maxPoolSize = b.maxPoolSize;
    this.waitTimeout = b.waitTimeout;
    this.validateIdleAfter = b.validateIdleAfter;
  }

  /** A builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's settings, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.copyFrom(sessionConfig);
    b.maxPoolSize = maxPoolSize;
    b.waitTimeout = waitTimeout;
    b.validateIdleAfter = validateIdleAfter;
    return b;
  }

  /** The settings every session of the pool is opened with (its database is the pool's). */
  public TableSessionConfig sessionConfig() {
    return sessionConfig;
  }

  public List<String> nodeUrls() {
    return sessionConfig.nodeUrls();
  }

  /** The most sessions (each one connection) the pool holds, borrowed and idle together. */
  public int maxPoolSize() {
    return maxPoolSize;
  }

  public String username() {
    return sessionConfig.username();
  }

  /** The database every session starts in and is reset to when returned, or null. */
  public String database() {
    return sessionConfig.database();
  }

  public int fetchSize() {
    return sessionConfig.fetchSize();
  }

  public ZoneId timeZone() {
    return sessionConfig.timeZone();
  }

  /** Whether sessions may follow the server's redirection hints to the node holding the data. */
  public boolean enableRedirection() {
    return sessionConfig.enableRedirection();
  }

  public boolean enableCompression() {
    return sessionConfig.enableCompression();
  }

  /** See {@link TableSessionConfig#encodeInserts()}. */
  public boolean encodeInserts() {
    return sessionConfig.encodeInserts();
  }

  /** See {@link TableSessionConfig#gzipInserts()}. */
  public boolean gzipInserts() {
    return sessionConfig.gzipInserts();
  }

  /** How long {@link TableSessionPool#getSession()} waits for a session when all are in use. */
  public Duration waitTimeout() {
    return waitTimeout;
  }

  /** How many times a session may retry an operation that failed on a retryable error. */
  public int maxRetry() {
    return sessionConfig.maxRetry();
  }

  /** Idle time after which a session is probed before it is handed out. */
  public Duration validateIdleAfter() {
    return validateIdleAfter;
  }

  @Override
  public String toString() {
    return "TableSessionPoolConfig{maxPoolSize=" + maxPoolSize + ", waitTimeout=" + waitTimeout
        + ", validateIdleAfter=" + validateIdleAfter + ", session=" + sessionConfig + "}";
  }

  /**
   * Builds a {@link TableSessionPoolConfig}; every setter validates its value at once, naming the
   * setting. The session settings ({@link SessionSettings}) are those of {@link
   * TableSessionConfig.Builder}, with two pool readings: the database is the one every session
   * starts in and is reset to when returned, and redirection is off by default, as in the Python
   * pool.
   */
  public static final class Builder extends SessionSettings<Builder> {
    private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
    private Duration waitTimeout = DEFAULT_WAIT_TIMEOUT;
    private Duration validateIdleAfter = DEFAULT_VALIDATE_IDLE_AFTER;

    private Builder() {
      enableRedirection = false;
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Takes every session setting from {@code config} (nodes, credentials, database, timeouts, TLS,
     * redirection, ...), replacing those given so far.
     */
    public Builder sessionConfig(TableSessionConfig config) {
      copyFrom(Objects.requireNonNull(config, "sessionConfig"));
      return this;
    }

    /** The most sessions the pool holds, borrowed and idle together; at least 1. */
    public Builder maxPoolSize(int maxPoolSize) {
      if (maxPoolSize < 1) {
        throw new IllegalArgumentException("maxPoolSize: " + maxPoolSize + " is less than 1");
      }
      this.maxPoolSize = maxPoolSize;
      return this;
    }

    /**
     * How long {@code getSession()} waits for a session when all are in use, before it throws
     * {@link PoolExhaustedException}; zero fails at once.
     */
    public Builder waitTimeout(Duration timeout) {
      this.waitTimeout = requireNonNegative(timeout, "waitTimeout");
      return this;
    }

    /** As {@link #waitTimeout(Duration)}, in milliseconds (the Python client's wait_timeout_in_ms). */
    public Builder waitTimeoutMs(long millis) {
      if (millis < 0) {
        throw new IllegalArgumentException("waitTimeout: " + millis + " ms is negative");
      }
      return waitTimeout(Duration.ofMillis(millis));
    }

    /**
     * Idle time after which a session is probed (one empty round trip) before it is handed out, so
     * that a connection the server or the network dropped while idle is replaced instead; zero
     * probes on every borrow.
     */
    public Builder validateIdleAfter(Duration idle) {
      this.validateIdleAfter = requireNonNegative(idle, "validateIdleAfter");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException naming the setting when settings contradict each other
     */
    public TableSessionPoolConfig build() {
      return new TableSessionPoolConfig(this);
    }
  }
}
