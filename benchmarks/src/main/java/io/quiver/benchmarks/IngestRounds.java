package io.quiver.benchmarks;

import io.quiver.arrow.ArrowTablet;
import io.quiver.benchmarks.rounds.ProcStat;
import io.quiver.benchmarks.rounds.RoundOrder;
import io.quiver.benchmarks.rounds.Settle;
import io.quiver.benchmarks.rounds.Spread;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iotdb.isession.ITableSession;
import org.apache.iotdb.session.TableSessionBuilder;

/**
 * End-to-end ingest over one connection per client, measured so that the figures describe the
 * clients rather than the server's hiccups: one warm server for every client, rounds that
 * alternate the clients (the order rotates each round), fresh rows every round, and between two
 * measured inserts a settle (FLUSH, then wait until the DataNode's CPU is idle: {@link Settle},
 * its CPU read from {@code /proc} through the instance's pid file). Reports, per
 * client, the median rows/s with min-max, the ratio to the replay ceiling's median, the client
 * thread's CPU per row (independent of the server), the DataNode's CPU per row, and the bytes per
 * row that crossed the link.
 *
 * <p>Clients (all over the relay, which counts bytes and optionally limits the rate):
 *
 * <ul>
 *   <li>{@code replay}: the ceiling: each round's requests (Quiver's plain form) are encoded before
 *       the timer starts and only written and acknowledged while it runs;
 *   <li>{@code replay_pipelined}, {@code replay_pipelined4}: the same frames with 2 (4) requests
 *       in flight, so the server never waits for the client: the ceiling of the pipelined clients;
 *   <li>{@code quiver}: {@code TableSession.insert(ArrowTablet)}, plain requests;
 *   <li>{@code quiver_encoded}: the same with {@code encodeInserts(true)};
 *   <li>{@code quiver_gzip}: the same with {@code gzipInserts(true)} (encoded, then GZIP);
 *   <li>{@code quiver_pipelined}, {@code quiver_pipelined4}: plain requests with {@code
 *       maxInFlightInserts} 2 and 4: each insert returns once sent, the next batch is encoded
 *       while the server writes this one; the round ends with {@code flush()}, inside the timer;
 *   <li>{@code official_default}: the official client as {@code TableSessionBuilder} builds it
 *       (column-encoded requests), after copying the Arrow root into its Tablet;
 *   <li>{@code official_plain}: the same with {@code enableCompression(false)}.
 * </ul>
 *
 * <p>Usage ({@code benchmarks/run} builds the jar): {@code java -cp benchmarks/target/benchmarks.jar
 * io.quiver.benchmarks.IngestRounds [set=random|sensor] [link=0|100m|1g] [rounds=5] [batches=30]
 * [clients=replay,quiver,...] [warmup=1000000]}. Each batch is 10,000 rows. The server is a fresh
 * local instance "bench" unless {@code QUIVER_IOTDB_URL} names one (then env {@code
 * QUIVER_BENCH_INSTANCE} names its local instance, for the DataNode's CPU).
 *
 * <p>Regressions it catches: client CPU per row growing on the insert path; encoded requests not
 * shrinking the bytes per row; a client falling behind the ceiling on a limited link.
 */
public final class IngestRounds {
  static final int BATCH_ROWS = 10_000;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static int runs;

  private interface Client extends AutoCloseable {
    /** Untimed work before a measured round (the replay client encodes its frames). */
    default void prepare(ArrowTablet[] batches) throws Exception {}

    void insert(VectorSchemaRoot root, ArrowTablet tablet, int index) throws Exception;

    /** Timed: waits until every insert of the round is acknowledged (pipelined clients). */
    default void finish() throws Exception {}
  }

  /** One measured round of one client. */
  private static final class Round {
    final double rowsPerSecond;
    final double clientCpuPerRow;
    final double serverCpuPerRow;
    final double bytesPerRow;

    Round(double rowsPerSecond, double clientCpuPerRow, double serverCpuPerRow, double bytesPerRow) {
      this.rowsPerSecond = rowsPerSecond;
      this.clientCpuPerRow = clientCpuPerRow;
      this.serverCpuPerRow = serverCpuPerRow;
      this.bytesPerRow = bytesPerRow;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    opts.put("set", "random");
    opts.put("link", "0");
    opts.put("rounds", "5");
    opts.put("batches", "30");
    opts.put("clients", "replay,quiver,quiver_encoded,quiver_gzip,official_default,official_plain");
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
    System.out.println("IngestRounds " + opts + ", " + BATCH_ROWS + " rows per batch, load average "
        + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    try (BenchServer server = new BenchServer();
        BufferAllocator allocator = new RootAllocator()) {
      server.createMixedTable("rounds");
      Optional<ProcStat> dataNode = server.dataNodeCpu();
      System.out.println("DataNode process: " + dataNode.map(p -> "pid " + p.pid()).orElse("unknown"));
      Settle settle = server.settle(dataNode);
      for (String set : opts.get("set").split(",")) {
        for (String link : opts.get("link").split(",")) {
          System.out.println();
          System.out.println("data set " + set + ", link " + link + " ("
              + new java.util.Date() + ", load average "
              + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() + ")");
          run(server, settle, dataNode, allocator, set, parseRate(link), rounds, batches, names,
              Long.parseLong(opts.get("warmup")));
        }
      }
    }
  }

  private static void run(BenchServer server, Settle settle, Optional<ProcStat> dataNode,
      BufferAllocator allocator, String set, long bits, int rounds, int batches,
      List<String> names, long warmupRows) throws Exception {
    {
      Map<String, ThrottledRelay> relays = new LinkedHashMap<>();
      Map<String, Client> clients = new LinkedHashMap<>();
      Map<String, List<Round>> results = new LinkedHashMap<>();
      // Each data set and link starts a billion rows after the previous one: fresh rows only.
      SensorData data = new SensorData(set, 42, 1_000_000_000L * runs++);
      VectorSchemaRoot[] roots = new VectorSchemaRoot[batches];
      for (int b = 0; b < batches; b++) {
        roots[b] = SensorData.allocate(allocator, BATCH_ROWS);
      }
      try {
        for (String name : names) {
          ThrottledRelay relay = new ThrottledRelay(server.endpoint(), bits);
          relays.put(name, relay);
          clients.put(name, open(name, relay.endpoint()));
          results.put(name, new ArrayList<>());
        }
        for (String name : names) {
          for (long done = 0; done < warmupRows / names.size(); done += (long) batches * BATCH_ROWS) {
            insertRound(clients.get(name), data, roots);
          }
        }
        for (int round = 0; round < rounds; round++) {
          for (String name : RoundOrder.forRound(names, round)) {
            settle.settle();
            ThrottledRelay relay = relays.get(name);
            long bytes0 = relay.bytesUp();
            long server0 = cpu(dataNode);
            long[] timed = insertRound(clients.get(name), data, roots);
            long rows = (long) batches * BATCH_ROWS;
            long serverCpu = cpu(dataNode) - server0;
            results.get(name).add(new Round(rows * 1e9 / timed[0], (double) timed[1] / rows,
                dataNode.isPresent() ? (double) serverCpu / rows : Double.NaN,
                (double) (relay.bytesUp() - bytes0) / rows));
          }
        }
      } finally {
        for (Client c : clients.values()) {
          c.close();
        }
        for (ThrottledRelay r : relays.values()) {
          r.close();
        }
        for (VectorSchemaRoot r : roots) {
          r.close();
        }
      }
      report(results);
    }
  }

  /** Fills the batches with fresh rows, prepares (untimed), then inserts them: {wall, cpu} ns. */
  private static long[] insertRound(Client client, SensorData data, VectorSchemaRoot[] roots)
      throws Exception {
    ArrowTablet[] tablets = new ArrowTablet[roots.length];
    for (int b = 0; b < roots.length; b++) {
      data.fill(roots[b]);
      tablets[b] = ArrowTablet.builder("rounds", roots[b]).tag(BenchData.TAG).build();
    }
    client.prepare(tablets);
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    for (int b = 0; b < roots.length; b++) {
      client.insert(roots[b], tablets[b], b);
    }
    client.finish();
    long wall = System.nanoTime() - t0;
    return new long[] {wall, THREADS.getCurrentThreadCpuTime() - cpu0};
  }

  private static Client open(String name, String endpoint) throws Exception {
    switch (name) {
      case "replay": {
        ReplayClient replay = new ReplayClient(endpoint, "bench", new ArrowTablet[0]);
        return new Client() {
          @Override
          public void prepare(ArrowTablet[] batches) throws Exception {
            replay.reframe(batches);
          }

          @Override
          public void insert(VectorSchemaRoot root, ArrowTablet tablet, int index) throws Exception {
            replay.insert(index);
          }

          @Override
          public void close() throws Exception {
            replay.close();
          }
        };
      }
      case "replay_pipelined":
      case "replay_pipelined4": {
        int depth = name.equals("replay_pipelined") ? 2 : 4;
        ReplayClient replay = new ReplayClient(endpoint, "bench", new ArrowTablet[0]);
        return new Client() {
          private int inFlight;

          @Override
          public void prepare(ArrowTablet[] batches) throws Exception {
            replay.reframe(batches);
          }

          @Override
          public void insert(VectorSchemaRoot root, ArrowTablet tablet, int index) throws Exception {
            if (inFlight == depth) {
              replay.receiveOne();
              inFlight--;
            }
            replay.send(index);
            inFlight++;
          }

          @Override
          public void finish() throws Exception {
            for (; inFlight > 0; inFlight--) {
              replay.receiveOne();
            }
          }

          @Override
          public void close() throws Exception {
            replay.close();
          }
        };
      }
      case "quiver":
      case "quiver_encoded":
      case "quiver_gzip":
      case "quiver_pipelined":
      case "quiver_pipelined4": {
        TableSession session = TableSession.open(TableSessionConfig.builder().nodeUrls(endpoint)
            .database("bench").encodeInserts(name.equals("quiver_encoded") || name.equals("quiver_gzip"))
            .gzipInserts(name.equals("quiver_gzip"))
            .maxInFlightInserts(name.equals("quiver_pipelined") ? 2 : name.equals("quiver_pipelined4") ? 4 : 1)
            .awaitWindowOnClose(false).build());
        return new Client() {
          @Override
          public void insert(VectorSchemaRoot root, ArrowTablet tablet, int index) {
            // The tablet is built again: what a caller does per batch, and part of the cost.
            session.insert(ArrowTablet.builder("rounds", root).tag(BenchData.TAG).build());
          }

          @Override
          public void finish() {
            session.flush();
          }

          @Override
          public void close() {
            session.close();
          }
        };
      }
      case "official_default":
      case "official_plain": {
        TableSessionBuilder b = new TableSessionBuilder().nodeUrls(List.of(endpoint))
            .database("bench");
        if (name.equals("official_plain")) {
          b.enableCompression(false);
        }
        ITableSession official = b.build();
        return new Client() {
          @Override
          public void insert(VectorSchemaRoot root, ArrowTablet tablet, int index) throws Exception {
            official.insert(OfficialTablets.fromArrow("rounds", root));
          }

          @Override
          public void close() throws Exception {
            official.close();
          }
        };
      }
      default:
        throw new IllegalArgumentException("unknown client '" + name + "'");
    }
  }

  private static long cpu(Optional<ProcStat> process) {
    return process.map(ProcStat::cpuNanos).orElse(0L);
  }

  private static long parseRate(String link) {
    String s = link.toLowerCase(Locale.ROOT);
    if (s.equals("0") || s.equals("none")) {
      return 0;
    }
    long unit = s.endsWith("g") ? 1_000_000_000L : s.endsWith("m") ? 1_000_000L : 1;
    String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
    return (long) (Double.parseDouble(digits) * unit);
  }

  private static double median(double[] v) {
    return Spread.of(v).median();
  }

  private static void report(Map<String, List<Round>> results) {
    double ceiling = results.containsKey("replay")
        ? median(results.get("replay").stream().mapToDouble(r -> r.rowsPerSecond).toArray())
        : Double.NaN;
    System.out.println();
    System.out.println("| client | rows/s median [min-max] | vs replay | client CPU ns/row | "
        + "DataNode CPU ns/row | wire B/row |");
    System.out.println("|---|---|---|---|---|---|");
    for (Map.Entry<String, List<Round>> e : results.entrySet()) {
      List<Round> rs = e.getValue();
      double[] rate = rs.stream().mapToDouble(r -> r.rowsPerSecond).toArray();
      double m = median(rate);
      System.out.printf(Locale.ROOT, "| %s | %,.0f [%,.0f-%,.0f] | %.2f | %.1f | %.0f | %.1f |%n",
          e.getKey(), m, Arrays.stream(rate).min().orElse(0), Arrays.stream(rate).max().orElse(0),
          m / ceiling, median(rs.stream().mapToDouble(r -> r.clientCpuPerRow).toArray()),
          median(rs.stream().mapToDouble(r -> r.serverCpuPerRow).toArray()),
          median(rs.stream().mapToDouble(r -> r.bytesPerRow).toArray()));
    }
  }
}
