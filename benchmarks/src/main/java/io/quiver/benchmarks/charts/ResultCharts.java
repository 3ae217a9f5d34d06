package io.quiver.benchmarks.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Draws the headline charts of {@code benchmarks/RESULTS.md} from the JMH JSON files in {@code
 * benchmarks/results/} (XChart, PNG), so the pictures always show the recorded figures:
 *
 * <ul>
 *   <li>{@code ingest-rows-per-second.png}: {@code IngestBenchmark} rows/s per client (Quiver, the
 *       official client, the replay ceiling), with JMH's error bars;
 *   <li>{@code ingest-cpu-per-row.png}: the same run's client CPU per row ({@code clientCpuNanos /
 *       rows});
 *   <li>{@code encode-ns-per-row.png}: {@code EncodeBenchmark} ns per row by schema (Quiver, the
 *       official path, the plain-copy floor), log scale, largest batch, no nulls.
 * </ul>
 *
 * <p>Each chart is drawn from the newest file holding that benchmark (the newest with the most
 * clients or schemas, so a one-off comparison run does not replace the headline), and names that
 * file in its title. Run by {@code benchmarks/charts} and at the end of every {@code
 * benchmarks/run}: {@code java -cp benchmarks/target/benchmarks.jar
 * io.quiver.benchmarks.charts.ResultCharts [RESULTS_DIR [OUT_DIR]]}.
 */
public final class ResultCharts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 480;

  private ResultCharts() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
    Path out = Path.of(args.length > 1 ? args[1] : "benchmarks/charts");
    Files.createDirectories(out);
    List<Path> written = write(results, out);
    for (Path p : written) {
      System.out.println("chart: " + p);
    }
    if (written.isEmpty()) {
      System.out.println("charts: no IngestBenchmark or EncodeBenchmark results in " + results);
    }
  }

  /** Writes every chart the results allow; returns the files written. */
  static List<Path> write(Path results, Path out) throws IOException {
    List<Path> written = new ArrayList<>();
    Optional<Run> ingest = newest(results, "IngestBenchmark.insert", "client");
    if (ingest.isPresent()) {
      written.add(save(ingestRowsPerSecond(ingest.get()), out.resolve("ingest-rows-per-second")));
      CategoryChart cpu = ingestCpuPerRow(ingest.get());
      if (cpu != null) {
        written.add(save(cpu, out.resolve("ingest-cpu-per-row")));
      }
    }
    Optional<Run> encode = newest(results, "EncodeBenchmark.", "schema");
    if (encode.isPresent()) {
      written.add(save(encodeNsPerRow(encode.get()), out.resolve("encode-ns-per-row")));
    }
    return written;
  }

  /** The results of one file for one benchmark. */
  record Run(String file, List<JmhResult> results) {}

  /**
   * The newest file whose results include {@code benchmarkPrefix}, among those with the most
   * distinct values of {@code param}.
   */
  static Optional<Run> newest(Path dir, String benchmarkPrefix, String param) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted(Comparator.comparing(ResultCharts::stamp))
          .toList();
    }
    Run best = null;
    int bestVariety = 0;
    for (Path f : files) {
      List<JmhResult> matching = JmhResult.read(f).stream()
          .filter(r -> r.benchmark().startsWith(benchmarkPrefix)).toList();
      Set<String> values = new LinkedHashSet<>();
      matching.forEach(r -> values.add(r.param(param)));
      if (!matching.isEmpty() && values.size() >= bestVariety) {
        best = new Run(f.getFileName().toString(), matching);
        bestVariety = values.size();
      }
    }
    return Optional.ofNullable(best);
  }

  /** The time stamp in a results file's name (NAME-yyyyMMddTHHmmssZ.json), else the name. */
  private static String stamp(Path file) {
    String name = file.getFileName().toString();
    int dash = name.lastIndexOf('-');
    return dash >= 0 ? name.substring(dash + 1) : name;
  }

  static CategoryChart ingestRowsPerSecond(Run run) {
    List<JmhResult> rows = sortedByClient(run.results());
    CategoryChart chart = chart("End to end, one connection: rows/s (higher is better)", "client", "rows/s",
        run.file());
    List<String> names = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    List<Double> errors = new ArrayList<>();
    for (JmhResult r : rows) {
      names.add(label(r.param("client")));
      scores.add(r.score());
      errors.add(Double.isNaN(r.error()) ? 0.0 : Math.min(r.error(), r.score()));
    }
    chart.addSeries("rows/s (99.9% error bars)", names, scores, errors);
    return chart;
  }

  static CategoryChart ingestCpuPerRow(Run run) {
    List<String> names = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (JmhResult r : sortedByClient(run.results())) {
      if (!Double.isNaN(r.cpuNanosPerRow())) {
        names.add(label(r.param("client")));
        cpu.add(r.cpuNanosPerRow());
      }
    }
    if (names.isEmpty()) {
      return null;
    }
    CategoryChart chart = chart("End to end, one connection: client CPU per row (lower is better)",
        "client", "client CPU ns/row", run.file());
    chart.addSeries("client CPU ns/row", names, cpu);
    return chart;
  }

  static CategoryChart encodeNsPerRow(Run run) {
    int rows = run.results().stream().map(r -> r.param("rows")).filter(v -> v != null)
        .mapToInt(Integer::parseInt).max().orElse(0);
    Predicate<JmhResult> picked = r -> (r.param("rows") == null || Integer.parseInt(r.param("rows")) == rows)
        && (r.param("nullRatio") == null || Double.parseDouble(r.param("nullRatio")) == 0);
    List<JmhResult> chosen = run.results().stream().filter(picked).toList();
    Set<String> schemas = new LinkedHashSet<>();
    chosen.forEach(r -> schemas.add(r.param("schema")));
    CategoryChart chart = chart("Encode only: ns per row (" + String.format(Locale.ROOT, "%,d", rows)
        + "-row batches, no nulls; log scale, lower is better)", "schema", "ns/row", run.file());
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setYAxisMin(0.1);
    String[][] methods = {{"floorCopy", "plain copy (floor)"}, {"quiverArrowTablet", "Quiver ArrowTablet"},
        {"officialArrowToTabletToBuffers", "official client"}};
    // A bar chart needs every series on the same schemas: keep those every method measured.
    schemas.removeIf(schema -> {
      for (String[] method : methods) {
        if (find(chosen, method[0], schema) == null) {
          return true;
        }
      }
      return false;
    });
    List<String> names = new ArrayList<>(schemas);
    for (String[] method : methods) {
      List<Double> scores = new ArrayList<>();
      for (String schema : names) {
        scores.add(find(chosen, method[0], schema).score());
      }
      if (!names.isEmpty()) {
        chart.addSeries(method[1], names, scores);
      }
    }
    return chart;
  }

  private static JmhResult find(List<JmhResult> results, String method, String schema) {
    return results.stream().filter(r -> r.benchmark().endsWith("." + method) && schema.equals(r.param("schema")))
        .findFirst().orElse(null);
  }

  private static CategoryChart chart(String title, String x, String y, String file) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
        .title(title).xAxisTitle(x + "   (from benchmarks/results/" + file + ")").yAxisTitle(y).build();
    Styler styler = chart.getStyler();
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setChartTitleFont(styler.getChartTitleFont().deriveFont(14f));
    chart.getStyler().setYAxisDecimalPattern("#,##0.#");
    chart.getStyler().setAvailableSpaceFill(0.7);
    chart.getStyler().setOverlapped(false);
    return chart;
  }

  /** Quiver first, the official client next, the ceiling last; others after in name order. */
  private static List<JmhResult> sortedByClient(List<JmhResult> results) {
    return results.stream().sorted(Comparator.comparing((JmhResult r) -> rank(r.param("client")))
        .thenComparing(r -> String.valueOf(r.param("client")))).toList();
  }

  private static int rank(String client) {
    if (client == null) {
      return 9;
    }
    if (client.startsWith("quiver")) {
      return 0;
    }
    if (client.startsWith("official")) {
      return 1;
    }
    return client.equals("replay") ? 2 : 3;
  }

  private static String label(String client) {
    return "replay".equals(client) ? "replay (ceiling)" : String.valueOf(client);
  }

  private static Path save(CategoryChart chart, Path base) throws IOException {
    BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
    return Path.of(base + ".png");
  }
}
