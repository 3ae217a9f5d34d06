package io.quiver.localiotdb;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The {@code server} command: {@code start [--instance NAME] [--wipe]}, {@code stop [--instance NAME]},
 * {@code status [--instance NAME]}. The instance defaults to "default" (client port 6667); Quiver's home comes
 * from {@link QuiverHome}.
 */
public final class ServerCommand {
  /** Exit code of {@code status} when the instance is not (fully) up. */
  public static final int NOT_RUNNING = 3;
  /** Exit code for a command line that cannot be understood. */
  public static final int USAGE = 2;

  static final String USAGE_TEXT = String.join("\n",
      "usage: server start  [--instance NAME] [--wipe]   start IoTDB " + Distribution.IOTDB_VERSION
          + " on 127.0.0.1 (fetched on first use)",
      "       server stop   [--instance NAME]            stop it",
      "       server status [--instance NAME]            show its nodes (exit code 3 when not up)",
      "  --instance NAME  which local instance (default: \"default\", client port 6667; \"it\" uses 7667)",
      "  --wipe           delete the instance's data before starting");

  private ServerCommand() {
  }

  /** Runs the command; returns the process exit code. */
  public static int run(String[] args, PrintStream out) {
    return run(args, out, QuiverHome.resolve());
  }

  /** Runs the command against {@code quiverHome}; returns the process exit code. */
  public static int run(String[] args, PrintStream out, Path quiverHome) {
    if (args.length == 0) {
      out.println(USAGE_TEXT);
      return USAGE;
    }
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        out.println(USAGE_TEXT);
        return 0;
      }
    }
    String action = args[0];
    String instance = ClusterSpec.DEFAULT_INSTANCE;
    boolean wipe = false;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--instance") && i + 1 < args.length) {
        instance = args[++i];
      } else if (args[i].equals("--wipe") && action.equals("start")) {
        wipe = true;
      } else {
        out.println("server " + action + ": unexpected argument '" + args[i] + "'");
        out.println(USAGE_TEXT);
        return USAGE;
      }
    }
    ClusterSpec spec;
    try {
      spec = ClusterSpec.forInstance(instance);
    } catch (IllegalArgumentException e) {
      out.println("error: " + e.getMessage());
      return USAGE;
    }
    LocalCluster cluster = new LocalCluster(spec, quiverHome, out);
    try {
      switch (action) {
        case "start":
          out.println(cluster.start(wipe).summary());
          return 0;
        case "stop":
          return stop(cluster, out);
        case "status":
          return status(cluster, out);
        default:
          out.println("server: unknown action '" + action + "'");
          out.println(USAGE_TEXT);
          return USAGE;
      }
    } catch (LocalIoTDBException e) {
      out.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static int stop(LocalCluster cluster, PrintStream out) {
    long t0 = System.nanoTime();
    String name = cluster.spec().name();
    if (cluster.stop()) {
      out.printf("IoTDB instance '%s' stopped in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
    } else {
      out.println("IoTDB instance '" + name + "' is not running; nothing to stop");
    }
    return 0;
  }

  private static int status(LocalCluster cluster, PrintStream out) {
    ClusterStatus status = cluster.status();
    String state = status.isUp() ? "up" : status.isDown() ? "not running" : "partly running";
    out.println("IoTDB instance '" + status.instance() + "' at " + String.join(", ", cluster.rpcEndpoints()) + ": "
        + state + " (" + cluster.instanceDir() + ")");
    out.println(status.describe());
    return status.isUp() ? 0 : NOT_RUNNING;
  }
}
