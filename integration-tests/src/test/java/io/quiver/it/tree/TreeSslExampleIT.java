package io.quiver.it.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.DataType;
import io.quiver.client.Session;
import io.quiver.client.SessionConfig;
import io.quiver.client.Tablet;
import io.quiver.examples.TreeSslExample;
import io.quiver.it.support.DedicatedIoTDB;
import io.quiver.it.support.TestCertificates;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python docs' SSL example ({@link TreeSslExample}) against its own TLS server (instance
 * {@code tls-tree}), after writing the example data into {@code root.eg.etth} over TLS: both the
 * session and the pool variant read it back into Arrow with {@code Time} renamed to {@code date}.
 */
class TreeSslExampleIT {
  private static final String INSTANCE = "tls-tree";
  private static final String DEVICE = "root.eg.etth";

  @TempDir
  static Path certificates;

  private static TestCertificates.Identity serverId;
  private static DedicatedIoTDB server;

  @BeforeAll
  static void startTlsServerAndWriteTheExampleData() {
    serverId = TestCertificates.generate(certificates, "iotdb", "ip:127.0.0.1");
    server = DedicatedIoTDB.start(INSTANCE, Map.of(
        "enable_thrift_ssl", "true",
        "key_store_path", serverId.keyStore().toString(),
        "key_store_pwd", serverId.keyStorePassword()));
    SessionConfig config = SessionConfig.builder().nodeUrls(server.endpoint()).useSsl(true)
        .caCerts(serverId.certificatePem()).build();
    try (Session s = Session.open(config)) {
      Tablet.Builder b = Tablet.builder(DEVICE).field("HUFL", DataType.DOUBLE).field("OT", DataType.DOUBLE);
      for (int r = 0; r < 100; r++) {
        b.row(1_467_331_200_000L + 3_600_000L * r, 5.827 + r, r % 10 == 0 ? null : 30.531 - r);
      }
      s.insertTablet(b.build());
    }
  }

  @AfterAll
  static void stopTlsServer() {
    if (server != null) {
      server.close();
    }
  }

  static void assertTheExampleData(VectorSchemaRoot df) {
    List<String> names = df.getSchema().getFields().stream().map(f -> f.getName()).toList();
    assertEquals("date", names.get(0), names.toString());
    assertTrue(names.containsAll(List.of(DEVICE + ".HUFL", DEVICE + ".OT")), names.toString());
    assertEquals(100, df.getRowCount());
    BigIntVector date = (BigIntVector) df.getVector("date");
    Float8Vector hufl = (Float8Vector) df.getVector(DEVICE + ".HUFL");
    Float8Vector ot = (Float8Vector) df.getVector(DEVICE + ".OT");
    for (int r = 0; r < 100; r++) {
      assertEquals(1_467_331_200_000L + 3_600_000L * r, date.get(r), "row " + r);
      assertEquals(5.827 + r, hufl.get(r), "row " + r);
      assertEquals(r % 10 == 0, ot.isNull(r), "row " + r);
    }
  }

  @Test
  void getDataReadsTheSeriesOverTlsWithTimeRenamedToDate() {
    String[] hp = server.endpoint().split(":");
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot df = TreeSslExample.getData(hp[0], Integer.parseInt(hp[1]), serverId.certificatePem(),
            allocator)) {
      assertTheExampleData(df);
    }
  }

  @Test
  void getData2ReadsTheSameThroughThePoolWithTheDocsSettings() {
    String[] hp = server.endpoint().split(":");
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot df = TreeSslExample.getData2(hp[0], Integer.parseInt(hp[1]), serverId.certificatePem(),
            allocator)) {
      assertTheExampleData(df);
    }
  }
}
