package io.quiver.it.support;

import io.quiver.localiotdb.ClusterSpec;
import io.quiver.localiotdb.Distribution;
import io.quiver.localiotdb.LocalCluster;
import io.quiver.localiotdb.StartResult;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A local IoTDB started by one test class with extra {@code iotdb-system.properties} entries that
 * change what its client port speaks ({@code dn_rpc_thrift_compression_enable}, {@code
 * enable_thrift_ssl}), so it cannot be the shared test server. Always local, whatever {@code
 * QUIVER_IOTDB_URL} says: an existing server cannot be reconfigured. Its data is wiped at start (so
 * the properties of an earlier run never linger), and {@link #close()} (from {@code @AfterAll})
 * stops it; a JVM shutdown hook stops it if the class never gets there.
 *
 * <p>Also for tests that kill and restart the DataNode ({@link #killDataNode()}, {@link
 * #startDataNode()}), which must not do that to the shared test server.
 *
 * <p>The instance name fixes its ports (see {@link ClusterSpec#defaultPortOffset(String)}); each
 * test class uses its own name.
 */
public final class DedicatedIoTDB implements AutoCloseable {
  private static final PrintStream OUT = new PrintStream(
      new LinePrefixingOutputStream(System.out, TestIoTDB.PREFIX), true, StandardCharsets.UTF_8);

  private final LocalCluster cluster;
  private final String endpoint;
  private final Thread safetyNet;
  private boolean stopped;

  private DedicatedIoTDB(LocalCluster cluster, String endpoint) {
    this.cluster = cluster;
    this.endpoint = endpoint;
    this.safetyNet = new Thread(this::stopQuietly, "quiver-it-stop-" + cluster.spec().name());
    Runtime.getRuntime().addShutdownHook(safetyNet);
  }

  /** Starts instance {@code name} (wiping its data) with these extra server properties. */
  public static DedicatedIoTDB start(String name, Map<String, String> properties) {
    ClusterSpec spec = ClusterSpec.builder(name).properties(properties).build();
    LocalCluster cluster = new LocalCluster(spec, TestIoTDB.quiverHome(), OUT);
    StartResult result = cluster.start(true);
    OUT.printf("IoTDB %s instance '%s' with %s started at %s in %.1f s%n", Distribution.IOTDB_VERSION, name,
        properties.keySet(), result.rpcEndpoint(), result.elapsed().toMillis() / 1000.0);
    return new DedicatedIoTDB(cluster, result.rpcEndpoint());
  }

  /** The client address, "127.0.0.1:port". */
  public String endpoint() {
    return endpoint;
  }

  /** The instance folder (configuration, data, logs). */
  public Path instanceDir() {
    return cluster.instanceDir();
  }

  /** Kills its DataNode with SIGKILL (by recorded pid), as a crash would. */
  public void killDataNode() {
    cluster.killDataNode(0);
  }

  /** Starts its DataNode again and waits until it is ready; returns how long that took. */
  public java.time.Duration startDataNode() {
    return cluster.startDataNode(0);
  }

  /** Stops the instance; safe to call more than once. */
  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      Runtime.getRuntime().removeShutdownHook(safetyNet);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting and runs the hook itself.
    }
    OUT.println("stopping instance '" + cluster.spec().name() + "'");
    cluster.stop();
  }

  private synchronized void stopQuietly() {
    if (!stopped) {
      stopped = true;
      OUT.println("stopping instance '" + cluster.spec().name() + "' at JVM exit (safety net)");
      cluster.stop();
    }
  }
}
