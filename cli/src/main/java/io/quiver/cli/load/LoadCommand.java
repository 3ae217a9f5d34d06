package io.quiver.cli.load;

import io.quiver.client.PoolStats;
import io.quiver.client.QuiverException;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionPool;
import io.quiver.client.TableSessionPoolConfig;
import java.io.PrintStream;
import java.time.Duration;
import io.quiver.cli.CliContext;
import io.quiver.cli.ConnectionOptions;
import io.quiver.cli.ConnectionSettings;
import io.quiver.cli.Main;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code ./quiver load FILE --table T ...}: loads an Arrow IPC file or stream into an IoTDB table
 * (options: {@link LoadOptions}); with {@code --device PATH} or {@code --device-column COL} into
 * the tree model instead ({@link TreeLoadOptions}, {@link TreeLoad}).
 *
 * <p>Before the first row is written it checks everything it can: the file (present, readable,
 * Arrow IPC, every column of a type {@link io.quiver.arrow.ArrowTablet} maps, the time, tag and
 * attribute columns present), then the table ({@code DESC}: it must exist unless {@code
 * --create-table}, and every column of the file must be in it with the same category and a type
 * its column accepts; see {@link TargetTable}). Any failure there is one line and exit code 1;
 * nothing is written and no table is created.
 *
 * <p>Then it loads ({@link Loader}), shows progress ({@link LoadProgress}) and ends with a summary.
 * If a batch fails or the load is stopped (Ctrl-C runs a shutdown hook that stops it as {@link
 * LoadControl#stop} does), it reports exactly which rows IoTDB acknowledged, which not and why,
 * and the {@code --skip-rows} to resume with ({@link LoadLedger}).
 *
 * <p>Exit codes: 0 all rows written; 1 an error (nothing written if it came before the load) or a
 * failed batch; 2 a command line that cannot be understood; 130 stopped (Ctrl-C, or {@link
 * LoadControl#stop}).
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Load an Arrow IPC file or stream into an IoTDB table, or (--device,"
        + " --device-column) into tree-model devices.",
        "Everything that can be checked (file, schema, table, the first batch) is checked before"
            + " the first row is written or any table created."},
    footer = {"", "Exit codes: 0 all rows written, 1 error or failed batch (the rows acknowledged and"
        + " the --skip-rows to resume with are printed), 2 bad command line, 130 stopped."})
public final class LoadCommand implements Callable<Integer> {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int STOPPED = 130;

  /** How long a stopping load waits for the batches being sent. */
  static final Duration STOP_WAIT = Duration.ofSeconds(30);
  /** How often the progress line is printed when the output is not a terminal. */
  static final Duration PLAIN_PROGRESS_EVERY = Duration.ofSeconds(5);
  /** The longest an insert may wait for IoTDB's answer before the session counts it as failed. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final CliContext context;
  private LoadObserver observer = LoadObserver.NONE;

  @Parameters(paramLabel = "FILE", arity = "0..*",
      description = "an Arrow IPC file or stream (told apart by its first bytes)")
  List<String> files = new ArrayList<>();

  @Option(names = "--table", paramLabel = "T", description = "the table (or DB.T)")
  String table;

  @Option(names = "--database", paramLabel = "DB", description = "the database, which must exist")
  String database;

  @Option(names = "--tags", paramLabel = "a,b", description = "columns sent as TAGs")
  String tags;

  @Option(names = "--attributes", paramLabel = "c,d",
      description = "columns sent as ATTRIBUTEs; every other column is a FIELD")
  String attributes;

  @Option(names = "--time", paramLabel = "COLUMN", description = "the column holding the time (default: time)")
  String time;

  @Option(names = "--create-table",
      description = "create the table from the file's schema if it does not exist")
  boolean createTable;

  @Option(names = "--device", paramLabel = "PATH",
      description = "tree model: load every row into this device (root.sg.d1); every column but"
          + " the time is a measurement")
  String device;

  @Option(names = "--device-column", paramLabel = "COLUMN",
      description = "tree model: the column naming each row's device (many devices per request)")
  String deviceColumn;

  @Option(names = "--prefix", paramLabel = "PATH",
      description = "tree model, with --device-column: prepended to its values (root.sg)")
  String prefix;

  @Option(names = "--aligned", description = "tree model: insert into aligned devices")
  boolean aligned;

  @Option(names = "--batch-rows", paramLabel = "N",
      description = "the most rows in one insert (default 50,000); bigger record batches are cut")
  String batchRows;

  @Option(names = "--threads", paramLabel = "N",
      description = "inserting threads, each with its own pooled session (default 2)")
  String threads;

  @Option(names = "--encode-inserts",
      description = "send column-encoded requests (TS_2DIFF, GORILLA): fewer bytes on slow links, more CPU")
  boolean encodeInserts;

  @Option(names = "--gzip-inserts",
      description = "send encoded requests GZIP-compressed too: fewest bytes, most CPU (for slow links)")
  boolean gzipInserts;

  @Option(names = "--skip-rows", paramLabel = "N",
      description = "start at row N of the file (0-based), to resume a load that stopped")
  String skipRows;

  @Mixin
  ConnectionOptions connection = new ConnectionOptions();

  LoadCommand(CliContext context) {
    this.context = context;
  }

  /** Runs {@code load} with these arguments (without the word "load"); returns the exit code. */
  public static int run(String[] args, PrintStream out) {
    return run(args, out, LoadObserver.NONE);
  }

  /**
   * Runs {@code load}, telling {@code observer} of each acknowledged batch; everything is printed to
   * {@code out}.
   *
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, LoadObserver observer) {
    return run(args, CliContext.of(out), observer);
  }

  /** Runs {@code load} in {@code context}; returns the exit code. */
  public static int run(String[] args, CliContext context, LoadObserver observer) {
    LoadCommand command = new LoadCommand(context);
    command.observer = observer;
    return Main.commandLine(command, context).execute(args);
  }

  static LoadOptions parse(String[] args, Map<String, String> env) {
    LoadCommand command = new LoadCommand(CliContext.of(System.out, env));
    try {
      new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return command.options();
  }

  /** The options, checked; throws IllegalArgumentException naming the one that is wrong. */
  LoadOptions options() {
    Map<String, String> values = new HashMap<>();
    put(values, "--table", table);
    put(values, "--database", database);
    put(values, "--tags", tags);
    put(values, "--attributes", attributes);
    put(values, "--time", time);
    put(values, "--batch-rows", batchRows);
    put(values, "--threads", threads);
    put(values, "--skip-rows", skipRows);
    if (encodeInserts) {
      values.put("--encode-inserts", "");
    }
    if (gzipInserts) {
      values.put("--gzip-inserts", "");
    }
    // Checked before the password may be asked for.
    LoadOptions.of(files, values, createTable, null);
    ConnectionSettings settings =
        ConnectionSettings.resolve(connection, context.env(), context.prompt());
    return LoadOptions.of(files, values, createTable, settings);
  }

  private static void put(Map<String, String> values, String name, String value) {
    if (value != null) {
      values.put(name, value);
    }
  }

  /** True when a tree-model option is given. */
  boolean tree() {
    return device != null || deviceColumn != null || prefix != null || aligned;
  }

  /** The tree-model options, checked; throws IllegalArgumentException naming the wrong one. */
  TreeLoadOptions treeOptions() {
    Map<String, String> values = new HashMap<>();
    put(values, "--device", device);
    put(values, "--device-column", deviceColumn);
    put(values, "--prefix", prefix);
    put(values, "--table", table);
    put(values, "--database", database);
    put(values, "--tags", tags);
    put(values, "--attributes", attributes);
    put(values, "--time", time);
    put(values, "--batch-rows", batchRows);
    put(values, "--threads", threads);
    put(values, "--skip-rows", skipRows);
    if (encodeInserts) {
      values.put("--encode-inserts", "");
    }
    if (gzipInserts) {
      values.put("--gzip-inserts", "");
    }
    if (createTable) {
      values.put("--create-table", "");
    }
    TreeLoadOptions.of(files, values, aligned, null);
    ConnectionSettings settings =
        ConnectionSettings.resolve(connection, context.env(), context.prompt());
    return TreeLoadOptions.of(files, values, aligned, settings);
  }

  static TreeLoadOptions parseTree(String[] args, Map<String, String> env) {
    LoadCommand command = new LoadCommand(CliContext.of(System.out, env));
    try {
      new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return command.treeOptions();
  }

  @Override
  public Integer call() {
    if (tree()) {
      TreeLoadOptions treeOptions = treeOptions();
      try {
        return TreeLoad.run(treeOptions, context.out(), observer);
      } catch (LoadException | QuiverException e) {
        context.err().println("load: error: " + ArrowSource.oneLine(e));
        return FAILED;
      }
    }
    LoadOptions options = options();
    try {
      return load(options, context.out(), observer);
    } catch (LoadException | QuiverException e) {
      context.err().println("load: error: " + ArrowSource.oneLine(e));
      return FAILED;
    }
  }

  private static int load(LoadOptions options, PrintStream out, LoadObserver observer) {
    BufferAllocator allocator = new RootAllocator();
    boolean releaseMemory = true;
    try {
      try (ArrowSource source = ArrowSource.open(options.file(), allocator)) {
        int[] code = new int[1];
        releaseMemory = load(options, source, allocator, out, observer, code);
        return code[0];
      }
    } finally {
      if (releaseMemory) {
        allocator.close();
      }
    }
  }

  /** Returns whether every inserting thread ended (so all Arrow memory can be released). */
  private static boolean load(LoadOptions options, ArrowSource source, BufferAllocator allocator,
      PrintStream out, LoadObserver observer, int[] code) {
    ColumnPlan plan = ColumnPlan.of(source, options);
    long total = source.totalRows();
    checkSkipRows(source, options.skipRows());
    TableSessionPoolConfig.Builder builder = TableSessionPoolConfig.builder().readTimeout(READ_TIMEOUT);
    TableSessionPoolConfig config = options.shape().applyTo(options.connection().applyTo(builder))
        .database(options.database())
        .maxPoolSize(options.threads())
        .build();
    String target = options.database() + "." + options.table() + " at "
        + String.join(",", options.nodeUrls());
    try (TableSessionPool pool = new TableSessionPool(config)) {
      String tableState;
      List<String> notes;
      try (TableSession session = pool.getSession()) {
        List<TargetTable.TableColumn> columns =
            TargetTable.describe(session, options.database(), options.table());
        if (columns == null && !options.createTable()) {
          throw new LoadException("table '" + options.table() + "' does not exist in database '"
              + options.database() + "'; create it, or pass --create-table to create it from the"
              + " file's schema");
        }
        if (columns == null) {
          // Nothing is created for a file whose first batch would be refused.
          FirstBatchCheck.check(options, allocator, session.timePrecision());
          session.executeNonQueryStatement(TargetTable.createStatement(options.table(), plan));
          columns = TargetTable.describe(session, options.database(), options.table());
          if (columns == null) {
            throw new LoadException("table '" + options.table() + "' is still missing after CREATE"
                + " TABLE; check the server's log");
          }
          tableState = "created from the file's schema";
        } else {
          tableState = "exists";
        }
        notes = TargetTable.check(options.table(), columns, plan);
      } catch (QuiverException e) {
        throw new LoadException("preparing table " + target + " failed: " + ArrowSource.oneLine(e), e);
      }

      out.println("load: " + source.path() + " (" + source.format()
          + (total >= 0 ? ", " + plural(source.recordBatchCount(), "record batch") + ", "
              + LoadLedger.num(total) + " rows" : "") + ", " + (plan.columns().size() + 1)
          + " columns, time from '" + plan.timeColumn() + "') -> table " + target + " ("
          + tableState + "); " + shapeText(options.shape()));
      for (String note : notes) {
        out.println("load: note: " + note);
      }
      return runAndReport(source, options.shape(), new TableTarget(options, pool),
          options.database() + "." + options.table(), allocator, out, observer, pool::stats, code);
    }
  }

  /** Refuses a --skip-rows past the end of a file whose row count is known. */
  static void checkSkipRows(ArrowSource source, long skipRows) {
    long total = source.totalRows();
    if (total >= 0 && skipRows > total) {
      throw new LoadException("--skip-rows " + skipRows + " is past the end of "
          + source.path() + ", which holds " + LoadLedger.num(total) + " rows");
    }
  }

  /** "2 threads, batches of up to 50,000 rows[, from row N]", for the first line of a load. */
  static String shapeText(LoadShape shape) {
    return plural(shape.threads(), "thread") + ", batches of up to "
        + LoadLedger.num(shape.batchRows()) + " rows"
        + (shape.skipRows() > 0 ? ", from row " + LoadLedger.num(shape.skipRows()) : "")
        + shape.requestText();
  }

  /**
   * Runs a load whose target is ready, in either model: the {@link Loader} over {@code target},
   * the progress line, the Ctrl-C hook, then the report (with the {@code --skip-rows} to resume
   * with when it did not complete). Sets {@code code[0]} to the exit code.
   *
   * @param where what the rows went to, for the report ("db.table", "root.sg.d1")
   * @return whether every inserting thread ended (so all Arrow memory can be released)
   */
  static boolean runAndReport(ArrowSource source, LoadShape shape, LoadTarget target,
      String where, BufferAllocator allocator, PrintStream out, LoadObserver observer,
      Supplier<PoolStats> stats, int[] code) {
    long total = source.totalRows();
    LoadLedger ledger = new LoadLedger(shape.skipRows(), total);
    Loader loader = new Loader(source, shape, target, allocator, ledger, observer, STOP_WAIT);
    boolean terminal = out == System.out && System.console() != null;
    LoadProgress progress = new LoadProgress(out, terminal, ledger,
        total < 0 ? -1 : total - shape.skipRows(), PLAIN_PROGRESS_EVERY);
    CountDownLatch reported = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      loader.stop("interrupted (Ctrl-C or a termination signal)");
      try {
        reported.await(STOP_WAIT.toSeconds() + 10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "quiver-load-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      long start = System.nanoTime();
      progress.start();
      boolean allEnded;
      try {
        allEnded = loader.run();
      } finally {
        progress.close();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      code[0] = report(out, shape.skipRows(), source.path(), where, loader, ledger.report(),
          seconds, stats.get());
      return allEnded;
    } finally {
      reported.countDown();
      removeHook(hook);
    }
  }

  private static int report(PrintStream out, long skipRows, java.nio.file.Path file,
      String where, Loader loader, LoadLedger.Report report, double seconds, PoolStats stats) {
    String figures = String.format(Locale.ROOT, "%.2f s, %,.0f rows/s; pool: %s opened, %d"
        + " borrowed, %d discarded, %d exhausted, %d ms waiting in total", seconds,
        seconds > 0 ? report.acknowledgedRows() / seconds : 0.0, plural(stats.opened(), "session"),
        stats.borrowed(), stats.discarded(), stats.exhausted(), stats.totalWait().toMillis());
    for (String warning : loader.warnings()) {
      out.println("load: warning: " + warning);
    }
    if (report.complete() && skipRows > report.totalRows()) {
      out.println("load: error: --skip-rows " + skipRows + " is past the end of "
          + file + ", which holds " + LoadLedger.num(report.totalRows()) + " rows;"
          + " nothing was written");
      return FAILED;
    }
    if (report.complete()) {
      out.println("load: done: wrote " + plural(report.acknowledgedRows(), "row") + " in "
          + plural(report.batches(), "batch") + " to " + where + " (" + figures + ")");
      return OK;
    }
    String reason = loader.stopReason() != null ? loader.stopReason() : report.readFailure();
    out.println("load: " + (loader.stoppedByFailure() ? "failed: " : "stopped: ") + reason);
    out.println("load: " + report.acknowledgedLine());
    String notWritten = report.notWrittenLine();
    if (notWritten != null) {
      out.println("load: " + notWritten);
    }
    String resume = report.resumeLine();
    if (resume != null) {
      out.println("load: " + resume);
    }
    out.println("load: " + figures);
    return loader.stoppedByFailure() ? FAILED : STOPPED;
  }

  private static String plural(long n, String word) {
    return LoadLedger.num(n) + " " + (n == 1 ? word : word.endsWith("h") ? word + "es" : word + "s");
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook is running (or ran) and waited for the report above.
    }
  }
}
