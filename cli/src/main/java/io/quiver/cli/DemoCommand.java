package io.quiver.cli;

import io.quiver.client.QuiverException;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.TableSessionPoolConfig;
import io.quiver.examples.ArrowIngestExample;
import io.quiver.examples.SessionExample;
import io.quiver.examples.SessionPoolExample;
import io.quiver.localiotdb.ClusterSpec;
import io.quiver.localiotdb.Distribution;
import io.quiver.localiotdb.LocalCluster;
import io.quiver.localiotdb.LocalIoTDBException;
import io.quiver.localiotdb.QuiverHome;
import io.quiver.localiotdb.StartResult;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code demo} command: runs the examples against an IoTDB and says what it did. It first
 * makes sure an IoTDB answers: the address is {@code --url HOST:PORT}, else env {@code
 * QUIVER_IOTDB_URL}, else the {@code --config} file, else 127.0.0.1:6667; when nothing answers at
 * that default, it starts the local "default" instance. The other connection options (user,
 * password, TLS, compression, timeouts) are those of every command ({@link ConnectionOptions}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the demo against IoTDB: the session example, a 1,000,000-row ArrowTablet"
        + " insert, the session-pool example.",
        "Starts a local IoTDB 2.0.10 first when nothing answers at the default 127.0.0.1:6667."})
public final class DemoCommand implements Callable<Integer> {
  /** Where the demo looks for IoTDB unless told otherwise: the local "default" instance. */
  static final String DEFAULT_ADDRESS = ClusterSpec.defaultInstance().rpcEndpoint(0);
  static final String URL_ENV = ConnectionSettings.URL_ENV;
  private static final int CONNECT_TIMEOUT_MILLIS = 1000;

  private final CliContext context;

  @Mixin
  ConnectionOptions connection = new ConnectionOptions();

  DemoCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ConnectionSettings settings =
        ConnectionSettings.resolve(connection, context.env(), context.prompt());
    PrintStream out = context.out();
    try {
      TableSessionConfig config = ensureServer(settings, out);
      out.println("demo: IoTDB at " + String.join(",", config.nodeUrls()));
      out.println();
      out.println("== 1. the Python docs' session example, in Java (row Tablet) ==");
      int rows = SessionExample.run(config, out);
      out.println();
      out.println("== 2. an Arrow batch straight into IoTDB (ArrowTablet) ==");
      ArrowIngestExample.Result arrow = ArrowIngestExample.run(config, 1_000_000, out);
      out.println();
      out.println("== 3. the Python docs' session-pool example, in Java (TableSessionPool, two threads) ==");
      SessionPoolExample.Result pooled =
          SessionPoolExample.run(TableSessionPoolConfig.builder().sessionConfig(config).build(), out);
      out.println();
      out.printf(java.util.Locale.ROOT, "demo: done. The session example wrote and read back %d rows;"
          + " the ArrowTablet insert wrote %,d rows at %,.0f rows/s; the session-pool example's two threads"
          + " wrote %d + %d rows over %d pooled sessions. All dropped their databases.%n",
          rows, arrow.rows(), arrow.rowsPerSecond(), pooled.table0Rows(), pooled.table1Rows(),
          pooled.stats().opened());
      return 0;
    } catch (LocalIoTDBException | QuiverException e) {
      context.err().println("error: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Makes sure an IoTDB answers at the first node of {@code settings} (starting the local default
   * instance when that is where it looks and nothing answers) and returns the session settings.
   */
  static TableSessionConfig ensureServer(ConnectionSettings settings, PrintStream out) {
    String first = settings.nodeUrls().get(0);
    String endpoint = ensureServer(first, out, QuiverHome.resolve());
    TableSessionConfig.Builder b = settings.applyTo(TableSessionConfig.builder());
    if (!endpoint.equals(first)) {
      b.nodeUrls(endpoint);
    }
    return b.build();
  }

  /**
   * Makes sure an IoTDB answers at {@code address} ("host:port") and returns the address to use. When nothing
   * answers and the address is the local default, starts the "default" instance under {@code quiverHome}
   * (fetching IoTDB on first use) and says so on {@code out}.
   *
   * @throws LocalIoTDBException when nothing answers at a non-default address, or the local start fails
   */
  public static String ensureServer(String address, PrintStream out, Path quiverHome) {
    InetSocketAddress target = parse(address);
    if (answers(target)) {
      return address;
    }
    if (!isLocalDefault(target)) {
      throw new LocalIoTDBException("nothing answers at " + address + "; start IoTDB there, or leave out --url and"
          + " " + URL_ENV + " to let Quiver start a local IoTDB at " + DEFAULT_ADDRESS);
    }
    boolean fetched = new Distribution(quiverHome, out).isPresent();
    out.println("nothing answers at " + address + "; starting the local IoTDB instance 'default'"
        + (fetched ? "" : " (fetching IoTDB " + Distribution.IOTDB_VERSION + " first, about 180 MB)"));
    StartResult started = new LocalCluster(ClusterSpec.defaultInstance(), quiverHome, out).start();
    out.println(started.summary());
    out.println("(it keeps running after the demo; stop it with ./quiver server stop)");
    return started.rpcEndpoint();
  }

  static boolean isLocalDefault(InetSocketAddress target) {
    String host = target.getHostString();
    return target.getPort() == ClusterSpec.defaultInstance().ports().dnRpc()
        && (host.equals(ClusterSpec.HOST) || host.equalsIgnoreCase("localhost"));
  }

  /** Parses "host:port" (unresolved); throws IllegalArgumentException saying what is wrong. */
  public static InetSocketAddress parse(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new IllegalArgumentException("'" + address + "' is not HOST:PORT (for example 127.0.0.1:6667)");
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + address + "' has no numeric port (HOST:PORT, e.g. 127.0.0.1:6667)",
          e);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " in '" + address + "' is outside 1..65535");
    }
    return InetSocketAddress.createUnresolved(address.substring(0, colon), port);
  }

  private static boolean answers(InetSocketAddress target) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(target.getHostString(), target.getPort()), CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (ConnectException | SocketTimeoutException | UnknownHostException e) {
      return false;
    } catch (IOException e) {
      throw new LocalIoTDBException("cannot connect to " + target.getHostString() + ":" + target.getPort() + ": "
          + e.getMessage(), e);
    }
  }
}
