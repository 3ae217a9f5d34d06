package io.quiver.client;

import io.quiver.client.internal.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The session settings and their setters, written once and shared by {@link
 * TableSessionConfig.Builder} and {@link TableSessionPoolConfig.Builder} (whose sessions take
 * them). Every setter validates its value at once, naming the setting; settings that must agree
 * with each other are checked when the configuration is built.
 *
 * @param <B> the builder's own class, which every setter returns
 */
public abstract class SessionSettings<B extends SessionSettings<B>> {
  List<String> nodeUrls = List.of(TableSessionConfig.DEFAULT_NODE_URL);
  String username = TableSessionConfig.DEFAULT_USER;
  String password = TableSessionConfig.DEFAULT_PASSWORD;
  String database;
  int fetchSize = TableSessionConfig.DEFAULT_FETCH_SIZE;
  ZoneId timeZone = ZoneId.systemDefault();
  boolean enableCompression;
  boolean enableRedirection = true;
  boolean encodeInserts;
  boolean gzipInserts;
  Duration connectTimeout = TableSessionConfig.DEFAULT_CONNECT_TIMEOUT;
  Duration readTimeout = TableSessionConfig.DEFAULT_READ_TIMEOUT;
  int maxRetry = TableSessionConfig.DEFAULT_MAX_RETRY;
  Duration retryInterval = TableSessionConfig.DEFAULT_RETRY_INTERVAL;
  Duration retryBudget = TableSessionConfig.DEFAULT_RETRY_BUDGET;
  Duration replayWindow = TableSessionConfig.DEFAULT_REPLAY_WINDOW;
  long replayWindowBytes = TableSessionConfig.DEFAULT_REPLAY_WINDOW_BYTES;
  boolean awaitWindowOnClose = true;
  int maxInFlightInserts = 1;
  boolean useSsl;
  Path caCerts;
  Path trustStore;
  char[] trustStorePassword;
  boolean enableNodeDiscovery = true;
  Duration nodeDiscoveryInterval = TableSessionConfig.DEFAULT_NODE_DISCOVERY_INTERVAL;
  Duration unreachableNodeQuarantine = TableSessionConfig.DEFAULT_UNREACHABLE_NODE_QUARANTINE;
  Map<String, String> nodeAddressMap = Map.of();

  SessionSettings() {}

  /** This builder, typed as its own class. */
  abstract B self();

  /** The nodes to connect to, as {@code host:port}; the session uses the first that answers. */
  public B nodeUrls(List<String> urls) {
    Objects.requireNonNull(urls, "nodeUrls");
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("nodeUrls: give at least one host:port");
    }
    for (String u : urls) {
      Endpoint.parse(u, "nodeUrls");
    }
    this.nodeUrls = List.copyOf(urls);
    return self();
  }

  /** The nodes to connect to, as {@code host:port}. */
  public B nodeUrls(String... urls) {
    return nodeUrls(Arrays.asList(urls));
  }

  public B username(String username) {
    this.username = requireText(username, "username");
    return self();
  }

  public B password(String password) {
    this.password = Objects.requireNonNull(password, "password");
    return self();
  }

  /** The database to start in; null for none. */
  public B database(String database) {
    if (database != null && database.isBlank()) {
      throw new IllegalArgumentException("database: an empty name; pass null for no database");
    }
    this.database = database;
    return self();
  }

  /** Rows the server returns per query round trip (a soft target: it sends whole blocks). */
  public B fetchSize(int fetchSize) {
    if (fetchSize <= 0) {
      throw new IllegalArgumentException("fetchSize: " + fetchSize + " is not positive");
    }
    this.fetchSize = fetchSize;
    return self();
  }

  public B timeZone(ZoneId zone) {
    this.timeZone = Objects.requireNonNull(zone, "timeZone");
    return self();
  }

  /** A zone id such as "UTC", "Asia/Shanghai" or "UTC+8". */
  public B timeZone(String zone) {
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
  public B enableCompression(boolean enable) {
    this.enableCompression = enable;
    return self();
  }

  /**
   * Whether inserts follow the redirection hints a DataNode returns when rows belong to devices
   * another node leads (default true). The hints are remembered per device; later rows of a
   * device go straight to its node over an extra connection, a batch being cut per node when its
   * devices live on several. Redirection is only an optimisation: any node accepts any row.
   */
  public B enableRedirection(boolean enable) {
    this.enableRedirection = enable;
    return self();
  }

  /**
   * Sends inserts of 10 rows or more column-encoded (default false): the time and INT32, INT64,
   * TIMESTAMP and DATE columns as TS_2DIFF, FLOAT and DOUBLE as GORILLA, the rest plain; what
   * the official Java client sends by default ({@code isCompressed} in the request; unrelated
   * to {@link #enableCompression}). Regular timestamps and slowly varying values shrink several
   * times, which pays on links slower than the client's encoding (about 100 MB/s per core);
   * on loopback or a fast LAN plain requests cost less CPU on both sides. Table model only: a
   * tree-model {@code SessionConfig} or {@code SessionPoolConfig} refuses it when built (its
   * requests are sent plain).
   */
  public B encodeInserts(boolean enable) {
    this.encodeInserts = enable;
    return self();
  }

  /**
   * GZIP-compresses encoded inserts on top of their column encodings (default false; implies
   * {@link #encodeInserts}): {@code compressType} 2, as the official Java client's {@code
   * compressionType(GZIP)}, done by the JDK. Fewer bytes again (strings and repeated tags
   * shrink most) for more client CPU: for links of a few Mbit/s to a few hundred.
   */
  public B gzipInserts(boolean enable) {
    this.gzipInserts = enable;
    if (enable) {
      this.encodeInserts = true;
    }
    return self();
  }

  /**
   * How long connecting to one node may take: the TCP connect, the TLS handshake, and each answer
   * while the session opens (default 10 s); zero means no limit for the connect and the read
   * timeout for the answers. A node that accepts the connection but never answers fails after
   * this time with a retryable {@link ConnectionException}, and the next node is tried.
   */
  public B connectTimeout(Duration timeout) {
    this.connectTimeout = requireNonNegative(timeout, "connectTimeout");
    return self();
  }

  /**
   * How long one call may wait for the server's answer (default 60 s); zero means no limit. A
   * call with no answer in time fails with a retryable {@link ConnectionException} and its
   * connection is closed. Statements and query fetches wait at least their own time limit (the
   * server's 60 s default when none is given) + 10 s, so a query's timeout is never cut short.
   */
  public B readTimeout(Duration timeout) {
    this.readTimeout = requireNonNegative(timeout, "readTimeout");
    return self();
  }

  /**
   * How many times an insert or query is tried again after its connection failed; 0 for never.
   * Statements that are not queries are never retried (they may not be idempotent): their
   * connection failure reaches the caller as a retryable {@link ConnectionException}.
   */
  public B maxRetry(int maxRetry) {
    if (maxRetry < 0) {
      throw new IllegalArgumentException("maxRetry: " + maxRetry + " is negative");
    }
    this.maxRetry = maxRetry;
    return self();
  }

  /** The wait before the first retry (default 500 ms); it doubles for each further one, up to 5 s. */
  public B retryInterval(Duration interval) {
    this.retryInterval = requireNonNegative(interval, "retryInterval");
    return self();
  }

  /**
   * The time a call may spend retrying (default 60 s): no retry starts later than this after the
   * first try, and the wait before one is cut to fit. {@code maxRetry} still limits the count.
   * A call can take longer than the budget by the duration of its last try (at most the connect
   * and read timeouts).
   */
  public B retryBudget(Duration budget) {
    this.retryBudget = requireNonNegative(budget, "retryBudget");
    return self();
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
  public B replayWindow(Duration window) {
    this.replayWindow = requireNonNegative(window, "replayWindow");
    return self();
  }

  /**
   * The most bytes of acknowledged inserts the window keeps (default 256 MiB, see {@link
   * #DEFAULT_REPLAY_WINDOW_BYTES}). When full, the oldest inserts leave before their time; a
   * warning is logged (at most every 10 s) and {@link TableSession#replayStats()} counts them:
   * a crash could then lose them. Memory is taken as inserts arrive and reused; it is released
   * when the window empties.
   */
  public B replayWindowBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("replayWindowBytes: " + bytes + " is not positive");
    }
    this.replayWindowBytes = bytes;
    return self();
  }

  /**
   * How many inserts a session may have sent without their answers (default 1: every {@code
   * insert} waits for its answer). Above 1, {@code insert} returns once its request is sent, as
   * long as fewer than this many wait for their answers, so that the caller encodes the next batch
   * while the server writes this one: a single thread then keeps the server busy all the time
   * (IoTDB answers the requests of one connection in the order sent). 2 is enough for that; more
   * only helps on links with long round trips. Between 1 and {@value #MAX_IN_FLIGHT_INSERTS}.
   *
   * <p>What changes with more than 1: an insert's refusal by the server is thrown by a later call
   * of the session ({@code insert}, {@code flush}, or {@code close}), naming the table and rows of
   * the request it refused; {@code flush()} waits for every answer. Requests whose connection fails
   * before they are answered, or that the server asks to retry, are re-sent from the replay window
   * (which is therefore required: {@code replayWindow} must not be zero), possibly after requests
   * sent later: rows with equal time and tags written with different values by two batches in
   * flight together may then end with either. Pipelining applies while the session writes to one
   * node: once redirection learned that devices live on other nodes, inserts are sent to each node
   * and awaited, batch by batch, as with 1. Statements and queries first wait for the inserts in
   * flight.
   */
  public B maxInFlightInserts(int max) {
    if (max < 1 || max > MAX_IN_FLIGHT_INSERTS) {
      throw new IllegalArgumentException("maxInFlightInserts: " + max + " is not between 1 and "
          + MAX_IN_FLIGHT_INSERTS);
    }
    this.maxInFlightInserts = max;
    return self();
  }

  /** The largest {@link #maxInFlightInserts}. */
  public static final int MAX_IN_FLIGHT_INSERTS = 64;

  /**
   * Whether closing waits for the replay window (default true). A closed session can no longer
   * replay, so {@code close()} (and a pool dropping a connection, or closing) first waits until
   * its newest acknowledged insert is past the window, then asks the server for one empty round
   * trip to prove it stayed up meanwhile; if the connection broke, it reconnects and replays
   * first, within the retry settings. That adds at most the window (3 s) to a close right after
   * an insert, nothing to one long after. With false, {@code close()} returns at once and a
   * crash of the server within about a second loses the last inserts.
   */
  public B awaitWindowOnClose(boolean await) {
    this.awaitWindowOnClose = await;
    return self();
  }

  /**
   * Connects with TLS, as the Python client's {@code use_ssl}; the server must run with {@code
   * enable_thrift_ssl=true} (and its {@code key_store_path}, {@code key_store_pwd}). The server's
   * certificate must be trusted ({@link #caCerts}, {@link #trustStore}, or the JVM's default trust)
   * and name the host of the node URL (host names are verified). Never falls back to plaintext.
   */
  public B useSsl(boolean useSsl) {
    this.useSsl = useSsl;
    return self();
  }

  /** A PEM file with the CA (or server) certificates to trust, as the Python client's ca_certs. */
  public B caCerts(Path pemFile) {
    this.caCerts = pemFile;
    return self();
  }

  /** A JKS or PKCS12 trust store to trust, with its password (may be null). */
  public B trustStore(Path trustStore, char[] password) {
    this.trustStore = trustStore;
    this.trustStorePassword = password == null ? null : password.clone();
    return self();
  }

  /**
   * Whether the session (or pool) learns the cluster's DataNodes from the node it is connected to
   * (default true; the official Java client's {@code enableAutoFetch}). With it, a session given
   * one node URL can fail over to any DataNode of the cluster when its node dies. The list comes
   * from {@code SHOW DATANODES} (each node's client address and port, as the node reports them;
   * nodes being removed, and nodes reporting {@code 0.0.0.0}, are left out), asked on the
   * session's own connection when it connects, then on a call once every {@link
   * #nodeDiscoveryInterval}, and at the first call after a failover. The configured {@code
   * nodeUrls} are always kept and tried first: a discovered node is used when none of them answers
   * (so a configured proxy or gateway is not bypassed while it works). A pool asks once for all
   * its sessions. A user without IoTDB's {@code SYSTEM} privilege is
   * refused {@code SHOW DATANODES} (status 803) and just keeps the configured nodes (logged once,
   * at INFO).
   */
  public B enableNodeDiscovery(boolean enable) {
    this.enableNodeDiscovery = enable;
    return self();
  }

  /**
   * How often the list of DataNodes is asked again (default 60 s, as the official Java client);
   * see {@link #enableNodeDiscovery}. It is asked on a call of the session (one small query, about
   * one round trip) once this long has passed, never by a background thread.
   */
  public B nodeDiscoveryInterval(Duration interval) {
    requireNonNegative(interval, "nodeDiscoveryInterval");
    if (interval.isZero()) {
      throw new IllegalArgumentException(
          "nodeDiscoveryInterval: zero; give a positive interval, or enableNodeDiscovery(false)");
    }
    this.nodeDiscoveryInterval = interval;
    return self();
  }

  /**
   * How long a node that could not be connected to is passed over (default 30 s; zero turns it
   * off). A redirection hint naming a node the client cannot reach (an internal address behind NAT,
   * a node that died) then costs one connect attempt per this period, not one per batch: until it
   * ends, rows hinted to that node go through the session's own connection at once. When the
   * session reconnects, such nodes are tried after the others rather than left out.
   */
  public B unreachableNodeQuarantine(Duration quarantine) {
    this.unreachableNodeQuarantine = requireNonNegative(quarantine, "unreachableNodeQuarantine");
    return self();
  }

  /**
   * Addresses to use instead of those the servers report (default none), as {@code host:port} to
   * {@code host:port}: for a cluster behind NAT or in containers, whose DataNodes report internal
   * addresses the client cannot reach. Applied to redirection hints and to discovered nodes (not
   * to {@code nodeUrls}, which are used as given). For example {@code
   * Map.of("172.18.0.3:6667", "gateway.example:16667")}.
   *
   * @throws IllegalArgumentException naming the setting and the entry when an address is not
   *     host:port
   */
  public B nodeAddressMap(Map<String, String> map) {
    Objects.requireNonNull(map, "nodeAddressMap");
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      Endpoint.parse(e.getKey(), "nodeAddressMap");
      Endpoint.parse(e.getValue(), "nodeAddressMap (the address for " + e.getKey() + ")");
      copy.put(e.getKey(), e.getValue());
    }
    this.nodeAddressMap = Collections.unmodifiableMap(copy);
    return self();
  }

  /**
   * The session settings as a configuration, checked together.
   *
   * @throws IllegalArgumentException naming the setting when settings contradict each other
   */
  TableSessionConfig sessionSettings() {
    if (caCerts != null && trustStore != null) {
      throw new IllegalArgumentException(
          "caCerts and trustStore: give one source of trusted certificates, not both");
    }
    if (!useSsl && (caCerts != null || trustStore != null)) {
      throw new IllegalArgumentException(
          "useSsl: caCerts or trustStore is set but useSsl is false; set useSsl(true)");
    }
    if (maxInFlightInserts > 1 && replayWindow.isZero()) {
      throw new IllegalArgumentException("maxInFlightInserts: " + maxInFlightInserts + " needs the replay window"
          + " (it re-sends inserts whose answers never came), but replayWindow is zero; give replayWindow a"
          + " duration, or set maxInFlightInserts(1)");
    }
    return new TableSessionConfig(this);
  }

  static String requireText(String value, String setting) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(setting + ": must not be empty");
    }
    return value;
  }

  static Duration requireNonNegative(Duration d, String setting) {
    Objects.requireNonNull(d, setting);
    if (d.isNegative()) {
      throw new IllegalArgumentException(setting + ": " + d + " is negative");
    }
    if (d.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(setting + ": " + d + " is longer than 24 days");
    }
    return d;
  }

  /** Takes every session setting from {@code c}. */
  void copyFrom(TableSessionConfig c) {
    nodeUrls = c.nodeUrls();
    username = c.username();
    password = c.password();
    database = c.database();
    fetchSize = c.fetchSize();
    timeZone = c.timeZone();
    enableCompression = c.enableCompression();
    enableRedirection = c.enableRedirection();
    encodeInserts = c.encodeInserts();
    gzipInserts = c.gzipInserts();
    connectTimeout = c.connectTimeout();
    readTimeout = c.readTimeout();
    maxRetry = c.maxRetry();
    retryInterval = c.retryInterval();
    retryBudget = c.retryBudget();
    replayWindow = c.replayWindow();
    replayWindowBytes = c.replayWindowBytes();
    awaitWindowOnClose = c.awaitWindowOnClose();
    maxInFlightInserts = c.maxInFlightInserts();
    useSsl = c.useSsl();
    caCerts = c.caCerts();
    trustStore = c.trustStore();
    char[] pw = c.trustStorePassword();
    trustStorePassword = pw == null ? null : pw.clone();
    enableNodeDiscovery = c.enableNodeDiscovery();
    nodeDiscoveryInterval = c.nodeDiscoveryInterval();
    unreachableNodeQuarantine = c.unreachableNodeQuarantine();
    nodeAddressMap = c.nodeAddressMap();
  }
}
