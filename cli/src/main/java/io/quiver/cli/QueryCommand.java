package io.quiver.cli;

import io.quiver.arrow.ArrowQuery;
import io.quiver.arrow.ArrowResultStream;
import io.quiver.client.QuiverException;
import io.quiver.client.QuiverSession;
import io.quiver.client.Session;
import io.quiver.client.SessionConfig;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.examples.ResultPrinter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code query} command: runs one SQL query against IoTDB (table model, or the tree model with
 * {@code --tree}: then the {@code Time} column comes first, as the server sends it) and prints or
 * writes the rows, batch by batch (one record batch per fetch, so memory stays at one batch
 * whatever the result's size).
 *
 * <p>Formats: {@code table} (an aligned table of the first {@value #DEFAULT_PRINTED_ROWS} rows, the
 * default on the screen), {@code csv} (RFC 4180, a header line, null as an empty cell) and {@code
 * json} (JSON Lines: one object per row), both streamed, and {@code arrow} (an Arrow IPC file with
 * {@code --out}, an IPC stream on standard output without). {@code --out FILE} alone means {@code
 * arrow}. Times are shown in the session's zone ({@code --time-zone}, default the JVM's, as IoTDB's
 * own CLI does). A file is written next to its target and moved into place only when complete, so a
 * failed query leaves no partial file. Exit codes: 0 done, 1 the query or the file failed (one line
 * saying why), 2 the command line is wrong.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Run a query and print the rows (table, csv, json) or write them as Arrow IPC.",
        "No server is started."})
public final class QueryCommand implements Callable<Integer> {
  static final int DEFAULT_PRINTED_ROWS = 100;

  /** The output formats. */
  public enum Format { table, csv, json, arrow }

  private final CliContext context;

  @Parameters(index = "0", paramLabel = "SQL", description = "the query, in quotes")
  String sql;

  @Mixin
  ConnectionOptions connection = new ConnectionOptions();

  @Option(names = "--database", paramLabel = "DB", description = "the database to USE first")
  String database;

  @Option(names = "--tree", description = "run the query in the tree model (root.* paths, the Time"
      + " column first) instead of the table model")
  boolean tree;

  @Option(names = "--out", paramLabel = "FILE",
      description = "write to FILE instead of standard output (alone: an Arrow IPC file)")
  Path out;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
      description = "table, csv, json (JSON Lines) or arrow (default: table; arrow with --out)")
  Format format;

  @Option(names = "--max-rows", paramLabel = "N",
      description = "at most N rows (default: 100 for table, all otherwise)")
  Long maxRows;

  @Option(names = "--time-zone", paramLabel = "ZONE",
      description = "the session's zone, for times shown (default: this machine's, ${DEFAULT-VALUE})")
  String timeZone = ZoneId.systemDefault().getId();

  QueryCommand(CliContext context) {
    this.context = context;
  }

  /**
   * What the command line asks for. {@code maxRows} is -1 when not given.
   *
   * @param sql the query
   * @param connection where and how to connect
   * @param database the database, or null
   * @param out the file, or null for standard output
   * @param maxRows the most rows, or -1
   * @param format the output format
   * @param zone the session's zone
   * @param tree true for the tree model (a {@link Session}), false for the table model
   */
  record Options(String sql, ConnectionSettings connection, String database, Path out, long maxRows,
      Format format, ZoneId zone, boolean tree) {
    /** The rows to print or write at most. */
    long rowLimit() {
      return maxRows >= 0 ? maxRows : format == Format.table ? DEFAULT_PRINTED_ROWS : Long.MAX_VALUE;
    }

    /** The nodes, as given. */
    String address() {
      return connection.urlText();
    }
  }

  /** Runs the command with the process's environment; returns the exit code. */
  public static int run(String[] args, PrintStream out) {
    return run(args, System.getenv(), out);
  }

  static int run(String[] args, Map<String, String> env, PrintStream out) {
    CliContext context = CliContext.of(out, env);
    return Main.commandLine(new QueryCommand(context), context).execute(args);
  }

  /** Parses a command line without running it (tests). */
  static Options parse(String[] args, Map<String, String> env) {
    QueryCommand command = new QueryCommand(CliContext.of(System.out, env));
    try {
      new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return command.options();
  }

  /** Checks what picocli could not; throws IllegalArgumentException naming the option. */
  Options options() {
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("no SQL given");
    }
    if (maxRows != null && maxRows < 1) {
      throw new IllegalArgumentException("--max-rows must be at least 1, not " + maxRows);
    }
    if (tree && database != null) {
      throw new IllegalArgumentException("--database is for the table model; with --tree name the"
          + " series by their full paths (root.db.device.measurement)");
    }
    if (out != null && out.toString().isBlank()) {
      throw new IllegalArgumentException("--out needs a file name");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(timeZone.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("--time-zone '" + timeZone + "' is not a zone (e.g. UTC,"
          + " +08:00, Asia/Shanghai)", e);
    }
    Format f = format != null ? format : out != null ? Format.arrow : Format.table;
    ConnectionSettings settings =
        ConnectionSettings.resolve(connection, context.env(), context.prompt());
    return new Options(sql, settings, database == null ? null : database.trim(), out,
        maxRows == null ? -1 : maxRows, f, zone, tree);
  }

  @Override
  public Integer call() {
    Options options = options();
    PrintStream err = context.err();
    Path partial = null;
    boolean written = false;
    try {
      if (options.out() != null) {
        partial = partialFile(options.out());
      }
      try (BufferAllocator allocator = new RootAllocator();
          QuiverSession session = openSession(options);
          ArrowResultStream stream = ArrowQuery.stream(session, options.sql(), allocator,
              fetchOptions(options))) {
        long rows;
        if (options.format() == Format.table && partial == null) {
          ResultPrinter.print(stream, context.out(),
              (int) Math.min(Integer.MAX_VALUE, options.rowLimit()));
          return 0;
        }
        if (partial == null) {
          OutputStream target = new BufferedOutputStream(context.out(), 1 << 16);
          rows = write(stream, options, target, null);
          target.flush();
          return 0;
        }
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
          OutputStream target = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
          rows = write(stream, options, target, channel);
          target.flush();
        }
        Files.move(partial, options.out().toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        written = true;
        context.out().printf(Locale.ROOT, "wrote %,d row%s to %s%s%n", rows, rows == 1 ? "" : "s",
            options.out(), options.maxRows() >= 0 && rows == options.maxRows()
                ? " (--max-rows " + options.maxRows() + ")" : "");
        return 0;
      }
    } catch (QuiverException e) {
      err.println("query: " + oneLine(e.getMessage()));
      return 1;
    } catch (IOException | UncheckedIOException e) {
      err.println("query: cannot write " + (options.out() == null ? "the output" : options.out())
          + ": " + oneLine(describe(e)));
      return 1;
    } finally {
      if (partial != null && !written) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException e) {
          err.println("query: could not delete the partial file " + partial + ": " + e.getMessage());
        }
      }
    }
  }

  /** Opens a tree-model {@link Session} or a {@link TableSession}, as the options say. */
  private static QuiverSession openSession(Options options) {
    if (options.tree()) {
      return Session.open(options.connection().applyTo(SessionConfig.builder())
          .timeZone(options.zone()).build());
    }
    TableSessionConfig.Builder config = options.connection().applyTo(TableSessionConfig.builder())
        .timeZone(options.zone());
    if (options.database() != null) {
      config.database(options.database());
    }
    return TableSession.open(config.build());
  }

  /** Streams the result in the chosen format; returns the rows written. */
  private static long write(ArrowResultStream stream, Options options, OutputStream target,
      FileChannel file) throws IOException {
    VectorSchemaRoot root = stream.getVectorSchemaRoot();
    long limit = options.rowLimit();
    long rows = 0;
    switch (options.format()) {
      case arrow: {
        try (ArrowWriter writer = file != null
            ? new ArrowFileWriter(root, null, Channels.newChannel(target))
            : new ArrowStreamWriter(root, null, target)) {
          writer.start();
          while (rows < limit && stream.loadNextBatch()) {
            if (root.getRowCount() > limit - rows) {
              root.setRowCount((int) (limit - rows));
            }
            writer.writeBatch();
            rows += root.getRowCount();
          }
          writer.end();
        }
        return rows;
      }
      default: {
        PrintStream text = new PrintStream(target, false, StandardCharsets.UTF_8);
        if (options.format() == Format.table) {
          // --format table with --out: the aligned table, as on the screen.
          rows = ResultPrinter.print(stream, text, (int) Math.min(Integer.MAX_VALUE, limit));
          text.flush();
          return rows;
        }
        RowWriter writer = options.format() == Format.csv ? new RowWriter.Csv(text)
            : new RowWriter.JsonLines(text);
        writer.header(root);
        while (rows < limit && stream.loadNextBatch()) {
          int n = (int) Math.min(root.getRowCount(), limit - rows);
          for (int r = 0; r < n; r++) {
            writer.row(root, r);
          }
          rows += n;
          text.flush();
          if (text.checkError()) {
            throw new IOException("the output was closed");
          }
        }
        text.flush();
        return rows;
      }
    }
  }

  /**
   * Creates the file the result is written to before it is moved onto {@code target}: next to it,
   * so that the move is atomic and an unwritable place fails before the query runs.
   */
  private static Path partialFile(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    if (Files.isDirectory(absolute)) {
      throw new IOException("it is a directory");
    }
    if (!Files.isDirectory(directory)) {
      throw new IOException("there is no directory " + directory);
    }
    // Not Files.createTempFile: that makes the file owner-only, and the result should get the
    // permissions any new file gets (the umask's).
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; ; attempt++) {
      Path partial = directory.resolve("." + absolute.getFileName() + "."
          + Integer.toHexString(random.nextInt()) + ".partial");
      try {
        return Files.createFile(partial);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (attempt >= 8) {
          throw e;
        }
      } catch (java.nio.file.AccessDeniedException e) {
        throw new IOException("permission denied in " + directory, e);
      }
    }
  }

  /** Asks for no more rows per fetch than will be shown or written (one more, to tell if more are left). */
  static ArrowQuery.Options fetchOptions(Options options) {
    long wanted = Math.min(options.rowLimit(), Long.MAX_VALUE - 1) + 1;
    return ArrowQuery.Options.defaults()
        .withFetchSize((int) Math.min(ArrowQuery.Options.DEFAULT_FETCH_SIZE, wanted));
  }

  private static String describe(Exception e) {
    Throwable t = e instanceof UncheckedIOException ? e.getCause() : e;
    String m = t.getMessage();
    if (t instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + m;
    }
    return m == null ? t.getClass().getSimpleName() : m;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
