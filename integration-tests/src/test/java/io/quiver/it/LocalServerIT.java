package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quiver.it.support.TestIoTDB;
import io.quiver.localiotdb.ClusterStatus;
import io.quiver.localiotdb.LocalCluster;
import io.quiver.localiotdb.NodeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iotdb.isession.ITableSession;
import org.apache.iotdb.isession.SessionDataSet;
import org.apache.iotdb.session.TableSessionBuilder;
import org.junit.jupiter.api.Test;

/** The IoTDB the build starts is a real one: the official client talks to it. */
class LocalServerIT {

  @Test
  void officialClientCreatesAndListsADatabase() throws Exception {
    String endpoint = TestIoTDB.endpoint();
    try (ITableSession session = new TableSessionBuilder().nodeUrls(List.of(endpoint)).build()) {
      session.executeNonQueryStatement("CREATE DATABASE IF NOT EXISTS quiver_it_smoke");

      List<String> databases = new ArrayList<>();
      try (SessionDataSet result = session.executeQueryStatement("SHOW DATABASES")) {
        assertEquals("Database", result.getColumnNames().get(0));
        while (result.hasNext()) {
          databases.add(result.next().getFields().get(0).getStringValue());
        }
      }

      assertTrue(databases.contains("quiver_it_smoke"), "SHOW DATABASES lists " + databases);
    }
  }

  @Test
  void launcherStatusReportsEveryNodeAliveAndAnswering() {
    TestIoTDB.endpoint();
    Optional<LocalCluster> cluster = TestIoTDB.localCluster();
    assumeTrue(cluster.isPresent(), "QUIVER_IOTDB_URL points at an IoTDB the tests did not start");

    ClusterStatus status = cluster.get().status();

    assertEquals(2, status.nodes().size(), status.describe());
    for (NodeStatus node : status.nodes()) {
      assertTrue(node.pid().isPresent() && node.alive() && node.portAnswering(), node.describe());
    }
    assertTrue(status.isUp(), status.describe());
  }
}
