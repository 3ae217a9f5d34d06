package io.quiver.cli.load;

import io.quiver.cli.ConnectionSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line of {@code ./quiver load}, parsed and checked: everything that can be judged
 * without reading the file or asking the server. {@link #of} throws an {@link
 * IllegalArgumentException} whose message says which argument is wrong; the command prints it with
 * the usage and exits with code 2.
 *
 * @param file the Arrow IPC file or stream
 * @param database the database (from {@code --database}, or the part before the dot of {@code
 *     --table db.table})
 * @param table the table, without the database
 * @param tags the columns sent as TAGs
 * @param attributes the columns sent as ATTRIBUTEs
 * @param timeColumn the column holding the time ({@code --time}, default "time")
 * @param batchRows the most rows sent in one insert
 * @param createTable create the table from the file's schema if it does not exist
 * @param threads the inserting threads (and pooled sessions)
 * @param connection where and how to connect (nodes, user, password, TLS, ...)
 * @param skipRows rows at the start of the file not to load (to resume a load)
 * @param encodeInserts column-encoded requests ({@code --encode-inserts})
 * @param gzipInserts GZIP-compressed encoded requests ({@code --gzip-inserts})
 */
public record LoadOptions(
    Path file,
    String database,
    String table,
    List<String> tags,
    List<String> attributes,
    String timeColumn,
    int batchRows,
    boolean createTable,
    int threads,
    ConnectionSettings connection,
    long skipRows,
    boolean encodeInserts,
    boolean gzipInserts) {

  public static final int DEFAULT_BATCH_ROWS = 50_000;
  public static final int DEFAULT_THREADS = 2;
  public static final int MAX_THREADS = 64;

  /**
   * Parses the arguments of {@code load} (without the word "load") as {@code ./quiver load} does,
   * without running it.
   *
   * @param env the environment, for the connection settings
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  public static LoadOptions parse(String[] args, Map<String, String> env) {
    return LoadCommand.parse(args, env);
  }

  /**
   * Checks the values of the command line and builds the options.
   *
   * @param files the file arguments (one is wanted)
   * @param values option name to value, for the options given
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  static LoadOptions of(List<String> files, Map<String, String> values, boolean createTable,
      ConnectionSettings connection) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("give the Arrow file to load");
    }
    if (files.size() > 1) {
      throw new IllegalArgumentException("give one file; got " + files);
    }
    String table = values.get("--table");
    if (table == null || table.isBlank()) {
      throw new IllegalArgumentException("give the table with --table T");
    }
    table = table.trim();
    String database = values.get("--database");
    int dot = table.indexOf('.');
    if (dot >= 0) {
      if (database != null) {
        throw new IllegalArgumentException("give the database either with --database or as --table"
            + " DB.TABLE, not both");
      }
      database = table.substring(0, dot);
      table = table.substring(dot + 1);
      if (database.isBlank() || table.isBlank() || table.indexOf('.') >= 0) {
        throw new IllegalArgumentException("--table '" + values.get("--table")
            + "' is not TABLE or DB.TABLE");
      }
    }
    if (database == null || database.isBlank()) {
      throw new IllegalArgumentException("give the database with --database DB (or --table DB.TABLE)");
    }
    String time = values.getOrDefault("--time", "time").trim();
    if (time.isEmpty()) {
      throw new IllegalArgumentException("--time needs a column name");
    }
    List<String> tags = names("--tags", values.get("--tags"));
    List<String> attributes = names("--attributes", values.get("--attributes"));
    checkDistinct(time, tags, attributes);
    LoadShape shape = LoadShape.of(values);
    return new LoadOptions(Path.of(files.get(0)), database.trim(), table, tags, attributes, time,
        shape.batchRows(), createTable, shape.threads(), connection, shape.skipRows(), shape.encodeInserts(),
        shape.gzipInserts());
  }

  /** The batch size, threads and rows to skip, as the loader takes them. */
  LoadShape shape() {
    return new LoadShape(batchRows, threads, skipRows, encodeInserts, gzipInserts);
  }

  /** The IoTDB nodes, host:port. */
  public List<String> nodeUrls() {
    return connection.nodeUrls();
  }

  private static List<String> names(String option, String value) {
    if (value == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String name = part.trim();
      if (name.isEmpty()) {
        throw new IllegalArgumentException(option + " '" + value + "' has an empty column name;"
            + " give names separated by commas");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  private static void checkDistinct(String time, List<String> tags, List<String> attributes) {
    Map<String, String> seen = new HashMap<>();
    seen.put(key(time), "--time");
    for (String t : tags) {
      String before = seen.putIfAbsent(key(t), "--tags");
      if (before != null) {
        throw new IllegalArgumentException("column '" + t + "' is given in both " + before
            + " and --tags; give each column one role");
      }
    }
    for (String a : attributes) {
      String before = seen.putIfAbsent(key(a), "--attributes");
      if (before != null) {
        throw new IllegalArgumentException("column '" + a + "' is given in both " + before
            + " and --attributes; give each column one role");
      }
    }
  }

  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
