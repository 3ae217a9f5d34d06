package io.quiver.benchmarks;

import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.localiotdb.ClusterSpec;
import io.quiver.localiotdb.LocalCluster;
import io.quiver.localiotdb.QuiverHome;

/**
 * The IoTDB an end-to-end benchmark talks to: the one named by env {@code QUIVER_IOTDB_URL}, or a
 * fresh local instance "bench" started for the trial (data wiped) and stopped after it, so every
 * client measured starts from the same server state.
 */
final class BenchServer implements AutoCloseable {
  private final LocalCluster started;
  private final String endpoint;
  private Thread hook;

  BenchServer() {
    String external = System.getenv("QUIVER_IOTDB_URL");
    if (external != null && !external.isBlank()) {
      started = null;
      endpoint = external.trim();
    } else {
      started = new LocalCluster(ClusterSpec.forInstance("bench"), QuiverHome.resolve(), System.out);
      // Stop the server also when the benchmark is interrupted (Ctrl-C, timeout's SIGTERM).
      hook = new Thread(started::stop, "bench-server-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      endpoint = started.start(true).rpcEndpoint();
    }
  }

  String endpoint() {
    return endpoint;
  }

  /**
   * The DataNode process of the server this benchmark started (its command line names the
   * DataNode main class and this instance's folder), for its CPU time; empty for an external
   * server.
   */
  java.util.Optional<ProcessHandle> dataNode() {
    if (started == null) {
      return java.util.Optional.empty();
    }
    String dir = started.instanceDir().toAbsolutePath().toString();
    return ProcessHandle.allProcesses()
        .filter(h -> h.info().commandLine()
            .map(c -> c.contains("org.apache.iotdb.db.service.DataNode") && c.contains(dir))
            .orElse(false))
        .findFirst();
  }

  /**
   * Creates (anew) table {@code bench.<table>} of the {@code mixed} schema of {@link BenchData}: a
   * STRING TAG {@value BenchData#TAG} and five DOUBLE fields m0 to m4.
   */
  void createMixedTable(String table) {
    try (TableSession admin = TableSession.open(TableSessionConfig.builder().nodeUrls(endpoint).build())) {
      admin.executeNonQueryStatement("CREATE DATABASE IF NOT EXISTS bench");
      admin.executeNonQueryStatement("USE bench");
      admin.executeNonQueryStatement("DROP TABLE IF EXISTS " + table);
      admin.executeNonQueryStatement("CREATE TABLE " + table + " (" + BenchData.TAG + " STRING TAG,"
          + " m0 DOUBLE FIELD, m1 DOUBLE FIELD, m2 DOUBLE FIELD, m3 DOUBLE FIELD, m4 DOUBLE FIELD)");
    }
  }

  @Override
  public void close() {
    if (started != null) {
      started.stop();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or ran: the server is stopped either way.
      }
    }
  }
}
