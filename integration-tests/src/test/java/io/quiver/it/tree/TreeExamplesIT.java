package io.quiver.it.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.Session;
import io.quiver.client.SessionConfig;
import io.quiver.client.SessionPool;
import io.quiver.client.SessionPoolConfig;
import io.quiver.examples.TreeSslExample;
import io.quiver.examples.TreeSessionExample;
import io.quiver.it.support.TestIoTDB;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** The tree-model session example runs against the real server and leaves nothing behind. */
class TreeExamplesIT {

  /**
   * The SSL example's query part (select * from root.eg.etth into Arrow, Time as Int64 renamed to
   * date) through a plaintext session and a pool with the docs' settings; the TLS connection
   * itself is {@code TreeSslExampleIT}'s.
   */
  @Test
  void sslExampleQueryReadsTheExampleDataWithTimeRenamedToDate() throws Exception {
    org.apache.iotdb.session.Session official = TreeServer.official();
    try {
      TreeServer.recreateDatabase(official, "root.eg");
      SessionConfig config = SessionConfig.builder().nodeUrls(TestIoTDB.endpoint()).build();
      try (Session s = Session.open(config)) {
        io.quiver.client.Tablet.Builder b = io.quiver.client.Tablet.builder("root.eg.etth")
            .field("HUFL", io.quiver.client.DataType.DOUBLE).field("OT", io.quiver.client.DataType.DOUBLE);
        for (int r = 0; r < 100; r++) {
          b.row(1_467_331_200_000L + 3_600_000L * r, 5.827 + r, r % 10 == 0 ? null : 30.531 - r);
        }
        s.insertTablet(b.build());
        try (BufferAllocator allocator = new RootAllocator();
            VectorSchemaRoot df = TreeSslExample.query(s, allocator)) {
          TreeSslExampleIT.assertTheExampleData(df);
        }
      }
      String[] hp = TestIoTDB.endpoint().split(":");
      SessionPoolConfig docs = SessionPoolConfig.builder().host(hp[0]).port(Integer.parseInt(hp[1]))
          .userName("root").password("root").fetchSize(1024).zoneId("UTC+8").maxRetry(3)
          .maxPoolSize(5).waitTimeoutMs(3000).build();
      try (SessionPool pool = new SessionPool(docs);
          BufferAllocator allocator = new RootAllocator()) {
        Session session = pool.getSession();
        try (VectorSchemaRoot df = TreeSslExample.query(session, allocator)) {
          TreeSslExampleIT.assertTheExampleData(df);
        } finally {
          pool.putBack(session);
        }
        assertEquals(0, pool.stats().inUse());
      }
    } finally {
      TreeServer.dropDatabase(official, "root.eg");
      official.close();
    }
  }

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
