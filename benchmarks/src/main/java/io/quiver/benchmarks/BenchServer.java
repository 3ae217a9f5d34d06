package io.quiver.benchmarks;

import io.quiver.benchmarks.rounds.ProcStat;
import io.quiver.benchmarks.rounds.Settle;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.localiotdb.ClusterSpec;
import io.quiver.localiotdb.LocalCluster;
import io.quiver.localiotdb.NodeRef;
import io.quiver.localiotdb.QuiverHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongSupplier;

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
   * The CPU-time reader of the DataNode (DataNode 0) of the local instance behind this server, found
   * through the instance's pid file ({@code .quiver/<instance>/pids/datanode-0.pid}): the instance
   * this benchmark started, or, for an external server, the local instance named by env {@code
   * QUIVER_BENCH_INSTANCE} (e.g. the one {@code ./quiver server start --instance NAME} runs).
   * Empty when there is none, or the pid file names no live DataNode.
   */
  Optional<ProcStat> dataNodeCpu() {
    Path instanceDir;
    if (started != null) {
      instanceDir = started.instanceDir();
    } else {
      String name = System.getenv("QUIVER_BENCH_INSTANCE");
      if (name == null || name.isBlank()) {
        return Optional.empty();
      }
      instanceDir = QuiverHome.resolve().resolve(".quiver").resolve(name.trim());
    }
    Path pidFile = instanceDir.resolve("pids").resolve(NodeRef.dataNode(0).folderName() + ".pid");
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
    } catch (IOException | NumberFormatException e) {
      System.out.println("no DataNode CPU: cannot read a pid from " + pidFile + " (" + e + ")");
      return Optional.empty();
    }
    boolean isDataNode = ProcessHandle.of(pid).flatMap(h -> h.info().commandLine())
        .map(c -> c.contains("org.apache.iotdb.db.service.DataNode")).orElse(false);
    if (!isDataNode) {
      System.out.println("no DataNode CPU: pid " + pid + " of " + pidFile + " is not a DataNode");
      return Optional.empty();
    }
    return Optional.of(ProcStat.of(pid));
  }

  /** Sends FLUSH (memtables to disk) and waits for its answer. */
  void flush() {
    try (TableSession admin = TableSession.open(TableSessionConfig.builder().nodeUrls(endpoint)
        .awaitWindowOnClose(false).build())) {
      admin.executeNonQueryStatement("FLUSH");
    }
  }

  /**
   * The settle step of the round-based benchmarks: FLUSH, then wait until the DataNode is idle
   * (when its CPU is known), bounded; see {@link Settle}.
   */
  Settle settle(Optional<ProcStat> dataNodeCpu) {
    return Settle.withSystemClock(this::flush, dataNodeCpu.<LongSupplier>map(p -> p::cpuNanos)
        .orElse(null));
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
