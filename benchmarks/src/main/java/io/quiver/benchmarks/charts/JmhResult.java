package io.quiver.benchmarks.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark result of a JMH JSON file ({@code -rf json}): the method, its parameters, the
 * primary score with its error, and the secondary metrics' scores.
 *
 * @param benchmark the simple name, {@code Class.method}
 * @param params the {@code @Param} values
 * @param score the primary score
 * @param error the primary score's error (99.9% half-width), NaN when JMH gives none
 * @param unit the primary score's unit
 * @param secondary each secondary metric's score (e.g. the {@code @AuxCounters} sums)
 */
record JmhResult(String benchmark, Map<String, String> params, double score, double error,
    String unit, Map<String, Double> secondary) {

  /** Reads every result of one JMH JSON file. */
  static List<JmhResult> read(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    List<JmhResult> results = new ArrayList<>();
    for (JsonNode b : root) {
      String[] name = b.path("benchmark").asText().split("\\.");
      String simple = name.length >= 2 ? name[name.length - 2] + "." + name[name.length - 1] : name[0];
      Map<String, String> params = new LinkedHashMap<>();
      b.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
      JsonNode primary = b.path("primaryMetric");
      Map<String, Double> secondary = new LinkedHashMap<>();
      b.path("secondaryMetrics").fields().forEachRemaining(
          e -> secondary.put(e.getKey(), e.getValue().path("score").asDouble(Double.NaN)));
      results.add(new JmhResult(simple, params, primary.path("score").asDouble(Double.NaN),
          number(primary.path("scoreError")), primary.path("scoreUnit").asText(), secondary));
    }
    return results;
  }

  private static double number(JsonNode node) {
    if (node.isNumber()) {
      return node.asDouble();
    }
    try {
      return Double.parseDouble(node.asText());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** A parameter's value, or null. */
  String param(String name) {
    return params.get(name);
  }

  /** Client CPU per row from the end-to-end benchmarks' counters, or NaN without them. */
  double cpuNanosPerRow() {
    Double cpu = secondary.get("clientCpuNanos");
    Double rows = secondary.get("rows");
    return cpu == null || rows == null || rows == 0 ? Double.NaN : cpu / rows;
  }
}
