package io.quiver.spark;

import io.quiver.client.SessionConfig;
import io.quiver.client.TableSessionConfig;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of the {@code quiver} data source, read once on the driver and shipped to the tasks.
 * Keys are case-insensitive, as Spark's. Every option may also be set in the Spark configuration
 * as {@code spark.datasource.quiver.<key>} (e.g. the password, so that it stays out of the code);
 * an option given on the reader or writer wins.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>url</td><td>127.0.0.1:6667</td><td>node URLs, comma-separated</td></tr>
 *   <tr><td>user, password</td><td>root, root</td><td>credentials</td></tr>
 *   <tr><td>database</td><td>(required unless table is db.table)</td><td></td></tr>
 *   <tr><td>table</td><td>(required)</td><td>{@code t} or {@code db.t}</td></tr>
 *   <tr><td>ssl, caCerts</td><td>false</td><td>TLS, and the PEM file of the CA</td></tr>
 *   <tr><td>compression</td><td>false</td><td>Thrift compact protocol (must match the server)</td></tr>
 *   <tr><td>redirection</td><td>true</td><td>writes go to the DataNode leading each device</td></tr>
 *   <tr><td>time</td><td>time</td><td>the DataFrame's time column (writes)</td></tr>
 *   <tr><td>tags, attributes</td><td>the table's (DESC)</td><td>TAG / ATTRIBUTE columns
 *       (writes; needed to create a table)</td></tr>
 *   <tr><td>batchRows</td><td>50000</td><td>rows per ArrowTablet (writes)</td></tr>
 *   <tr><td>replayWindow</td><td>3000</td><td>ms a task keeps its acknowledged inserts to re-send
 *       after a reconnect; its commit waits until its last insert is this old (0: off, commits
 *       at once, a server crash in the last second can lose rows; see the README)</td></tr>
 *   <tr><td>encodeInserts, gzipInserts</td><td>false</td><td>column-encoded (and GZIP-compressed)
 *       insert requests: fewer bytes on slow links, more CPU (table writes; a tree write refuses
 *       them)</td></tr>
 *   <tr><td>maxInFlightInserts</td><td>2 (1 with replayWindow=0)</td><td>inserts a task sends
 *       before reading their answers: with 2 the task fills its next batch while the server writes
 *       the last one; the commit waits for every answer and fails on a refusal (writes)</td></tr>
 *   <tr><td>clusterByTags</td><td>false</td><td>cluster rows by their tags before writing</td></tr>
 *   <tr><td>createTable</td><td>false</td><td>with mode append: create a missing table</td></tr>
 *   <tr><td>partitions</td><td>1</td><td>partitions of a read</td></tr>
 *   <tr><td>partitionBy</td><td>time</td><td>how a read is split: {@code time} (time ranges),
 *       {@code device} (groups of devices, by the table's first TAG) or a TAG column's name</td></tr>
 *   <tr><td>lowerBound, upperBound</td><td>min and max time</td><td>the time range the
 *       partitions split (server precision, upperBound inclusive)</td></tr>
 *   <tr><td>fetchSize</td><td>65536</td><td>rows per fetch = per columnar batch (reads)</td></tr>
 *   <tr><td>deviceColumn</td><td>(none)</td><td>tree model write: the DataFrame column naming
 *       each row's device ({@code root.sg.d1}, or relative to {@code prefix}); every other column
 *       but the time is a measurement. Selects the tree model (no table, no database)</td></tr>
 *   <tr><td>prefix</td><td>(none)</td><td>tree model write: prepended to the device column's values
 *       ({@code root.sg})</td></tr>
 *   <tr><td>aligned</td><td>false</td><td>tree model write: aligned devices</td></tr>
 *   <tr><td>query</td><td>(none)</td><td>tree model read: the statement to run (e.g. {@code SELECT
 *       s1 FROM root.sg.** ALIGN BY DEVICE}), read in one partition. Selects the tree model</td></tr>
 *   <tr><td>queryTimeout</td><td>0</td><td>ms a read's query may run on the server (0: the
 *       server's {@code query_timeout_threshold}, 60 s by default); raise it for long scans</td></tr>
 *   <tr><td>timeAs</td><td>timestamp</td><td>TIMESTAMP columns as Spark TimestampType or as
 *       long counts in the server's precision ({@code long})</td></tr>
 * </table>
 */
public final class QuiverOptions implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The prefix of the Spark configuration keys read as options. */
  public static final String CONF_PREFIX = "spark.datasource.quiver.";

  private final Map<String, String> options;

  private QuiverOptions(Map<String, String> options) {
    this.options = options;
  }

  /** The options in {@code given} (keys in any case) over those in {@code conf}. */
  public static QuiverOptions of(Map<String, String> given, Map<String, String> conf) {
    Map<String, String> all = new HashMap<>();
    conf.forEach((k, v) -> {
      if (k.startsWith(CONF_PREFIX)) {
        all.put(k.substring(CONF_PREFIX.length()).toLowerCase(Locale.ROOT), v);
      }
    });
    given.forEach((k, v) -> all.put(k.toLowerCase(Locale.ROOT), v));
    return new QuiverOptions(all);
  }

  public static QuiverOptions of(Map<String, String> given) {
    return of(given, Map.of());
  }

  String get(String key) {
    return options.get(key.toLowerCase(Locale.ROOT));
  }

  private String get(String key, String dflt) {
    String v = get(key);
    return v == null || v.isBlank() ? dflt : v.trim();
  }

  /** The options as a map (lower-case keys), e.g. to pass them on. */
  public Map<String, String> asMap() {
    return Map.copyOf(options);
  }

  public List<String> nodeUrls() {
    return splitList(get("url", "127.0.0.1:6667"));
  }

  /** The database: option {@code database}, else the part before the dot of {@code table}. */
  public String database() {
    String table = get("table", "");
    int dot = table.indexOf('.');
    String db = get("database");
    if (db != null && !db.isBlank()) {
      return db.trim();
    }
    if (dot > 0) {
      return table.substring(0, dot);
    }
    throw new IllegalArgumentException("quiver: option 'database' is not set (or name the table as "
        + "database.table)");
  }

  /** The table name, without its database. */
  public String table() {
    String table = get("table");
    if (table == null || table.isBlank()) {
      throw new IllegalArgumentException("quiver: option 'table' is not set");
    }
    table = table.trim();
    int dot = table.indexOf('.');
    return (dot > 0 ? table.substring(dot + 1) : table).toLowerCase(Locale.ROOT);
  }

  public String timeColumn() {
    return get("time", "time");
  }

  /** The TAG columns given, or null to take the table's. */
  public List<String> tags() {
    String v = get("tags");
    return v == null ? null : splitList(v);
  }

  /** The ATTRIBUTE columns given, or null to take the table's. */
  public List<String> attributes() {
    String v = get("attributes");
    return v == null ? null : splitList(v);
  }

  public int batchRows() {
    return positiveInt("batchRows", 50_000);
  }

  /** The replay window of the write sessions, in ms (option {@code replayWindow}; 0 turns it off). */
  /**
   * Inserts a write task sends before reading their answers (option {@code maxInFlightInserts}):
   * by default 2, so a task fills its next batch while the server writes the last one (its commit
   * waits for every answer, so what a task reports written is the same), or 1 when {@code
   * replayWindow=0} (pipelining re-sends from the window).
   */
  public int maxInFlightInserts() {
    return positiveInt("maxInFlightInserts", replayWindowMillis() > 0 ? 2 : 1);
  }

  public long replayWindowMillis() {
    String v = get("replayWindow");
    if (v == null || v.isBlank()) {
      return TableSessionConfig.DEFAULT_REPLAY_WINDOW.toMillis();
    }
    try {
      long ms = Long.parseLong(v.trim());
      if (ms >= 0) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("quiver: option 'replayWindow' is '" + v + "'; expected milliseconds (0 or more)");
  }

  public boolean createTable() {
    return bool("createTable", false);
  }

  /** With true, a write first clusters the rows by their TAG columns (a shuffle). */
  public boolean clusterByTags() {
    return bool("clusterByTags", false);
  }

  /**
   * For tests only: the first attempt of the task writing partition 0 fails once it has written
   * this many rows (0: never), to show that a retried task leaves an exact table.
   */
  public long testFailFirstAttemptAfterRows() {
    Long v = optionalLong("testFailFirstAttemptAfterRows");
    return v == null ? 0 : v;
  }

  public int partitions() {
    return positiveInt("partitions", 1);
  }

  /** How a read is split into partitions: {@code time}, {@code device} or a TAG column's name. */
  public String partitionBy() {
    return get("partitionBy", "time");
  }

  public Long lowerBound() {
    return optionalLong("lowerBound");
  }

  public Long upperBound() {
    return optionalLong("upperBound");
  }

  public int fetchSize() {
    return positiveInt("fetchSize", 65_536);
  }

  /**
   * How long (ms) a read's query may run on the server (option {@code queryTimeout}; 0, the
   * default, leaves the server's {@code query_timeout_threshold}, 60 s unless configured). A query
   * over it fails with status 720, which also ends a query the server has stopped advancing.
   */
  public long queryTimeoutMs() {
    String v = get("queryTimeout");
    if (v == null || v.isBlank()) {
      return 0;
    }
    try {
      long ms = Long.parseLong(v.trim());
      if (ms >= 0) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("quiver: option 'queryTimeout' is '" + v + "'; expected milliseconds (0 or "
        + "more)");
  }

  /** True when TIMESTAMP columns are read as long counts ({@code timeAs=long}). */
  public boolean timeAsLong() {
    String v = get("timeAs", "timestamp").toLowerCase(Locale.ROOT);
    if (!v.equals("timestamp") && !v.equals("long")) {
      throw new IllegalArgumentException("quiver: option 'timeAs' is '" + v + "'; use timestamp or long");
    }
    return v.equals("long");
  }

  /** The tree-model write's device column (option {@code deviceColumn}), or null for a table write. */
  public String deviceColumn() {
    String v = get("deviceColumn");
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** The tree-model write's device prefix (option {@code prefix}), or null. */
  public String devicePrefix() {
    String v = get("prefix");
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** Tree-model writes into aligned devices (option {@code aligned}). */
  public boolean aligned() {
    return bool("aligned", false);
  }

  /** The tree-model query of a read (option {@code query}), or null for a table read. */
  public String treeQuery() {
    String v = get("query");
    return v == null || v.isBlank() ? null : v.trim();
  }

  /**
   * The settings of a tree-model session: the same connection options, no database; closing does
   * not wait for the replay window (a write's task commit confirms it first).
   */
  public SessionConfig treeSessionConfig() {
    SessionConfig.Builder b = SessionConfig.builder()
        .nodeUrls(nodeUrls())
        .username(get("user", "root"))
        .password(get("password", "root"))
        .enableCompression(bool("compression", false))
        .enableRedirection(bool("redirection", true))
        .useSsl(bool("ssl", false))
        .replayWindow(Duration.ofMillis(replayWindowMillis()))
        .encodeInserts(bool("encodeInserts", false))
        .gzipInserts(bool("gzipInserts", false))
        .maxInFlightInserts(maxInFlightInserts())
        .awaitWindowOnClose(false);
    String ca = get("caCerts");
    if (ca != null) {
      b.caCerts(Path.of(ca));
    }
    return b.build();
  }

  /** The session settings (redirection on unless {@code redirection=false}). */
  public TableSessionConfig sessionConfig() {
    TableSessionConfig.Builder b = TableSessionConfig.builder()
        .nodeUrls(nodeUrls())
        .username(get("user", "root"))
        .password(get("password", "root"))
        .database(database())
        .enableCompression(bool("compression", false))
        .enableRedirection(bool("redirection", true))
        .useSsl(bool("ssl", false))
        .replayWindow(Duration.ofMillis(replayWindowMillis()))
        .encodeInserts(bool("encodeInserts", false))
        .gzipInserts(bool("gzipInserts", false))
        .maxInFlightInserts(maxInFlightInserts());
    String ca = get("caCerts");
    if (ca != null) {
      b.caCerts(Path.of(ca));
    }
    return b.build();
  }

  private int positiveInt(String key, int dflt) {
    String v = get(key);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("quiver: option '" + key + "' is '" + v + "'; expected a positive integer");
  }

  private Long optionalLong(String key) {
    String v = get(key);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("quiver: option '" + key + "' is '" + v
          + "'; expected a time as an integer in the server's precision", e);
    }
  }

  private boolean bool(String key, boolean dflt) {
    String v = get(key);
    if (v == null) {
      return dflt;
    }
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException("quiver: option '" + key + "' is '" + v + "'; expected true or false");
    }
  }

  private static List<String> splitList(String v) {
    List<String> out = new ArrayList<>();
    for (String s : Arrays.asList(v.split(","))) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  @Override
  public String toString() {
    Map<String, String> shown = new HashMap<>(options);
    shown.computeIfPresent("password", (k, v) -> "***");
    return "QuiverOptions" + shown;
  }
}
