package io.quiver.cli.load;

import io.quiver.client.PoolStats;
import io.quiver.client.QuiverException;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionPool;
import io.quiver.client.TableSessionPoolConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code ./quiver load FILE --table T ...}: loads an Arrow IPC file or stream into an IoTDB table
 * (options: {@link LoadOptions}).
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
public final class LoadCommand {
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

  private LoadCommand() {}

  /** Runs {@code load} with these arguments (without the word "load"); returns the exit code. */
  public static int run(String[] args, PrintStream out) {
    return run(args, out, LoadObserver.NONE);
  }

  /**
   * Runs {@code load}, telling {@code observer} of each acknowledged batch.
   *
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, LoadObserver observer) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(LoadOptions.USAGE);
      return OK;
    }
    LoadOptions options;
    try {
      options = LoadOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      out.println("load: " + e.getMessage());
      out.println(LoadOptions.USAGE);
      return USAGE;
    }
    try {
      return load(options, out, observer);
    } catch (LoadException | QuiverException e) {
      out.println("load: error: " + ArrowSource.oneLine(e));
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
    if (total >= 0 && options.skipRows() > total) {
      throw new LoadException("--skip-rows " + options.skipRows() + " is past the end of "
          + source.path() + ", which holds " + LoadLedger.num(total) + " rows");
    }
    TableSessionPoolConfig config = TableSessionPoolConfig.builder()
        .nodeUrls(options.nodeUrls())
        .database(options.database())
        .maxPoolSize(options.threads())
        .readTimeout(READ_TIMEOUT)
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
          + tableState + "); " + plural(options.threads(), "thread") + ", batches of up to "
          + LoadLedger.num(options.batchRows()) + " rows"
          + (options.skipRows() > 0 ? ", from row " + LoadLedger.num(options.skipRows()) : ""));
      for (String note : notes) {
        out.println("load: note: " + note);
      }

      LoadLedger ledger = new LoadLedger(options.skipRows(), total);
      Loader loader = new Loader(source, options, pool, allocator, ledger, observer, STOP_WAIT);
      boolean terminal = out == System.out && System.console() != null;
      LoadProgress progress = new LoadProgress(out, terminal, ledger,
          total < 0 ? -1 : total - options.skipRows(), PLAIN_PROGRESS_EVERY);
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
        code[0] = report(out, options, loader, ledger.report(), seconds, pool.stats());
        return allEnded;
      } finally {
        reported.countDown();
        removeHook(hook);
      }
    }
  }

  private static int report(PrintStream out, LoadOptions options, Loader loader,
      LoadLedger.Report report, double seconds, PoolStats stats) {
    String figures = String.format(Locale.ROOT, "%.2f s, %,.0f rows/s; pool: %s opened, %d"
        + " borrowed, %d discarded, %d exhausted, %d ms waiting in total", seconds,
        seconds > 0 ? report.acknowledgedRows() / seconds : 0.0, plural(stats.opened(), "session"),
        stats.borrowed(), stats.discarded(), stats.exhausted(), stats.totalWait().toMillis());
    for (String warning : loader.warnings()) {
      out.println("load: warning: " + warning);
    }
    if (report.complete() && options.skipRows() > report.totalRows()) {
      out.println("load: error: --skip-rows " + options.skipRows() + " is past the end of "
          + options.file() + ", which holds " + LoadLedger.num(report.totalRows()) + " rows;"
          + " nothing was written");
      return FAILED;
    }
    if (report.complete()) {
      out.println("load: done: wrote " + plural(report.acknowledgedRows(), "row") + " in "
          + plural(report.batches(), "batch") + " to " + options.database() + "." + options.table() + " ("
          + figures + ")");
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

  /** The usage line for {@code ./quiver help}. */
  public static String summary() {
    return String.join("\n",
        "  load FILE --table T [--database DB] [--tags a,b] [--attributes c] [--time COLUMN] [--create-table]",
        "       [--batch-rows N] [--threads N] [--skip-rows N] [--url HOST:PORT]",
        "                               load an Arrow IPC file or stream into an IoTDB table (./quiver load --help)");
  }
}
