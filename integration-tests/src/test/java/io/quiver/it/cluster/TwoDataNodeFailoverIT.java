package io.quiver.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.DataType;
import io.quiver.client.QuiverException;
import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.Tablet;
import io.quiver.localiotdb.ClusterSpec;
import io.quiver.localiotdb.LocalCluster;
import io.quiver.localiotdb.QuiverHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real 1C2D cluster on loopback (one ConfigNode, two DataNodes, data replicated on both): a
 * session given both nodes keeps writing while the DataNode it is connected to is stopped, by
 * retrying on the other node, and every row it acknowledged is there afterwards.
 */
class TwoDataNodeFailoverIT {
  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() {
    Path home = Path.of(System.getProperty("quiver.home", QuiverHome.resolve().toString()));
    ClusterSpec spec = ClusterSpec.builder("it-1c2d")
        .dataNodes(2)
        .property("data_replication_factor", "2")
        .property("schema_replication_factor", "2")
        .build();
    cluster = new LocalCluster(spec, home, System.out);
    System.out.println("[quiver-it] " + cluster.start(true).summary());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  private static Tablet batch(long firstTime, int rows) {
    Tablet.Builder b = Tablet.builder("t").tag("dev").field("v", DataType.INT64);
    for (int r = 0; r < rows; r++) {
      b.row(firstTime + r, "d" + (r % 4), firstTime + r);
    }
    return b.build();
  }

  @Test
  void writesContinueOnTheOtherDataNodeAndEveryAcknowledgedRowIsThere() throws Exception {
    List<String> nodes = cluster.rpcEndpoints();
    TableSessionConfig config = TableSessionConfig.builder()
        .nodeUrls(nodes)
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(30))
        .maxRetry(5)
        .retryInterval(Duration.ofMillis(200))
        .build();
    long acknowledged = 0;
    int failedBatches = 0;
    int rowsPerBatch = 2_000;
    try (TableSession s = TableSession.open(config)) {
      s.executeNonQueryStatement("CREATE DATABASE failover");
      s.executeNonQueryStatement("USE failover");
      s.executeNonQueryStatement("CREATE TABLE t (dev STRING TAG, v INT64 FIELD)");
      assertEquals(nodes.get(0), s.endpoint(), "the session starts on the first node");
      long time = 0;
      for (int i = 0; i < 20; i++, time += rowsPerBatch) {
        s.insert(batch(time, rowsPerBatch));
        acknowledged += rowsPerBatch;
      }
      cluster.stopDataNode(0);
      for (int i = 0; i < 20; i++, time += rowsPerBatch) {
        try {
          s.insert(batch(time, rowsPerBatch));
          acknowledged += rowsPerBatch;
        } catch (QuiverException e) {
          failedBatches++;
          System.out.println("[quiver-it] with DataNode 0 down, a batch failed: " + e.getMessage());
        }
      }
      assertEquals(nodes.get(1), s.endpoint(), "the session moved to the surviving node");
      cluster.startDataNode(0);
      for (int i = 0; i < 20; i++, time += rowsPerBatch) {
        s.insert(batch(time, rowsPerBatch));
        acknowledged += rowsPerBatch;
      }
      System.out.printf("[quiver-it] 1C2D failover: %d rows acknowledged, %d batches refused while a node was down%n",
          acknowledged, failedBatches);
    }
    TableSessionConfig check = config.toBuilder().database("failover").build();
    try (TableSession s = TableSession.open(check);
        SessionDataSet rs = s.executeQueryStatement("SELECT count(*) FROM t")) {
      assertTrue(rs.next());
      assertTrue(rs.getLong(0) >= acknowledged, "every acknowledged row is there: " + rs.getLong(0) + " >= " + acknowledged);
      assertEquals(acknowledged, rs.getLong(0), "no row beyond the acknowledged ones");
    }
  }
}
