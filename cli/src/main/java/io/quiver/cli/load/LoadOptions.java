package io.quiver.cli.load;

import io.quiver.cli.DemoCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line of {@code ./quiver load}, parsed and checked: everything that can be judged
 * without reading the file or asking the server. {@link #parse} throws an {@link
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
 * @param nodeUrls the IoTDB nodes, host:port
 * @param skipRows rows at the start of the file not to load (to resume a load)
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
    List<String> nodeUrls,
    long skipRows) {

  public static final int DEFAULT_BATCH_ROWS = 50_000;
  public static final int DEFAULT_THREADS = 2;
  public static final int MAX_THREADS = 64;
  public static final String DEFAULT_URL = "127.0.0.1:6667";
  public static final String URL_ENV = "QUIVER_IOTDB_URL";

  public static final String USAGE = String.join("\n",
      "usage: ./quiver load FILE --table T [--database DB] [--tags a,b] [--attributes c] [--time COLUMN]",
      "                     [--create-table] [--batch-rows N] [--threads N] [--skip-rows N] [--url HOST:PORT]",
      "  FILE              an Arrow IPC file or stream (told apart by its first bytes)",
      "  --table T         the table (or DB.T); --database DB the database, which must exist",
      "  --tags a,b        columns sent as TAGs; --attributes c: as ATTRIBUTEs; every other one is a FIELD",
      "  --time COLUMN     the column holding the time (default: time)",
      "  --create-table    create the table from the file's schema if it does not exist",
      "  --batch-rows N    the most rows in one insert (default 50,000); bigger record batches are cut",
      "  --threads N       inserting threads, each with its own pooled session (default 2)",
      "  --skip-rows N     start at row N of the file (0-based), to resume a load that stopped",
      "  --url HOST:PORT   the IoTDB to load into (default env QUIVER_IOTDB_URL, else 127.0.0.1:6667);",
      "                    several nodes as HOST:PORT,HOST:PORT");

  /**
   * Parses the arguments of {@code load} (without the word "load").
   *
   * @param env the environment, for {@value #URL_ENV}
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  public static LoadOptions parse(String[] args, Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    boolean createTable = false;
    List<String> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--create-table")) {
        createTable = true;
        continue;
      }
      if (!arg.startsWith("--")) {
        files.add(arg);
        continue;
      }
      String name;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else {
        name = arg;
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        value = args[++i];
      }
      if (!OPTIONS.contains(name)) {
        throw new IllegalArgumentException("unknown option '" + name + "'");
      }
      if (values.put(name, value) != null) {
        throw new IllegalArgumentException(name + " is given twice");
      }
    }
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
    int batchRows = (int) number("--batch-rows", values.get("--batch-rows"), DEFAULT_BATCH_ROWS, 1,
        10_000_000);
    int threads = (int) number("--threads", values.get("--threads"), DEFAULT_THREADS, 1, MAX_THREADS);
    long skipRows = number("--skip-rows", values.get("--skip-rows"), 0, 0, Long.MAX_VALUE);
    List<String> urls = urls(values.get("--url"), env);
    return new LoadOptions(Path.of(files.get(0)), database.trim(), table, tags, attributes, time,
        batchRows, createTable, threads, urls, skipRows);
  }

  private static final List<String> OPTIONS = List.of("--table", "--database", "--tags",
      "--attributes", "--time", "--batch-rows", "--threads", "--skip-rows", "--url");

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

  private static long number(String option, String value, long fallback, long min, long max) {
    if (value == null) {
      return fallback;
    }
    long n;
    try {
      n = Long.parseLong(value.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " '" + value + "' is not a whole number", e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(option + " " + n + " is outside " + min + ".."
          + (max == Long.MAX_VALUE ? "" : String.format(Locale.ROOT, "%d", max)));
    }
    return n;
  }

  private static List<String> urls(String value, Map<String, String> env) {
    String text = value;
    if (text == null) {
      text = env.getOrDefault(URL_ENV, "");
      if (text.isBlank()) {
        text = DEFAULT_URL;
      }
    }
    List<String> urls = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String url = part.trim();
      DemoCommand.parse(url);
      urls.add(url);
    }
    return List.copyOf(urls);
  }

  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
