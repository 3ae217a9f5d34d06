package io.quiver.client;

import java.nio.file.Path;
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
    this.sessionConfig = b.session.build();
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
    b.session = sessionConfig.toBuilder();
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

  /** See {@link TableSessionConfig#gzipInserts()}. */
  public boolean gzipInserts() {
    return sessionConfig.gzipInserts();
  }

  /** See {@link TableSessionConfig#encodeInserts()}. */
  public boolean encodeInserts() {
    return sessionConfig.encodeInserts();
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
   * setting.
   */
  public static final class Builder {
    private TableSessionConfig.Builder session = TableSessionConfig.builder().enableRedirection(false);
    private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
    private Duration waitTimeout = DEFAULT_WAIT_TIMEOUT;
    private Duration validateIdleAfter = DEFAULT_VALIDATE_IDLE_AFTER;

    private Builder() {}

    /**
     * Takes every session setting from {@code config} (nodes, credentials, database, timeouts, TLS,
     * redirection, ...), replacing those given so far.
     */
    public Builder sessionConfig(TableSessionConfig config) {
      this.session = Objects.requireNonNull(config, "sessionConfig").toBuilder();
      return this;
    }

    /** The nodes to connect to, as {@code host:port}; a session uses the first that answers. */
    public Builder nodeUrls(List<String> urls) {
      session.nodeUrls(urls);
      return this;
    }

    public Builder nodeUrls(String... urls) {
      session.nodeUrls(urls);
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

    public Builder username(String username) {
      session.username(username);
      return this;
    }

    public Builder password(String password) {
      session.password(password);
      return this;
    }

    /** The database every session starts in and is reset to when returned; null for none. */
    public Builder database(String database) {
      session.database(database);
      return this;
    }

    public Builder fetchSize(int fetchSize) {
      session.fetchSize(fetchSize);
      return this;
    }

    public Builder timeZone(ZoneId zone) {
      session.timeZone(zone);
      return this;
    }

    /** A zone id such as "UTC", "Asia/Shanghai" or "UTC+8". */
    public Builder timeZone(String zone) {
      session.timeZone(zone);
      return this;
    }

    /** See {@link TableSessionConfig.Builder#enableRedirection}; false by default for a pool. */
    public Builder enableRedirection(boolean enable) {
      session.enableRedirection(enable);
      return this;
    }

    /** See {@link TableSessionConfig.Builder#gzipInserts}; false by default. */
    public Builder gzipInserts(boolean enable) {
      session.gzipInserts(enable);
      return this;
    }

    /** See {@link TableSessionConfig.Builder#encodeInserts}; false by default. */
    public Builder encodeInserts(boolean enable) {
      session.encodeInserts(enable);
      return this;
    }

    public Builder enableCompression(boolean enable) {
      session.enableCompression(enable);
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

    /** How many times an operation that failed on a retryable error may be retried; 0 or more. */
    public Builder maxRetry(int maxRetry) {
      if (maxRetry < 0) {
        throw new IllegalArgumentException("maxRetry: " + maxRetry + " is negative");
      }
      session.maxRetry(maxRetry);
      return this;
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

    public Builder connectTimeout(Duration timeout) {
      session.connectTimeout(timeout);
      return this;
    }

    /** How long one call may wait for the server's answer (default 60 s); zero means no limit. */
    public Builder readTimeout(Duration timeout) {
      session.readTimeout(timeout);
      return this;
    }

    /** See {@link TableSessionConfig.Builder#retryInterval}. */
    public Builder retryInterval(Duration interval) {
      session.retryInterval(interval);
      return this;
    }

    /** See {@link TableSessionConfig.Builder#retryBudget}. */
    public Builder retryBudget(Duration budget) {
      session.retryBudget(budget);
      return this;
    }

    /** See {@link TableSessionConfig.Builder#replayWindow}; each pooled connection has its own. */
    public Builder replayWindow(Duration window) {
      session.replayWindow(window);
      return this;
    }

    /** See {@link TableSessionConfig.Builder#replayWindowBytes}; the limit is per connection. */
    public Builder replayWindowBytes(long bytes) {
      session.replayWindowBytes(bytes);
      return this;
    }

    /** See {@link TableSessionConfig.Builder#awaitWindowOnClose}. */
    public Builder awaitWindowOnClose(boolean await) {
      session.awaitWindowOnClose(await);
      return this;
    }

    public Builder useSsl(boolean useSsl) {
      session.useSsl(useSsl);
      return this;
    }

    /** A PEM file with the CA (or server) certificates to trust, as the Python client's ca_certs. */
    public Builder caCerts(Path pemFile) {
      session.caCerts(pemFile);
      return this;
    }

    /** A JKS or PKCS12 trust store to trust, with its password (may be null). */
    public Builder trustStore(Path trustStore, char[] password) {
      session.trustStore(trustStore, password);
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

    private static Duration requireNonNegative(Duration d, String setting) {
      Objects.requireNonNull(d, setting);
      if (d.isNegative()) {
        throw new IllegalArgumentException(setting + ": " + d + " is negative");
      }
      if (d.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(setting + ": " + d + " is longer than 24 days");
      }
      return d;
    }
  }
}
