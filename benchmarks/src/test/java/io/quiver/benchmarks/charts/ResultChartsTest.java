package io.quiver.benchmarks.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The charts come from the newest headline run of each benchmark, with CPU per row from the counters. */
class ResultChartsTest {
  @TempDir
  Path dir;

  private static String ingest(String client, double rowsPerSecond, double cpuNanos, double rows) {
    return "{\"benchmark\":\"io.quiver.benchmarks.IngestBenchmark.insert\",\"params\":{\"client\":\"" + client
        + "\"},\"primaryMetric\":{\"score\":" + rowsPerSecond + ",\"scoreError\":10.0,\"scoreUnit\":\"ops/s\"},"
        + "\"secondaryMetrics\":{\"clientCpuNanos\":{\"score\":" + cpuNanos + "},\"rows\":{\"score\":" + rows
        + "}}}";
  }

  private static String encode(String method, String schema, double ns) {
    return "{\"benchmark\":\"io.quiver.benchmarks.EncodeBenchmark." + method + "\",\"params\":{\"schema\":\""
        + schema + "\",\"rows\":\"100000\",\"nullRatio\":\"0\"},\"primaryMetric\":{\"score\":" + ns
        + ",\"scoreError\":\"NaN\",\"scoreUnit\":\"ns/op\"},\"secondaryMetrics\":{}}";
  }

  @Test
  void theNewestRunWithTheMostClientsIsChartedAndCpuPerRowComesFromTheCounters() throws IOException {
    Files.writeString(dir.resolve("IngestBenchmark-20260101T000000Z.json"), "[" + ingest("quiver", 9e5, 4.7e8, 1e7)
        + "," + ingest("official_default", 8e5, 2.5e9, 1e7) + "," + ingest("replay", 1e6, 2.8e8, 1e7) + "]");
    Files.writeString(dir.resolve("IngestBenchmark-pair-20260102T000000Z.json"), "[" + ingest("quiver", 1e6, 1, 1)
        + "," + ingest("quiver_nowindow", 1e6, 1, 1) + "]");
    Files.writeString(dir.resolve("EncodeBenchmark-20260101T000000Z.json"), "[" + encode("floorCopy", "int32", 0.7)
        + "," + encode("quiverArrowTablet", "int32", 3.1) + "," + encode("officialArrowToTabletToBuffers", "int32", 55)
        + "," + encode("floorCopy", "mixed", 1.9) + "]");

    ResultCharts.Run run = ResultCharts.newest(dir, "IngestBenchmark.insert", "client").orElseThrow();
    assertEquals("IngestBenchmark-20260101T000000Z.json", run.file(), "the pair run has fewer clients");
    JmhResult quiver = run.results().stream().filter(r -> r.param("client").equals("quiver")).findFirst()
        .orElseThrow();
    assertEquals(47.0, quiver.cpuNanosPerRow(), 1e-9);

    Path out = dir.resolve("charts");
    Files.createDirectories(out);
    List<Path> written = ResultCharts.write(dir, out);
    assertEquals(List.of(out.resolve("ingest-rows-per-second.png"), out.resolve("ingest-cpu-per-row.png"),
        out.resolve("encode-ns-per-row.png")), written);
    for (Path p : written) {
      assertTrue(Files.size(p) > 1000, p + " is a picture");
    }
  }
}
