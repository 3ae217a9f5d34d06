package io.quiver.cli;

import io.quiver.client.QuiverException;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.TableSessionPoolConfig;
import io.quiver.examples.ArrowIngestExample;
import io.quiver.examples.SessionExample;
import io.quiver.examples.SessionPoolExample;
import io.quiver.localiotdb.LocalIoTDBException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The {@code example} command: runs one of the examples on its own, against the same IoTDB the demo
 * uses (same connection options; the local "default" instance is started when nothing answers at
 * the default address).
 */
@Command(name = "example", mixinStandardHelpOptions = true,
    description = "Run one example on its own (same server rules as demo).",
    footer = {"", "Examples:",
        "  session   the Python docs' session example: tables, a row Tablet, a query",
        "  arrow     1,000,000 rows as one ArrowTablet, with rows/s",
        "  pool      the Python docs' session-pool example: two threads share a TableSessionPool"})
final class ExampleCommand implements Callable<Integer> {
  /** The examples. */
  enum Name { session, arrow, pool }

  private final CliContext context;

  @Parameters(index = "0", paramLabel = "EXAMPLE", description = "session, arrow or pool")
  Name name;

  @Mixin
  ConnectionOptions connection = new ConnectionOptions();

  ExampleCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ConnectionSettings settings =
        ConnectionSettings.resolve(connection, context.env(), context.prompt());
    try {
      TableSessionConfig config = DemoCommand.ensureServer(settings, context.out());
      switch (name) {
        case session:
          SessionExample.run(config, context.out());
          break;
        case arrow:
          ArrowIngestExample.run(config, 1_000_000, context.out());
          break;
        default:
          SessionPoolExample.run(TableSessionPoolConfig.builder().sessionConfig(config).build(),
              context.out());
          break;
      }
      return 0;
    } catch (LocalIoTDBException | QuiverException e) {
      context.err().println("error: " + e.getMessage());
      return 1;
    }
  }
}
