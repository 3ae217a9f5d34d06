package io.quiver.benchmarks;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Probe: does IoTDB answer insertTablet requests pipelined on one connection (several sent before
 * the first answer is read), and in the order sent? Sends {@code n} requests of 10,000 rows back
 * to back with sequence ids 1..n through a raw Thrift connection ({@link ReplayClient}), reads the
 * n answers, prints their sequence ids in arrival order, and checks that every row arrived.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.quiver.benchmarks.PipelineProbe
 * [n]} (default 16); starts the local instance "bench" unless {@code QUIVER_IOTDB_URL} is set.
 */
public final class PipelineProbe {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    try (BenchServer server = new BenchServer();
        BufferAllocator allocator = new RootAllocator()) {
      server.createMixedTable("pipeline");
      SensorData data = new SensorData("sensor", 1);
      VectorSchemaRoot[] roots = new VectorSchemaRoot[n];
      ArrowTablet[] tablets = new ArrowTablet[n];
      try {
        for (int b = 0; b < n; b++) {
          roots[b] = SensorData.allocate(allocator, IngestRounds.BATCH_ROWS);
          data.fill(roots[b]);
          tablets[b] = ArrowTablet.builder("pipeline", roots[b]).tag(BenchData.TAG).build();
        }
        try (ReplayClient client = new ReplayClient(server.endpoint(), "bench", tablets)) {
          long t0 = System.nanoTime();
          int[] order = client.pipeline(n);
          long ms = (System.nanoTime() - t0) / 1_000_000;
          boolean inOrder = true;
          for (int i = 0; i < n; i++) {
            inOrder &= order[i] == i + 1;
          }
          System.out.println("pipelined " + n + " requests of " + IngestRounds.BATCH_ROWS
              + " rows in " + ms + " ms; answers' sequence ids in arrival order: "
              + Arrays.toString(order) + (inOrder ? " (in order)" : " (NOT in order)"));
        }
        try (TableSession s = TableSession.open(TableSessionConfig.builder()
            .nodeUrls(server.endpoint()).database("bench").awaitWindowOnClose(false).build());
            var rows = s.executeQueryStatement("SELECT count(*) FROM pipeline")) {
          rows.next();
          long count = rows.getLong(0);
          System.out.println("rows in the table: " + count + " of " + (long) n
              * IngestRounds.BATCH_ROWS + " sent");
        }
      } finally {
        for (VectorSchemaRoot r : roots) {
          if (r != null) {
            r.close();
          }
        }
      }
    }
  }
}
