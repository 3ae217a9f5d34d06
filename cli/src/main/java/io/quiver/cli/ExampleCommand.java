package io.quiver.cli;

import io.quiver.client.QuiverException;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.TableSessionPoolConfig;
import io.quiver.examples.ArrowIngestExample;
import io.quiver.examples.SessionExample;
import io.quiver.examples.SessionPoolExample;
import io.quiver.localiotdb.LocalIoTDBException;
import io.quiver.localiotdb.QuiverHome;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code example} command: runs one of the examples on its own, against the same IoTDB the demo
 * uses ({@code --url HOST:PORT}, else env {@code QUIVER_IOTDB_URL}, else 127.0.0.1:6667, starting the
 * local "default" instance when nothing answers there).
 */
final class ExampleCommand {
  static final List<String> NAMES = List.of("session", "arrow", "pool");
  static final String USAGE = "usage: ./quiver example <" + String.join("|", NAMES) + "> [--url HOST:PORT]";

  private ExampleCommand() {
  }

  /** Runs the example named by {@code args[0]}; returns the exit code. */
  static int run(String[] args, PrintStream out) {
    if (args.length == 0 || !NAMES.contains(args[0])) {
      out.println(args.length == 0 ? "example: which one?" : "example: unknown example '" + args[0] + "'");
      out.println(USAGE);
      out.println("  session   the Python docs' session example: tables, a row Tablet, a query");
      out.println("  arrow     1,000,000 rows as one ArrowTablet, with rows/s");
      out.println("  pool      the Python docs' session-pool example: two threads share a TableSessionPool");
      return Main.USAGE;
    }
    String address;
    try {
      address = DemoCommand.targetAddress(Arrays.copyOfRange(args, 1, args.length), System.getenv());
    } catch (IllegalArgumentException e) {
      out.println("example: " + e.getMessage());
      out.println(USAGE);
      return Main.USAGE;
    }
    try {
      String endpoint = DemoCommand.ensureServer(address, out, QuiverHome.resolve());
      TableSessionConfig config = TableSessionConfig.builder().nodeUrls(endpoint).build();
      switch (args[0]) {
        case "session":
          SessionExample.run(config, out);
          break;
        case "arrow":
          ArrowIngestExample.run(config, 1_000_000, out);
          break;
        default:
          SessionPoolExample.run(TableSessionPoolConfig.builder().sessionConfig(config).build(), out);
          break;
      }
      return 0;
    } catch (LocalIoTDBException | QuiverException e) {
      out.println("error: " + e.getMessage());
      return 1;
    }
  }
}
