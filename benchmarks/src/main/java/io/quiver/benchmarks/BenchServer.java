package io.quiver.benchmarks;

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

  BenchServer() {
    String external = System.getenv("QUIVER_IOTDB_URL");
    if (external != null && !external.isBlank()) {
      started = null;
      endpoint = external.trim();
    } else {
      started = new LocalCluster(ClusterSpec.forInstance("bench"), QuiverHome.resolve(), System.out);
      endpoint = started.start(true).rpcEndpoint();
    }
  }

  String endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    if (started != null) {
      started.stop();
    }
  }
}
