package io.quiver.cli;

import io.quiver.arrow.ArrowQuery;
import io.quiver.arrow.ArrowResultStream;
import io.quiver.client.QuiverException;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.examples.ResultPrinter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;

/**
 * The {@code query} command: runs one SQL query against IoTDB (table model) and prints the rows as
 * an aligned table, or, with {@code --out FILE}, writes them to an Arrow IPC file batch by batch
 * (one record batch per fetch, so memory stays at one batch whatever the result's size).
 *
 * <pre>
 * ./quiver query "SQL" [--url HOST:PORT] [--database DB] [--out FILE.arrow] [--max-rows N]
 * </pre>
 *
 * The address is {@code --url}, else env {@code QUIVER_IOTDB_URL}, else 127.0.0.1:6667; no server
 * is started. {@code --max-rows} caps the rows printed (default {@value #DEFAULT_PRINTED_ROWS}) or
 * written (default: all); the query is then closed early. The file is written next to its target
 * and moved into place only when complete, so a failed query leaves no partial file. Exit codes: 0
 * done, 1 the query or the file failed (one line saying why), 2 the command line is wrong.
 */
public final class QueryCommand {
  static final int DEFAULT_PRINTED_ROWS = 100;
  static final String USAGE_LINE =
      "usage: ./quiver query \"SQL\" [--url HOST:PORT] [--database DB] [--out FILE.arrow] [--max-rows N]";

  private QueryCommand() {}

  /** What the command line asks for. {@code maxRows} is -1 when not given. */
  record Options(String sql, String address, String database, Path out, long maxRows) {
    /** The rows to print or write at most. */
    long rowLimit() {
      return maxRows >= 0 ? maxRows : out == null ? DEFAULT_PRINTED_ROWS : Long.MAX_VALUE;
    }
  }

  /** Runs the command; returns the exit code. */
  public static int run(String[] args, PrintStream out) {
    return run(args, System.getenv(), out);
  }

  static int run(String[] args, Map<String, String> env, PrintStream out) {
    Options options;
    try {
      options = parse(args, env);
    } catch (IllegalArgumentException e) {
      out.println("query: " + e.getMessage());
      out.println(USAGE_LINE);
      return Main.USAGE;
    }
    TableSessionConfig.Builder config = TableSessionConfig.builder().nodeUrls(options.address());
    if (options.database() != null) {
      config.database(options.database());
    }
    Path partial = null;
    boolean written = false;
    try {
      if (options.out() != null) {
        partial = partialFile(options.out());
      }
      try (BufferAllocator allocator = new RootAllocator();
          TableSession session = TableSession.open(config.build())) {
        if (partial == null) {
          try (ArrowResultStream stream = ArrowQuery.stream(session, options.sql(), allocator, fetchOptions(options))) {
            ResultPrinter.print(stream, out, (int) Math.min(Integer.MAX_VALUE, options.rowLimit()));
          }
          return 0;
        }
        long rows = write(session, options, allocator, partial);
        Files.move(partial, options.out().toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        written = true;
        out.printf(Locale.ROOT, "wrote %,d row%s to %s%s%n", rows, rows == 1 ? "" : "s", options.out(),
            options.maxRows() >= 0 && rows == options.maxRows() ? " (--max-rows " + options.maxRows() + ")" : "");
        return 0;
      }
    } catch (QuiverException e) {
      out.println("query: " + oneLine(e.getMessage()));
      return 1;
    } catch (IOException | UncheckedIOException e) {
      out.println("query: cannot write " + options.out() + ": " + oneLine(describe(e)));
      return 1;
    } finally {
      if (partial != null && !written) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException e) {
          out.println("query: could not delete the partial file " + partial + ": " + e.getMessage());
        }
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
      Path partial = directory.resolve("." + absolute.getFileName() + "." + Integer.toHexString(random.nextInt())
          + ".partial");
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

  /** Streams the result into an Arrow IPC file, batch by batch; returns the rows written. */
  private static long write(TableSession session, Options options, BufferAllocator allocator, Path file)
      throws IOException {
    long rows = 0;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        ArrowResultStream stream = ArrowQuery.stream(session, options.sql(), allocator, fetchOptions(options))) {
      VectorSchemaRoot root = stream.getVectorSchemaRoot();
      try (ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
        writer.start();
        long limit = options.rowLimit();
        while (rows < limit && stream.loadNextBatch()) {
          if (root.getRowCount() > limit - rows) {
            root.setRowCount((int) (limit - rows));
          }
          writer.writeBatch();
          rows += root.getRowCount();
        }
        writer.end();
      }
    }
    return rows;
  }

  /** Asks for no more rows per fetch than will be shown or written (one more, to tell if more are left). */
  static ArrowQuery.Options fetchOptions(Options options) {
    long wanted = Math.min(options.rowLimit(), Long.MAX_VALUE - 1) + 1;
    return ArrowQuery.Options.defaults()
        .withFetchSize((int) Math.min(ArrowQuery.Options.DEFAULT_FETCH_SIZE, wanted));
  }

  /** Parses the command line. */
  static Options parse(String[] args, Map<String, String> env) {
    String sql = null;
    String address = null;
    String database = null;
    Path out = null;
    long maxRows = -1;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.startsWith("--") && arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String inline = name.equals(arg) ? null : arg.substring(arg.indexOf('=') + 1);
      switch (name) {
        case "--url":
        case "--database":
        case "--out":
        case "--max-rows": {
          String value = inline;
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(name + " needs a value");
            }
            value = args[++i];
          }
          if (value.isBlank()) {
            throw new IllegalArgumentException(name + " needs a value");
          }
          switch (name) {
            case "--url": address = value.trim(); break;
            case "--database": database = value.trim(); break;
            case "--out": out = Path.of(value); break;
            default: maxRows = rowCount(value); break;
          }
          break;
        }
        default:
          if (arg.startsWith("--")) {
            throw new IllegalArgumentException("unknown option '" + arg + "'");
          }
          if (sql != null) {
            throw new IllegalArgumentException("give the SQL as one argument (in quotes); found a second: '" + arg + "'");
          }
          sql = arg;
      }
    }
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("no SQL given");
    }
    if (address == null) {
      address = env.getOrDefault(DemoCommand.URL_ENV, "").trim();
      if (address.isEmpty()) {
        address = DemoCommand.DEFAULT_ADDRESS;
      }
    }
    DemoCommand.parse(address);
    return new Options(sql, address, database, out, maxRows);
  }

  private static long rowCount(String value) {
    try {
      long n = Long.parseLong(value.trim());
      if (n < 1) {
        throw new IllegalArgumentException("--max-rows must be at least 1, not " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--max-rows takes a number of rows, not '" + value + "'", e);
    }
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
