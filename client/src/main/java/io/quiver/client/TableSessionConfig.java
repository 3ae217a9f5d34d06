package io.quiver.client;

import io.quiver.client.internal.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link TableSession}. The defaults are the IoTDB Python client's:
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>nodeUrls</td><td>localhost:6667</td></tr>
 *   <tr><td>username / password</td><td>root / root</td></tr>
 *   <tr><td>database</td><td>none (use {@code USE db} or qualified names)</td></tr>
 *   <tr><td>fetchSize</td><td>5000 rows per query round trip</td></tr>
 *   <tr><td>timeZone</td><td>the JVM's default zone</td></tr>
 *   <tr><td>enableCompression</td><td>false (true speaks Thrift's compact protocol; the server
 *       must run with {@code dn_rpc_thrift_compression_enable=true})</td></tr>
 *   <tr><td>connectTimeout</td><td>10 s per node</td></tr>
 *   <tr><td>readTimeout</td><td>0 = wait as long as the server takes</td></tr>
 *   <tr><td>maxRetry</td><td>3 retries of an insert or query whose connection failed, each on a
 *       new connection to the next node that answers</td></tr>
 *   <tr><td>retryInterval</td><td>500 ms before the first retry, doubling, at most 5 s</td></tr>
 *   <tr><td>useSsl</td><td>false; with true, trust either {@code caCerts} (PEM) or a trust store,
 *       else the JVM's default trust</td></tr>
 * </table>
 *
 * <pre>{@code
 * TableSessionConfig config = TableSessionConfig.builder()
 *     .nodeUrls("127.0.0.1:6667")
 *     .database("db1")
 *     .build();
 * }</pre>
 */
public final class TableSessionConfig {
  /** The Python client's default node list. */
  public static final String DEFAULT_NODE_URL = "localhost:6667";

  public static final String DEFAULT_USER = "root";
  public static final String DEFAULT_PASSWORD = "root";
  public static final int DEFAULT_FETCH_SIZE = 5000;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_RETRY = 3;
  public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMillis(500);

  private final List<String> nodeUrls;
  private final String username;
  private final String password;
  private final String database;
  private final int fetchSize;
  private final ZoneId timeZone;
  private final boolean enableCompression;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int maxRetry;
  private final Duration retryInterval;
  private final boolean useSsl;
  private final Path caCerts;
  private final Path trustStore;
  private final char[] trustStorePassword;

  private TableSessionConfig(Builder b) {
    this.nodeUrls = List.copyOf(b.nodeUrls);
    this.username = b.username;
    this.password = b.password;
    this.database = b.database;
    this.fetchSize = b.fetchSize;
    this.timeZone = b.timeZone;
    this.enableCompression = b.enableCompression;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.maxRetry = b.maxRetry;
    this.retryInterval = b.retryInterval;
    this.useSsl = b.useSsl;
    this.caCerts = b.caCerts;
    this.trustStore = b.trustStore;
    this.trustStorePassword = b.trustStorePassword == null ? null : b.trustStorePassword.clone();
  }

  /** A builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's settings, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.nodeUrls = nodeUrls;
    b.username = username;
    b.password = password;
    b.database = database;
    b.fetchSize = fetchSize;
    b.timeZone = timeZone;
    b.enableCompression = enableCompression;
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.maxRetry = maxRetry;
    b.retryInterval = retryInterval;
    b.useSsl = useSsl;
    b.caCerts = caCerts;
    b.trustStore = trustStore;
    b.trustStorePassword = trustStorePassword == null ? null : trustStorePassword.clone();
    return b;
  }

  public List<String> nodeUrls() {
    return nodeUrls;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /** The database the session starts in, or null. */
  public String database() {
    return database;
  }

  public int fetchSize() {
    return fetchSize;
  }

  public ZoneId timeZone() {
    return timeZone;
  }

  public boolean enableCompression() {
    return enableCompression;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** How long one call may wait for the server's answer; zero means no limit. */
  public Duration readTimeout() {
    return readTimeout;
  }

  /**
   * How many times an insert or query is tried again after its connection failed (each time on a
   * new connection, to the next node that answers).
   */
  public int maxRetry() {
    return maxRetry;
  }

  /** The wait before the first retry; it doubles for each further one, up to 5 s. */
  public Duration retryInterval() {
    return retryInterval;
  }

  public boolean useSsl() {
    return useSsl;
  }

  /** The PEM file of certificates to trust, or null. */
  public Path caCerts() {
    return caCerts;
  }

  /** The trust store (JKS or PKCS12) to trust, or null. */
  public Path trustStore() {
    return trustStore;
  }

  /** The trust store's password, or null. */
  public char[] trustStorePassword() {
    return trustStorePassword == null ? null : trustStorePassword.clone();
  }

  @Override
  public String toString() {
    return "TableSessionConfig{nodeUrls=" + nodeUrls + ", username=" + username
        + ", database=" + database + ", fetchSize=" + fetchSize + ", timeZone=" + timeZone
        + ", enableCompression=" + enableCompression + ", connectTimeout=" + connectTimeout
        + ", readTimeout=" + readTimeout + ", maxRetry=" + maxRetry + ", retryInterval=" + retryInterval
        + ", useSsl=" + useSsl + "}";
  }

  /** Builds a {@link TableSessionConfig}; every setter validates its value at once. */
  public static final class Builder {
    private List<String> nodeUrls = List.of(DEFAULT_NODE_URL);
    private String username = DEFAULT_USER;
    private String password = DEFAULT_PASSWORD;
    private String database;
    private int fetchSize = DEFAULT_FETCH_SIZE;
    private ZoneId timeZone = ZoneId.systemDefault();
    private boolean enableCompression;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = Duration.ZERO;
    private int maxRetry = DEFAULT_MAX_RETRY;
    private Duration retryInterval = DEFAULT_RETRY_INTERVAL;
    private boolean useSsl;
    private Path caCerts;
    private Path trustStore;
    private char[] trustStorePassword;

    private Builder() {}

    /** The nodes to connect to, as {@code host:port}; the session uses the first that answers. */
    public Builder nodeUrls(List<String> urls) {
      Objects.requireNonNull(urls, "nodeUrls");
      if (urls.isEmpty()) {
        throw new IllegalArgumentException("nodeUrls: give at least one host:port");
      }
      for (String u : urls) {
        Endpoint.parse(u, "nodeUrls");
      }
      this.nodeUrls = List.copyOf(urls);
      return this;
    }

    /** The nodes to connect to, as {@code host:port}. */
    public Builder nodeUrls(String... urls) {
      return nodeUrls(Arrays.asList(urls));
    }

    public Builder username(String username) {
      this.username = requireText(username, "username");
      return this;
    }

    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** The database to start in; null for none. */
    public Builder database(String database) {
      if (database != null && database.isBlank()) {
        throw new IllegalArgumentException("database: an empty name; pass null for no database");
      }
      this.database = database;
      return this;
    }

    /** Rows the server returns per query round trip (a soft target: it sends whole blocks). */
    public Builder fetchSize(int fetchSize) {
      if (fetchSize <= 0) {
        throw new IllegalArgumentException("fetchSize: " + fetchSize + " is not positive");
      }
      this.fetchSize = fetchSize;
      return this;
    }

    public Builder timeZone(ZoneId zone) {
      this.timeZone = Objects.requireNonNull(zone, "timeZone");
      return this;
    }

    /** A zone id such as "UTC", "Asia/Shanghai" or "UTC+8". */
    public Builder timeZone(String zone) {
      try {
        return timeZone(ZoneId.of(zone));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("timeZone: '" + zone + "' is not a zone id", e);
      }
    }

    /**
     * Speaks Thrift's compact protocol instead of the binary one, as the Python client's {@code
     * enable_rpc_compression}. Nothing is negotiated: the server must run with {@code
     * dn_rpc_thrift_compression_enable=true}, and a session with this setting cannot open on a
     * server without it (nor the other way round). The official Java client calls this setting
     * {@code enableCompaction}; its {@code enableCompression} is another feature.
     */
    public Builder enableCompression(boolean enable) {
      this.enableCompression = enable;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = requireNonNegative(timeout, "connectTimeout");
      return this;
    }

    /** How long one call may wait for the server's answer; zero means no limit. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = requireNonNegative(timeout, "readTimeout");
      return this;
    }

    /**
     * How many times an insert or query is tried again after its connection failed; 0 for never.
     * Statements that are not queries are never retried (they may not be idempotent): their
     * connection failure reaches the caller as a retryable {@link ConnectionException}.
     */
    public Builder maxRetry(int maxRetry) {
      if (maxRetry < 0) {
        throw new IllegalArgumentException("maxRetry: " + maxRetry + " is negative");
      }
      this.maxRetry = maxRetry;
      return this;
    }

    /** The wait before the first retry (default 500 ms); it doubles for each further one, up to 5 s. */
    public Builder retryInterval(Duration interval) {
      this.retryInterval = requireNonNegative(interval, "retryInterval");
      return this;
    }

    /**
     * Connects with TLS, as the Python client's {@code use_ssl}; the server must run with {@code
     * enable_thrift_ssl=true} (and its {@code key_store_path}, {@code key_store_pwd}). The server's
     * certificate must be trusted ({@link #caCerts}, {@link #trustStore}, or the JVM's default trust)
     * and name the host of the node URL (host names are verified). Never falls back to plaintext.
     */
    public Builder useSsl(boolean useSsl) {
      this.useSsl = useSsl;
      return this;
    }

    /** A PEM file with the CA (or server) certificates to trust, as the Python client's ca_certs. */
    public Builder caCerts(Path pemFile) {
      this.caCerts = pemFile;
      return this;
    }

    /** A JKS or PKCS12 trust store to trust, with its password (may be null). */
    public Builder trustStore(Path trustStore, char[] password) {
      this.trustStore = trustStore;
      this.trustStorePassword = password == null ? null : password.clone();
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException naming the setting when settings contradict each other
     */
    public TableSessionConfig build() {
      if (caCerts != null && trustStore != null) {
        throw new IllegalArgumentException(
            "caCerts and trustStore: give one source of trusted certificates, not both");
      }
      if (!useSsl && (caCerts != null || trustStore != null)) {
        throw new IllegalArgumentException(
            "useSsl: caCerts or trustStore is set but useSsl is false; set useSsl(true)");
      }
      return new TableSessionConfig(this);
    }

    private static String requireText(String value, String setting) {
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException(setting + ": must not be empty");
      }
      return value;
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
