package io.quiver.benchmarks;

import io.quiver.arrow.ArrowTablet;
import io.quiver.benchmarks.rounds.ProcStat;
import io.quiver.benchmarks.rounds.RoundOrder;
import io.quiver.benchmarks.rounds.Settle;
import io.quiver.benchmarks.rounds.Spread;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionPool;
import io.quiver.client.TableSessionPoolConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iotdb.isession.ITableSession;
import org.apache.iotdb.isession.pool.ITableSessionPool;
import org.apache.iotdb.session.pool.TableSessionPoolBuilder;

/**
 * End-to-end ingest from a team of threads sharing a session pool of as many sessions, Quiver's
 * {@code TableSessionPool} against the official client's, measured so that the figures describe
 * the clients rather than the server's hiccups.
 *
 * <p>Clients, each a pool of {@code threads} sessions on one warm server:
 *
 * <ul>
 *   <li>{@code quiver}: each batch borrows a session, inserts an {@link ArrowTablet} (built per
 *       batch, as a caller does) and hands the session back;
 *   <li>{@code official}: the official pool as {@code TableSessionPoolBuilder} builds it (its
 *       defaults: column-encoded requests), borrowing and returning the same way; each batch is
 *       first copied from Arrow into the official Tablet, as a user holding Arrow must, inside the
 *       timed part.
 * </ul>
 *
 * <p>The method. JMH (which this benchmark used before) measures each client in a trial of its
 * own, so on a shared 2-core machine a client's iterations ranged from 96k to 978k rows/s: the
 * server's flushes and compactions and the other work on the machine, not the client. Here:
 *
 * <ol>
 *   <li>one server for all clients and thread counts, warmed by each client before measuring;
 *   <li>rounds in which the clients alternate, the order rotating each round ({@link
 *       RoundOrder}), so a drift of the server spreads over both;
 *   <li>before every measured round the server settles ({@link Settle}): FLUSH, then a wait until
 *       the DataNode used under 10% of a core over 300 ms (at most 10 s), read from {@code
 *       /proc/<pid>/stat} of the pid in the local instance's pid file ({@link ProcStat});
 *   <li>every round writes fresh rows (its batches are refilled with the next time range before
 *       the timer starts), so the server never takes the overwrite path;
 *   <li>figures as medians with min-max ({@link Spread}) over the rounds: rows/s; the client CPU
 *       per row (the worker threads' CPU time: the figure that does not depend on the server or on
 *       the machine's load); the benchmark JVM's CPU per row (workers plus GC and JIT); the
 *       DataNode's CPU per row (how much work the client's requests give the server); their sum
 *       (the CPU one row costs client and server together, which bounds rows/s on a machine
 *       whose cores they have to themselves); and the cores the rest of the machine kept busy
 *       during the round ({@code /proc/stat}), the load the round competed with.
 * </ol>
 *
 * <p>What it isolates: the pool's borrow/return path and the insert path of each client under
 * {@code threads} concurrent callers, and how rows/s scales with connections on one server.
 * Regressions it catches: client CPU per row growing (a copy or allocation on the insert path, a
 * per-borrow round trip or allocation); rows/s not growing with threads (a lock held across
 * network calls); the DataNode's CPU per row growing (requests the server finds harder to apply);
 * sessions not reused (connections reopened per batch show as client and server CPU).
 *
 * <p>Usage ({@code benchmarks/run} builds the jar): {@code java -cp
 * benchmarks/target/benchmarks.jar io.quiver.benchmarks.PooledIngestBenchmark [threads=1,4,8] [clients=quiver,official]
 * [rounds=7] [batches=40] [warmup=2] [set=random|sensor]}: {@code batches} of 10,000 rows per
 * round, split evenly over the threads (each thread count must divide it), {@code warmup}
 * unmeasured rounds per client and thread count. The server is a fresh local instance "bench"
 * unless {@code QUIVER_IOTDB_URL} names one; then env {@code QUIVER_BENCH_INSTANCE} names its local
 * instance, for the DataNode's CPU (without it, no DataNode CPU, and the settle is FLUSH only).
 */
public final class PooledIngestBenchmark {
  static final int BATCH_ROWS = 10_000;
  static final String TABLE = "pooled_ingest";
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private PooledIngestBenchmark() {}

  /** A pool of one client: inserts one batch through a borrowed session. */
  private interface Pool extends AutoCloseable {
    void insert(VectorSchemaRoot root) throws Exception;
  }

  /** One measured round of one client. */
  static final class Round {
    final double rowsPerSecond;
    final double clientCpuPerRow;
    final double jvmCpuPerRow;
    final double dataNodeCpuPerRow;
    /** The cores the rest of the machine kept busy during the round (the load it competed with). */
    final double otherCores;
    final Settle.Result settle;

    Round(double rowsPerSecond, double clientCpuPerRow, double jvmCpuPerRow,
        double dataNodeCpuPerRow, double otherCores, Settle.Result settle) {
      this.rowsPerSecond = rowsPerSecond;
      this.clientCpuPerRow = clientCpuPerRow;
      this.jvmCpuPerRow = jvmCpuPerRow;
      this.dataNodeCpuPerRow = dataNodeCpuPerRow;
      this.otherCores = otherCores;
      this.settle = settle;
    }

    /** The CPU per row of client and server together: this JVM plus the DataNode. */
    double totalCpuPerRow() {
      return jvmCpuPerRow + dataNodeCpuPerRow;
    }
  }

  public static void main(String[] args) throws Exception {
    Options opts = Options.parse(args);
    System.out.println("PooledIngestBenchmark " + opts + ", " + BATCH_ROWS + " rows per batch, "
        + "load average " + OS.getSystemLoadAverage() + ", " + OS.getAvailableProcessors()
        + " cores");
    try (BenchServer server = new BenchServer();
        BufferAllocator allocator = new RootAllocator()) {
      server.createMixedTable(TABLE);
      Optional<ProcStat> dataNode = server.dataNodeCpu();
      System.out.println("DataNode: " + dataNode.map(p -> "pid " + p.pid()).orElse("unknown"));
      Settle settle = server.settle(dataNode);
      SensorData data = new SensorData(opts.set, 42);
      VectorSchemaRoot[] roots = new VectorSchemaRoot[opts.batches];
      Map<Integer, Map<String, List<Round>>> all = new LinkedHashMap<>();
      try {
        for (int b = 0; b < roots.length; b++) {
          roots[b] = SensorData.allocate(allocator, BATCH_ROWS);
        }
        for (int threads : opts.threads) {
          all.put(threads, measure(server, settle, dataNode, data, roots, threads, opts));
          report(threads, all.get(threads));
        }
      } finally {
        for (VectorSchemaRoot r : roots) {
          if (r != null) {
            r.close();
          }
        }
      }
      summary(all);
    }
  }

  private static Map<String, List<Round>> measure(BenchServer server, Settle settle,
      Optional<ProcStat> dataNode, SensorData data, VectorSchemaRoot[] roots, int threads,
      Options opts) throws Exception {
    System.out.printf(Locale.ROOT, "%n%d thread(s) (%s, load average %.1f)%n", threads,
        new java.util.Date(), OS.getSystemLoadAverage());
    Map<String, Pool> pools = new LinkedHashMap<>();
    Map<String, List<Round>> results = new LinkedHashMap<>();
    ExecutorService team = Executors.newFixedThreadPool(threads);
    try {
      for (String name : opts.clients) {
        pools.put(name, open(name, server.endpoint(), threads));
        results.put(name, new ArrayList<>());
      }
      for (String name : opts.clients) {
        for (int w = 0; w < opts.warmup; w++) {
          refill(data, roots);
          insertRound(pools.get(name), team, roots, threads);
        }
      }
      for (int round = 0; round < opts.rounds; round++) {
        for (String name : RoundOrder.forRound(opts.clients, round)) {
          refill(data, roots);
          Settle.Result settled = settle.settle();
          long server0 = dataNode.map(ProcStat::cpuNanos).orElse(0L);
          long jvm0 = OS.getProcessCpuTime();
          long machine0 = ProcStat.machineBusyNanos();
          long[] timed = insertRound(pools.get(name), team, roots, threads);
          long machine = ProcStat.machineBusyNanos() - machine0;
          long jvm = OS.getProcessCpuTime() - jvm0;
          long serverCpu = dataNode.map(ProcStat::cpuNanos).orElse(0L) - server0;
          double rows = (double) roots.length * BATCH_ROWS;
          Round r = new Round(rows * 1e9 / timed[0], timed[1] / rows, jvm / rows,
              dataNode.isPresent() ? serverCpu / rows : Double.NaN,
              dataNode.isPresent() ? Math.max(0, machine - jvm - serverCpu) / (double) timed[0]
                  : Double.NaN, settled);
          results.get(name).add(r);
          System.out.printf(Locale.ROOT, "  round %d %-8s %,10.0f rows/s  client %6.1f  jvm %6.1f"
              + "  DataNode %6.0f ns/row  others %.2f cores  (settled %s in %d ms, last %.0f%% of"
              + " a core)%n", round, name, r.rowsPerSecond, r.clientCpuPerRow, r.jvmCpuPerRow,
              r.dataNodeCpuPerRow, r.otherCores, settled.idle() ? "idle" : "NOT idle",
              settled.waitedNanos() / 1_000_000, settled.lastShare() * 100);
        }
      }
    } finally {
      team.shutdownNow();
      if (!team.awaitTermination(30, TimeUnit.SECONDS)) {
        System.out.println("the worker threads did not stop within 30 s");
      }
      for (Pool p : pools.values()) {
        p.close();
      }
    }
    return results;
  }

  /** The next time range of the data set into every batch: fresh rows, outside the timer. */
  private static void refill(SensorData data, VectorSchemaRoot[] roots) {
    for (VectorSchemaRoot root : roots) {
      data.fill(root);
    }
  }

  /**
   * Inserts every batch, worker {@code w} taking batches w, w + threads, ...: {wall ns, summed CPU
   * ns of the workers}.
   */
  private static long[] insertRound(Pool pool, ExecutorService team, VectorSchemaRoot[] roots,
      int threads) throws Exception {
    List<Future<Long>> parts = new ArrayList<>(threads);
    long t0 = System.nanoTime();
    for (int w = 0; w < threads; w++) {
      int first = w;
      parts.add(team.submit(() -> {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        for (int b = first; b < roots.length; b += threads) {
          pool.insert(roots[b]);
        }
        return THREADS.getCurrentThreadCpuTime() - cpu0;
      }));
    }
    long cpu = 0;
    for (Future<Long> part : parts) {
      cpu += part.get(5, TimeUnit.MINUTES);
    }
    return new long[] {System.nanoTime() - t0, cpu};
  }

  private static Pool open(String name, String endpoint, int threads) {
    switch (name) {
      case "quiver": {
        TableSessionPool pool = new TableSessionPool(TableSessionPoolConfig.builder()
            .nodeUrls(endpoint).database("bench").maxPoolSize(threads).build());
        return new Pool() {
          @Override
          public void insert(VectorSchemaRoot root) {
            try (TableSession session = pool.getSession()) {
              session.insert(ArrowTablet.builder(TABLE, root).tag(BenchData.TAG).build());
            }
          }

          @Override
          public void close() {
            pool.close();
          }
        };
      }
      case "official": {
        ITableSessionPool pool = new TableSessionPoolBuilder().nodeUrls(List.of(endpoint))
            .database("bench").maxSize(threads).build();
        return new Pool() {
          @Override
          public void insert(VectorSchemaRoot root) throws Exception {
            var tablet = OfficialTablets.fromArrow(TABLE, root);
            try (ITableSession session = pool.getSession()) {
              session.insert(tablet);
            }
          }

          @Override
          public void close() {
            pool.close();
          }
        };
      }
      default:
        throw new IllegalArgumentException("unknown client '" + name
            + "': give quiver or official");
    }
  }

  private static void report(int threads, Map<String, List<Round>> results) {
    System.out.println();
    System.out.println("| threads | client | rows/s median [min-max] | ± % | client CPU ns/row "
        + "median [min-max] | ± % | JVM CPU ns/row | DataNode CPU ns/row | JVM + DataNode "
        + "ns/row | other load, cores | settles idle |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (Map.Entry<String, List<Round>> e : results.entrySet()) {
      List<Round> rs = e.getValue();
      Spread rate = Spread.of(rs.stream().mapToDouble(r -> r.rowsPerSecond).toArray());
      Spread client = Spread.of(rs.stream().mapToDouble(r -> r.clientCpuPerRow).toArray());
      System.out.printf(Locale.ROOT,
          "| %d | %s | %s | %.0f | %s | %.0f | %s | %s | %s | %s | %d/%d |%n", threads,
          e.getKey(), rate.format("%,.0f"), rate.halfRangePercent(),
          client.format("%.0f"), client.halfRangePercent(),
          Spread.of(rs.stream().mapToDouble(r -> r.jvmCpuPerRow).toArray()).format("%.0f"),
          Spread.of(rs.stream().mapToDouble(r -> r.dataNodeCpuPerRow).toArray()).format("%.0f"),
          Spread.of(rs.stream().mapToDouble(Round::totalCpuPerRow).toArray()).format("%.0f"),
          Spread.of(rs.stream().mapToDouble(r -> r.otherCores).toArray()).format("%.2f"),
          rs.stream().filter(r -> r.settle.idle()).count(), rs.size());
    }
  }

  /**
   * Quiver against the official pool per thread count: the ratio of the medians, and the median
   * (min-max) of the per-round ratios (round k of one against round k of the other, measured next
   * to each other).
   */
  private static void summary(Map<Integer, Map<String, List<Round>>> all) {
    System.out.println();
    System.out.println("| threads | quiver/official rows/s (of medians) | per-round rows/s ratio "
        + "median [min-max] | official/quiver client CPU per row (of medians) | official/quiver"
        + " JVM + DataNode CPU per row |");
    System.out.println("|---|---|---|---|---|");
    for (Map.Entry<Integer, Map<String, List<Round>>> e : all.entrySet()) {
      List<Round> q = e.getValue().get("quiver");
      List<Round> o = e.getValue().get("official");
      if (q == null || o == null) {
        continue;
      }
      double[] paired = new double[Math.min(q.size(), o.size())];
      for (int k = 0; k < paired.length; k++) {
        paired[k] = q.get(k).rowsPerSecond / o.get(k).rowsPerSecond;
      }
      double qRate = Spread.of(q.stream().mapToDouble(r -> r.rowsPerSecond).toArray()).median();
      double oRate = Spread.of(o.stream().mapToDouble(r -> r.rowsPerSecond).toArray()).median();
      double qCpu = Spread.of(q.stream().mapToDouble(r -> r.clientCpuPerRow).toArray()).median();
      double oCpu = Spread.of(o.stream().mapToDouble(r -> r.clientCpuPerRow).toArray()).median();
      double qTotal = Spread.of(q.stream().mapToDouble(Round::totalCpuPerRow).toArray()).median();
      double oTotal = Spread.of(o.stream().mapToDouble(Round::totalCpuPerRow).toArray()).median();
      System.out.printf(Locale.ROOT, "| %d | %.2f | %s | %.1f | %.2f |%n", e.getKey(),
          qRate / oRate, Spread.of(paired).format("%.2f"), oCpu / qCpu, oTotal / qTotal);
    }
  }

  /** The command line: {@code name=value} pairs. */
  static final class Options {
    List<Integer> threads = List.of(1, 4, 8);
    List<String> clients = List.of("quiver", "official");
    int rounds = 7;
    int batches = 40;
    int warmup = 2;
    String set = "random";

    static Options parse(String... args) {
      Options o = new Options();
      for (String a : args) {
        int eq = a.indexOf('=');
        String key = eq < 0 ? a : a.substring(0, eq);
        String value = eq < 0 ? "" : a.substring(eq + 1);
        switch (key) {
          case "threads":
            o.threads = Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
            break;
          case "clients":
            o.clients = List.of(value.split(","));
            break;
          case "rounds":
            o.rounds = Integer.parseInt(value);
            break;
          case "batches":
            o.batches = Integer.parseInt(value);
            break;
          case "warmup":
            o.warmup = Integer.parseInt(value);
            break;
          case "set":
            o.set = value;
            break;
          default:
            throw new IllegalArgumentException("unknown option '" + a + "'; options: threads, "
                + "clients, rounds, batches, warmup, set");
        }
      }
      for (int t : o.threads) {
        if (t < 1 || o.batches % t != 0) {
          throw new IllegalArgumentException("threads=" + t + " does not divide batches="
              + o.batches + " (every thread writes as many batches)");
        }
      }
      if (o.rounds < 1) {
        throw new IllegalArgumentException("rounds=" + o.rounds + ": give at least 1");
      }
      return o;
    }

    @Override
    public String toString() {
      return "threads=" + threads + " clients=" + clients + " rounds=" + rounds + " batches="
          + batches + " warmup=" + warmup + " set=" + set;
    }
  }
}
