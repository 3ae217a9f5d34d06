package io.quiver.it.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.SessionConfig;
import io.quiver.examples.TreeSessionExample;
import io.quiver.it.support.TestIoTDB;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tree-model session example runs against the real server and leaves nothing behind. */
class TreeExamplesIT {

  @Test
  void treeSessionExampleCreatesInsertsQueriesAndDeletes() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    long values = TreeSessionExample.run(SessionConfig.builder().nodeUrls(TestIoTDB.endpoint()).build(),
        new PrintStream(buf, true, StandardCharsets.UTF_8));
    String printed = buf.toString(StandardCharsets.UTF_8);
    // boiler: 2 temperatures + 3 statuses; 4 turbines x 5 speeds
    assertEquals(25, values, printed);
    assertTrue(printed.contains("[Time, root.quiver_example_tree.plant.boiler."), printed);
    assertTrue(printed.contains("root.quiver_example_tree.wf.turbine3"), printed);
    assertTrue(printed.contains("deleted root.quiver_example_tree"), printed);
    org.apache.iotdb.session.Session official = TreeServer.official();
    try {
      assertEquals(java.util.List.of(), TreeServer.rows(official, "show databases root.quiver_example_tree"));
    } finally {
      official.close();
    }
  }
}
