package io.quiver.client;

import java.util.List;
import java.util.Objects;

/**
 * The settings of a tree-model {@link Session}, with the Python client's {@code Session}
 * parameters and defaults: {@code host}/{@code port} (or {@code nodeUrls}; default
 * {@code localhost:6667}), {@code user}/{@code password} ({@code root}/{@code root}), {@code
 * fetchSize} (5000), {@code zoneId} (the JVM's zone; strings such as {@code UTC+8}, {@code
 * +08:00} or {@code Asia/Shanghai}), {@code enableRedirection} (true), {@code enableCompression}
 * (false), {@code useSsl} + {@code caCerts}, {@code connectionTimeout} (10 s). Every other
 * session setting ({@link SessionSettings}: read timeout, retries, replay window, trust store) is
 * shared with {@link TableSessionConfig}. Immutable.
 *
 * <p>A tree session has no current database: {@code database(...)} is refused when built.
 */
public final class SessionConfig {
  private final TableSessionConfig core;
  private final boolean enableRedirection;

  private SessionConfig(TableSessionConfig core, boolean enableRedirection) {
    this.core = core;
    this.enableRedirection = enableRedirection;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The connection settings the session core runs on. */
  TableSessionConfig core() {
    return core;
  }

  public List<String> nodeUrls() {
    return core.nodeUrls();
  }

  public String username() {
    return core.username();
  }

  public int fetchSize() {
    return core.fetchSize();
  }

  public java.time.ZoneId timeZone() {
    return core.timeZone();
  }

  public boolean enableCompression() {
    return core.enableCompression();
  }

  public boolean useSsl() {
    return core.useSsl();
  }

  public int maxRetry() {
    return core.maxRetry();
  }

  public java.time.Duration connectTimeout() {
    return core.connectTimeout();
  }

  /** How many inserts may wait for their answers at once (see {@code maxInFlightInserts}). */
  public int maxInFlightInserts() {
    return core.maxInFlightInserts();
  }

  /**
   * Whether inserts follow the server's per-device redirection hints (as {@link
   * TableSessionConfig#enableRedirection()}, keyed by device path): a device's rows go straight
   * to the DataNode that leads it, an {@code insertTablets} of devices on several nodes is cut
   * per node.
   */
  public boolean enableRedirection() {
    return enableRedirection;
  }

  @Override
  public String toString() {
    return "SessionConfig{" + core + "}";
  }

  /** Builds a {@link SessionConfig}; every setter validates its value at once, naming the setting. */
  public static final class Builder extends SessionSettings<Builder> {
    private final HostPort hostPort = new HostPort();

    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /** The server's host (Python's {@code host}); with {@link #port}, the one node to connect to. */
    public Builder host(String host) {
      hostPort.host(host);
      return this;
    }

    /** The server's client port (Python's {@code port}, default 6667). */
    public Builder port(int port) {
      hostPort.port(port);
      return this;
    }

    /** Python's {@code user}: as {@link #username}. */
    public Builder user(String user) {
      return username(user);
    }

    /** Python's {@code zone_id}: as {@link #timeZone(String)}, e.g. {@code "UTC+8"}. */
    public Builder zoneId(String zone) {
      return timeZone(zone);
    }

    /** Python's {@code connection_timeout_in_ms}: as {@link #connectTimeout}. */
    public Builder connectionTimeout(java.time.Duration timeout) {
      return connectTimeout(timeout);
    }

    /** A configuration over core settings already made (the pool's). */
    SessionConfig sessionConfigFrom(TableSessionConfig core, boolean redirection) {
      return new SessionConfig(core, redirection);
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException naming the setting when settings contradict each other
     */
    public SessionConfig build() {
      return new SessionConfig(coreSettings(this, hostPort), enableRedirection);
    }
  }

  /** The core settings of a tree session: host/port applied, no database. */
  static <B extends SessionSettings<B>> TableSessionConfig coreSettings(SessionSettings<B> b, HostPort hostPort) {
    if (b.database != null) {
      throw new IllegalArgumentException("database: a tree-model session has no current database; name series by"
          + " their full paths (root.sg.d1.s1) instead");
    }
    if (b.encodeInserts || b.gzipInserts) {
      throw new IllegalArgumentException((b.gzipInserts ? "gzipInserts" : "encodeInserts") + ": a tree-model"
          + " session sends its insert requests plain (column-encoded tree requests are not written yet);"
          + " leave it false, or write through a TableSession");
    }
    if (hostPort.given()) {
      b.nodeUrls(hostPort.url());
    }
    return b.sessionSettings();
  }

  /** Python's separate host and port, joined into one node URL. */
  static final class HostPort {
    private String host;
    private Integer port;

    void host(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host: empty");
      }
      this.host = host;
    }

    void port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " is not a port number (1-65535)");
      }
      this.port = port;
    }

    boolean given() {
      return host != null || port != null;
    }

    String url() {
      String h = host == null ? "localhost" : host;
      return (h.contains(":") ? "[" + h + "]" : h) + ":" + (port == null ? 6667 : port);
    }
  }
}
