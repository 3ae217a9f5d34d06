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
 *   <tr><td>enableRedirection</td><td>true (as the Python {@code TableSessionConfig} and the Java
 *       {@code TableSessionBuilder}): inserts follow the server's per-device hints to the DataNode
 *       that leads the device's data (see {@link TableSession}); costs nothing on a one-node server,
 *       which never hints</td></tr>
 *   <tr><td>enableCompression</td><td>false (true speaks Thrift's compact protocol; the server
 *       must run with {@code dn_rpc_thrift_compression_enable=true})</td></tr>
 *   <tr><td>encodeInserts</td><td>false: inserts carry plain columns; true sends them
 *       column-encoded (TS_2DIFF times and integers, GORILLA floats), as the official Java client
 *       does by default: fewer bytes on slow links, a little more CPU on both sides</td></tr>
 *   <tr><td>gzipInserts</td><td>false: true also GZIP-compresses encoded inserts</td></tr>
 *   <tr><td>connectTimeout</td><td>10 s per node, for the TCP connect, the TLS handshake and each
 *       answer while the session opens</td></tr>
 *   <tr><td>readTimeout</td><td>60 s for the answer to any later call (statements and fetches wait
 *       at least their own time limit + 10 s)</td></tr>
 *   <tr><td>maxRetry</td><td>3 retries of an insert or query whose connection failed, each on a
 *       new connection to the next node that answers</td></tr>
 *   <tr><td>retryInterval</td><td>500 ms before the first retry, doubling, at most 5 s</td></tr>
 *   <tr><td>retryBudget</td><td>60 s: no retry starts later than this after the first try</td></tr>
 *   <tr><td>replayWindow</td><td>3 s: acknowledged inserts are kept (encoded) until the server is
 *       seen alive this long after acknowledging them, and re-sent after any reconnect; zero turns
 *       it off</td></tr>
 *   <tr><td>replayWindowBytes</td><td>256 MiB at most kept per session</td></tr>
 *   <tr><td>awaitWindowOnClose</td><td>true: {@code close()} first waits until the inserts still in
 *       the window are past it (at most the window, plus one round trip)</td></tr>
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

  /**
   * 60 s, as IoTDB's own limits: a DataNode gives up on an internal call after {@code
   * dn_connection_timeout_ms} = 60 s, and a query after {@code query_timeout_threshold} = 60 s. A
   * loader would rather see a silent node fail its call than wait forever.
   */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

  /** Retries stop once this much time has passed since the first try of a call. */
  public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofSeconds(60);

  /**
   * 3 s. IoTDB 2.0.10 acknowledges an insert before its write-ahead log is on disk ({@code
   * wal_mode=ASYNC}) and syncs the log every {@code wal_async_mode_fsync_delay_in_ms} = 1 s; a
   * DataNode killed mid-ingest was seen to lose the inserts it had acknowledged in its last 0.4 s.
   * Three times the sync delay leaves room for a sync that runs late under load. A frame leaves the
   * window only once the server has answered a later call sent at least this long after the
   * acknowledgement, so a node that is down for longer does not shorten it.
   */
  public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofSeconds(3);

  /**
   * 256 MiB. The window holds what the session inserted during its last {@link
   * #DEFAULT_REPLAY_WINDOW} or so, in request bytes: about 53 bytes per row for 1 TAG + 5 DOUBLE.
   * One connection reaches about 2.5 M such rows/s on a 2-core machine (130 MB/s), so 256 MiB holds
   * 2 s of inserts at that ceiling: twice the server's 1 s sync delay; 64 MiB would hold 0.5 s,
   * close to what a crash was seen to lose. Memory is taken as frames arrive (256 KiB chunks, reused),
   * so a session that inserts 10 MB/s holds about 30 MB; it is released when the window empties.
   */
  public static final long DEFAULT_REPLAY_WINDOW_BYTES = 256L * 1024 * 1024;

  private final List<String> nodeUrls;
  private final String username;
  private final String password;
  private final String database;
  private final int fetchSize;
  private final ZoneId timeZone;
  private final boolean enableCompression;
  private final boolean enableRedirection;
  private final boolean encodeInserts;
  private final boolean gzipInserts;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int maxRetry;
  private final Duration retryInterval;
  private final Duration retryBudget;
  private final Duration replayWindow;
  private final long replayWindowBytes;
  private final boolean awaitWindowOnClose;
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
    this.enableRedirection = b.enableRedirection;
    this.encodeInserts = b.encodeInserts;
    this.gzipInserts = b.gzipInserts;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.maxRetry = b.maxRetry;
    this.retryInterval = b.retryInterval;
    this.retryBudget = b.retryBudget;
    this.replayWindow = b.replayWindow;
    this.replayWindowBytes = b.replayWindowBytes;
    this.awaitWindowOnClose = b.awaitWindowOnClose;
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
    b.enableRedirection = enableRedirection;
    b.encodeInserts = encodeInserts;
    b.gzipInserts = gzipInserts;
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.maxRetry = maxRetry;
    b.retryInterval = retryInterval;
    b.retryBudget = retryBudget;
    b.replayWindow = replayWindow;
    b.replayWindowBytes = replayWindowBytes;
    b.awaitWindowOnClose = awaitWindowOnClose;
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

  /** Whether inserts follow the server's redirection hints to the node leading each device. */
  public boolean enableRedirection() {
    return enableRedirection;
  }

  /** Whether inserts are sent column-encoded (see {@link Builder#encodeInserts}). */
  public boolean encodeInserts() {
    return encodeInserts;
  }

  /** Whether encoded inserts are also GZIP-compressed (see {@link Builder#gzipInserts}). */
  public boolean gzipInserts() {
    return gzipInserts;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * How long one call may wait for the server's answer (statements and fetches: at least their own
   * time limit + 10 s); zero means no limit.
   */
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

  /** No retry of a call starts later than this after its first try. */
  public Duration retryBudget() {
    return retryBudget;
  }

  /** How long acknowledged inserts are kept for a replay after a reconnect; zero when off. */
  public Duration replayWindow() {
    return replayWindow;
  }

  /** The most bytes of acknowledged inserts a session keeps for a replay. */
  public long replayWindowBytes() {
    return replayWindowBytes;
  }

  /** Whether {@code close()} first waits until the inserts in the replay window are past it. */
  public boolean awaitWindowOnClose() {
    return awaitWindowOnClose;
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
        + ", enableCompression=" + enableCompression + ", enableRedirection=" + enableRedirection
        + ", encodeInserts=" + encodeInserts + ", gzipInserts=" + gzipInserts
        + ", connectTimeout=" + connectTimeout
        + ", readTimeout=" + readTimeout + ", maxRetry=" + maxRetry + ", retryInterval=" + retryInterval
        + ", retryBudget=" + retryBudget + ", replayWindow=" + replayWindow + ", replayWindowBytes="
        + replayWindowBytes + ", awaitWindowOnClose=" + awaitWindowOnClose + ", useSsl=" + useSsl + "}";
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
    private boolean enableRedirection = true;
    private boolean encodeInserts;
    private boolean gzipInserts;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private int maxRetry = DEFAULT_MAX_RETRY;
    private Duration retryInterval = DEFAULT_RETRY_INTERVAL;
    private Duration retryBudget = DEFAULT_RETRY_BUDGET;
    private Duration replayWindow = DEFAULT_REPLAY_WINDOW;
    private long replayWindowBytes = DEFAULT_REPLAY_WINDOW_BYTES;
    private boolean awaitWindowOnClose = true;
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

    /**
     * Sends inserts of 10 rows or more column-encoded (default false): the time and INT32, INT64,
     * TIMESTAMP and DATE columns as TS_2DIFF, FLOAT and DOUBLE as GORILLA, the rest plain; what
     * the official Java client sends by default ({@code isCompressed} in the request; unrelated
     * to {@link #enableCompression}). Regular timestamps and slowly varying values shrink several
     * times, which pays on links slower than the client's encoding (about 100 MB/s per core);
     * on loopback or a fast LAN plain requests cost less CPU on both sides.
     */
    public Builder encodeInserts(boolean enable) {
      this.encodeInserts = enable;
      return this;
    }

    /**
     * GZIP-compresses encoded inserts on top of their column encodings (default false; implies
     * {@link #encodeInserts}): {@code compressType} 2, as the official Java client's {@code
     * compressionType(GZIP)}, done by the JDK. Fewer bytes again (strings and repeated tags
     * shrink most) for more client CPU: for links of a few Mbit/s to a few hundred.
     */
    public Builder gzipInserts(boolean enable) {
      this.gzipInserts = enable;
      if (enable) {
        this.encodeInserts = true;
      }
      return this;
    }

    /**
     * Whether inserts follow the redirection hints a DataNode returns when rows belong to devices
     * another node leads (default true). The hints are remembered per device; later rows of a
     * device go straight to its node over an extra connection, a batch being cut per node when its
     * devices live on several. Redirection is only an optimisation: any node accepts any row.
     */
    public Builder enableRedirection(boolean enable) {
      this.enableRedirection = enable;
      return this;
    }

    /**
     * How long connecting to one node may take: the TCP connect, the TLS handshake, and each answer
     * while the session opens (default 10 s); zero means no limit for the connect and the read
     * timeout for the answers. A node that accepts the connection but never answers fails after
     * this time with a retryable {@link ConnectionException}, and the next node is tried.
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = requireNonNegative(timeout, "connectTimeout");
      return this;
    }

    /**
     * How long one call may wait for the server's answer (default 60 s); zero means no limit. A
     * call with no answer in time fails with a retryable {@link ConnectionException} and its
     * connection is closed. Statements and query fetches wait at least their own time limit (the
     * server's 60 s default when none is given) + 10 s, so a query's timeout is never cut short.
     */
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
     * The time a call may spend retrying (default 60 s): no retry starts later than this after the
     * first try, and the wait before one is cut to fit. {@code maxRetry} still limits the count.
     * A call can take longer than the budget by the duration of its last try (at most the connect
     * and read timeouts).
     */
    public Builder retryBudget(Duration budget) {
      this.retryBudget = requireNonNegative(budget, "retryBudget");
      return this;
    }

    /**
     * How long the session keeps each insert the server acknowledged, as the encoded request, to
     * send it again after a reconnect (default 3 s; zero turns the window off).
     *
     * <p>Why: IoTDB acknowledges an insert before its write-ahead log is on disk (its default
     * {@code wal_mode=ASYNC} syncs about every second), so a DataNode that crashes (killed, out of
     * memory, power loss) forgets the inserts it acknowledged in its last second or so, and a
     * client that believes them written has lost rows. With the window, after any reconnect (to any
     * node) the session first re-sends the kept inserts, in order, checking each answer; rows with
     * equal tags and time overwrite, so a re-sent row that the server had kept changes nothing.
     *
     * <p>An insert leaves the window once the server that acknowledged it has answered a later call
     * sent at least this long afterwards (so it outlived its sync delay). While the connection is
     * broken nothing leaves, however long the node is down: if the insert that met the crash fails
     * after its retries, the window still holds the acknowledged inserts and the session's next
     * call that connects replays them first. Limits: the window lives in the session (for a pooled
     * session: its connection); see {@link #awaitWindowOnClose} for closing, and {@link
     * #replayWindowBytes} for its size. Its cost is one copy of each request (a memory copy of the
     * encoded bytes, no re-encoding).
     */
    public Builder replayWindow(Duration window) {
      this.replayWindow = requireNonNegative(window, "replayWindow");
      return this;
    }

    /**
     * The most bytes of acknowledged inserts the window keeps (default 256 MiB, see {@link
     * #DEFAULT_REPLAY_WINDOW_BYTES}). When full, the oldest inserts leave before their time; a
     * warning is logged (at most every 10 s) and {@link TableSession#replayStats()} counts them:
     * a crash could then lose them. Memory is taken as inserts arrive and reused; it is released
     * when the window empties.
     */
    public Builder replayWindowBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("replayWindowBytes: " + bytes + " is not positive");
      }
      this.replayWindowBytes = bytes;
      return this;
    }

    /**
     * Whether closing waits for the replay window (default true). A closed session can no longer
     * replay, so {@code close()} (and a pool dropping a connection, or closing) first waits until
     * its newest acknowledged insert is past the window, then asks the server for one empty round
     * trip to prove it stayed up meanwhile; if the connection broke, it reconnects and replays
     * first, within the retry settings. That adds at most the window (3 s) to a close right after
     * an insert, nothing to one long after. With false, {@code close()} returns at once and a
     * crash of the server within about a second loses the last inserts.
     */
    public Builder awaitWindowOnClose(boolean await) {
      this.awaitWindowOnClose = await;
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
