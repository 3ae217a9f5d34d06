package io.quiver.client;

import io.quiver.client.internal.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 *   <tr><td>maxInFlightInserts</td><td>1: each insert waits for its answer; above 1 an insert
 *       returns once sent while fewer than that many wait, its refusal thrown by a later call
 *       (see {@link TableSession#flush()})</td></tr>
 *   <tr><td>enableNodeDiscovery</td><td>true: the cluster's DataNodes are learned ({@code SHOW
 *       DATANODES}, every {@code nodeDiscoveryInterval} = 60 s and after a failover), so a
 *       session given one node fails over to the others</td></tr>
 *   <tr><td>unreachableNodeQuarantine</td><td>30 s: a node that could not be connected to (a bad
 *       redirection hint) is passed over this long</td></tr>
 *   <tr><td>nodeAddressMap</td><td>none: reported address to reachable address, for hints and
 *       discovered nodes behind NAT</td></tr>
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

  /** 60 s, as the official Java client's {@code enableAutoFetch} polls. */
  public static final Duration DEFAULT_NODE_DISCOVERY_INTERVAL = Duration.ofSeconds(60);

  /**
   * 30 s: a bad redirection hint costs one connect attempt per 30 s instead of one per batch,
   * and a node that comes back is used again within half a minute.
   */
  public static final Duration DEFAULT_UNREACHABLE_NODE_QUARANTINE = Duration.ofSeconds(30);

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
  private final int maxInFlightInserts;
  private final boolean useSsl;
  private final Path caCerts;
  private final Path trustStore;
  private final char[] trustStorePassword;
  private final boolean enableNodeDiscovery;
  private final Duration nodeDiscoveryInterval;
  private final Duration unreachableNodeQuarantine;
  private final Map<String, String> nodeAddressMap;

  TableSessionConfig(SessionSettings<?> b) {
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
    this.maxInFlightInserts = b.maxInFlightInserts;
    this.useSsl = b.useSsl;
    this.caCerts = b.caCerts;
    this.trustStore = b.trustStore;
    this.trustStorePassword = b.trustStorePassword == null ? null : b.trustStorePassword.clone();
    this.enableNodeDiscovery = b.enableNodeDiscovery;
    this.nodeDiscoveryInterval = b.nodeDiscoveryInterval;
    this.unreachableNodeQuarantine = b.unreachableNodeQuarantine;
    this.nodeAddressMap = b.nodeAddressMap;
  }

  /** A builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's settings, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.copyFrom(this);
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

  /** Whether inserts are sent column-encoded (see {@link SessionSettings#encodeInserts}). */
  public boolean encodeInserts() {
    return encodeInserts;
  }

  /** Whether encoded inserts are also GZIP-compressed (see {@link SessionSettings#gzipInserts}). */
  public boolean gzipInserts() {
    return gzipInserts;
  }

  /** The connect and read timeouts, as one value. */
  public Timeouts timeouts() {
    return new Timeouts(connectTimeout, readTimeout);
  }

  /** The retry settings, as one value. */
  public RetrySettings retry() {
    return new RetrySettings(maxRetry, retryInterval, retryBudget);
  }

  /** The replay window's settings, as one value. */
  public ReplaySettings replay() {
    return new ReplaySettings(replayWindow, replayWindowBytes, awaitWindowOnClose);
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

  /** How many inserts may wait for their answers at once (1: each insert waits for its own). */
  public int maxInFlightInserts() {
    return maxInFlightInserts;
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

  /** Whether the cluster's DataNodes are learned from the server (see {@link SessionSettings#enableNodeDiscovery}). */
  public boolean enableNodeDiscovery() {
    return enableNodeDiscovery;
  }

  /** How often the list of DataNodes is asked again. */
  public Duration nodeDiscoveryInterval() {
    return nodeDiscoveryInterval;
  }

  /** How long a node that could not be connected to is passed over; zero when off. */
  public Duration unreachableNodeQuarantine() {
    return unreachableNodeQuarantine;
  }

  /** Reported address ({@code host:port}) to the address to use instead; empty for none. */
  public Map<String, String> nodeAddressMap() {
    return nodeAddressMap;
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
        + replayWindowBytes + ", awaitWindowOnClose=" + awaitWindowOnClose + ", maxInFlightInserts=" + maxInFlightInserts
        + ", useSsl=" + useSsl
        + ", enableNodeDiscovery=" + enableNodeDiscovery + ", nodeDiscoveryInterval=" + nodeDiscoveryInterval
        + ", unreachableNodeQuarantine=" + unreachableNodeQuarantine + ", nodeAddressMap=" + nodeAddressMap + "}";
  }

  /** Builds a {@link TableSessionConfig}; every setter validates its value at once. */
  public static final class Builder extends SessionSettings<Builder> {
    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException naming the setting when settings contradict each other
     */
    public TableSessionConfig build() {
      return sessionSettings();
    }
  }
}
