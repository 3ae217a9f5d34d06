package io.quiver.cli;

import io.quiver.cli.load.LoadCommand;
import io.quiver.localiotdb.ServerCommand;
import java.io.PrintStream;
import java.util.Arrays;

/** The entry point of {@code ./quiver}: dispatches to the commands and exits with their exit code. */
public final class Main {
  /** Exit code for a command line that cannot be understood. */
  static final int USAGE = 2;

  static final String USAGE_TEXT = String.join("\n",
      "usage: ./quiver <command> [options]",
      "",
      "commands:",
      "  demo [--url HOST:PORT]       run the demo against IoTDB (default 127.0.0.1:6667, or env QUIVER_IOTDB_URL);",
      "                               starts a local IoTDB 2.0.10 first when nothing answers at the default",
      "  example <session|arrow|pool> [--url HOST:PORT]",
      "                               run one example on its own (same server rules as demo)",
      LoadCommand.summary(),
      "  query \"SQL\" [--url HOST:PORT] [--database DB] [--out FILE.arrow] [--max-rows N]",
      "                               run a query (default 127.0.0.1:6667, or env QUIVER_IOTDB_URL): print the rows",
      "                               as a table (the first 100 unless --max-rows), or write them all to an Arrow",
      "                               IPC file with --out",
      "  server start [--instance NAME] [--wipe]",
      "                               start a local IoTDB 2.0.10 on 127.0.0.1 (fetched with mvn on first use)",
      "  server stop [--instance NAME]",
      "                               stop it",
      "  server status [--instance NAME]",
      "                               show its nodes",
      "  help                         this text");

  private Main() {
  }

  public static void main(String[] args) {
    int code = run(args, System.out);
    System.out.flush();
    System.exit(code);
  }

  /** Runs one command line; returns the exit code. */
  static int run(String[] args, PrintStream out) {
    if (args.length == 0) {
      out.println(USAGE_TEXT);
      return 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "server":
        return ServerCommand.run(rest, out);
      case "demo":
        return DemoCommand.run(rest, out);
      case "example":
        return ExampleCommand.run(rest, out);
      case "load":
        return LoadCommand.run(rest, out);
      case "query":
        return QueryCommand.run(rest, out);
      case "help":
      case "--help":
      case "-h":
        out.println(USAGE_TEXT);
        return 0;
      default:
        out.println("unknown command '" + args[0] + "'");
        out.println(USAGE_TEXT);
        return USAGE;
    }
  }
}
