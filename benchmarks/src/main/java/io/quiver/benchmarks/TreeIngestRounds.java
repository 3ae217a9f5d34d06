package io.quiver.benchmarks;

import io.quiver.benchmarks.rounds.Settle;
import io.quiver.client.Session;
import io.quiver.client.SessionConfig;
import io.quiver.client.StatementException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * End-to-end tree-model ingest over one connection per client, as {@link IngestRounds} measures
 * tables: one warm server for every client, rounds that alternate the clients (the order rotates
 * each round), fresh rows every round, and a settle (FLUSH, then wait until the DataNode's CPU is
 * idle, {@link Settle}; for a server this process did not start, env {@code QUIVER_BENCH_INSTANCE}
 * names the local instance whose DataNode to watch) before each measured round. Reports, per shape and client,
 * the median rows/s with min-max, the ratio to the replay ceiling's median, and the client
 * thread's CPU per row. Clients and shapes: {@link TreeClients} ({@code quiver}, {@code official},
 * {@code replay}; {@code one} device per {@code insertTablet}, {@code many} devices per {@code
 * insertTablets}).
 *
 * <p>Usage ({@code benchmarks/run} builds the jar): {@code java -cp
 * benchmarks/target/benchmarks.jar io.quiver.benchmarks.TreeIngestRounds [shape=one,many] [rounds=5] [batches=30]
 * [clients=replay,quiver,official] [warmup=1000000]}. Each batch is 10,000 rows. The server is a
 * fresh local instance "bench" unless {@code QUIVER_IOTDB_URL} names one.
 *
 * <p>Regressions it catches: client CPU per row growing on the tree insert path (the device
 * grouping, the one-pass encoding, the per-device selection of encoded rows); Quiver falling
 * from the ceiling toward the official client.
 */
public final class TreeIngestRounds {
  static final int BATCH_ROWS = 10_000;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private TreeIngestRounds() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    opts.put("shape", "one,many");
    opts.put("rounds", "5");
    opts.put("batches", "30");
    opts.put("clients", "replay,quiver,official");
    opts.put("warmup", "1000000");
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq < 0 || !opts.containsKey(a.substring(0, eq))) {
        throw new IllegalArgumentException("unknown option '" + a + "'; options: " + opts.keySet());
      }
      opts.put(a.substring(0, eq), a.substring(eq + 1));
    }
    int rounds = Integer.parseInt(opts.get("rounds"));
    int batches = Integer.parseInt(opts.get("batches"));
    List<String> names = Arrays.asList(opts.get("clients").split(","));
    List<String> shapes = Arrays.asList(opts.get("shape").split(","));
    shapes.forEach(TreeClients::checkShape);
    System.out.println("TreeIngestRounds " + opts + ", " + BATCH_ROWS + " rows per batch, load"
        + " average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    try (BenchServer server = new BenchServer();
        BufferAllocator allocator = new RootAllocator()) {
      recreateDatabase(server.endpoint());
      Settle settle = server.settle(server.dataNodeCpu());
      // Every shape starts a billion rows after the previous one: fresh rows only.
      long firstRow = 0;
      for (String shape : shapes) {
        System.out.println();
        System.out.println("shape " + shape + " (" + new java.util.Date() + ", load average "
            + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() + ")");
        run(server, settle, allocator, shape, firstRow, rounds, batches, names,
            Long.parseLong(opts.get("warmup")));
        firstRow += 1_000_000_000L;
      }
    }
  }

  private static void recreateDatabase(String endpoint) {
    try (Session admin = Session.open(SessionConfig.builder().nodeUrls(endpoint)
        .awaitWindowOnClose(false).build())) {
      try {
        admin.executeNonQueryStatement("DELETE DATABASE " + TreeClients.PREFIX);
      } catch (StatementException absent) {
        // a fresh server has none
      }
      admin.executeNonQueryStatement("CREATE DATABASE " + TreeClients.PREFIX);
    }
  }

  private static void run(BenchServer server, Settle settle,
      BufferAllocator allocator, String shape, long firstRow, int rounds, int batches,
      List<String> names, long warmupRows) throws Exception {
    Map<String, TreeClients.Client> clients = new LinkedHashMap<>();
    Map<String, List<double[]>> results = new LinkedHashMap<>();
    SensorData data = new SensorData("random", 42, firstRow);
    VectorSchemaRoot[] roots = new VectorSchemaRoot[batches];
    for (int b = 0; b < batches; b++) {
      roots[b] = SensorData.allocate(allocator, BATCH_ROWS);
    }
    try {
      for (String name : names) {
        clients.put(name, TreeClients.open(name, shape, server.endpoint(), allocator));
        results.put(name, new ArrayList<>());
      }
      for (String name : names) {
        for (long done = 0; done < warmupRows / names.size(); done += (long) batches * BATCH_ROWS) {
          insertRound(clients.get(name), data, roots);
        }
      }
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < names.size(); k++) {
          String name = names.get((k + round) % names.size());
          settle.settle();
          long[] timed = insertRound(clients.get(name), data, roots);
          long rows = (long) batches * BATCH_ROWS;
          results.get(name).add(new double[] {rows * 1e9 / timed[0], (double) timed[1] / rows});
        }
      }
    } finally {
      for (TreeClients.Client c : clients.values()) {
        c.close();
      }
      for (VectorSchemaRoot r : roots) {
        r.close();
      }
    }
    report(shape, results);
  }

  /** Fills the batches with fresh rows, prepares (untimed), then inserts them: {wall, cpu} ns. */
  private static long[] insertRound(TreeClients.Client client, SensorData data,
      VectorSchemaRoot[] roots) throws Exception {
    for (VectorSchemaRoot root : roots) {
      data.fill(root);
    }
    client.prepare(roots);
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    for (int b = 0; b < roots.length; b++) {
      client.insert(roots[b], b);
    }
    long wall = System.nanoTime() - t0;
    return new long[] {wall, THREADS.getCurrentThreadCpuTime() - cpu0};
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static void report(String shape, Map<String, List<double[]>> results) {
    double ceiling = results.containsKey("replay")
        ? median(results.get("replay").stream().mapToDouble(r -> r[0]).toArray()) : Double.NaN;
    double official = results.containsKey("official")
        ? median(results.get("official").stream().mapToDouble(r -> r[0]).toArray()) : Double.NaN;
    System.out.println();
    System.out.println("| shape | client | rows/s median [min-max] | vs replay | vs official |"
        + " client CPU ns/row |");
    System.out.println("|---|---|---|---|---|---|");
    for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
      double[] rate = e.getValue().stream().mapToDouble(r -> r[0]).toArray();
      double m = median(rate);
      System.out.printf(Locale.ROOT, "| %s | %s | %,.0f [%,.0f-%,.0f] | %.2f | %.2f | %.1f |%n",
          shape, e.getKey(), m, Arrays.stream(rate).min().orElse(0),
          Arrays.stream(rate).max().orElse(0), m / ceiling, m / official,
          median(e.getValue().stream().mapToDouble(r -> r[1]).toArray()));
    }
  }
}
