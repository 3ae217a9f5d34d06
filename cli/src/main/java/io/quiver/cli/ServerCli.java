package io.quiver.cli;

import io.quiver.localiotdb.ServerCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./quiver server start|stop|status}: hands its arguments to the local-iotdb module. */
@Command(name = "server", description = "start, stop or show the local IoTDB 2.0.10 on 127.0.0.1",
    helpCommand = false,
    footer = {"", "  server start [--instance NAME] [--wipe]   start (fetched with mvn on first use)",
        "  server stop [--instance NAME]             stop it",
        "  server status [--instance NAME]           show its nodes"})
final class ServerCli implements Callable<Integer> {
  private final CliContext context;

  @Parameters(paramLabel = "ACTION", arity = "0..*", description = "start, stop or status, and its options")
  List<String> args = new ArrayList<>();

  ServerCli(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    return ServerCommand.run(args.toArray(new String[0]), context.out());
  }
}
