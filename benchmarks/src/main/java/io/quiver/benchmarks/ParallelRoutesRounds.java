package io.quiver.benchmarks;

import io.quiver.client.Session;
import io.quiver.client.SessionConfig;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.internal.Connection;
import io.quiver.client.internal.DeviceRoutes;
import io.quiver.client.internal.Dialect;
import io.quiver.client.internal.EncodedRows;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.session.Clock;
import io.quiver.client.internal.session.Connector;
import io.quiver.client.internal.session.LinkFactory;
import io.quiver.client.internal.session.Links;
import io.quiver.client.internal.session.Retrier;
import io.quiver.client.internal.session.RetryPolicy;
import io.quiver.client.internal.session.WriteRouter;
import io.quiver.localiotdb.ClusterSpec;
import io.quiver.localiotdb.LocalCluster;
import io.quiver.localiotdb.QuiverHome;
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
 * {@link ParallelRoutesBenchmark}'s comparison measured as {@link IngestRounds} measures clients:
 * one warm 1C2D cluster for both modes, rounds in which the two alternate (the order flips each
 * round), fresh rows every round, and before each measured write a settle ({@code FLUSH}, then a
 * pause). JMH gives each mode its own trial and cluster, and on a loaded machine its iterations
 * swing by more than the difference being measured; here each round also yields a paired ratio
 * (pipelined / node after node, written seconds apart), whose median is the figure to quote.
 *
 * <p>Both modes are a tree session's write path driven directly (see {@link
 * ParallelRoutesBenchmark}): one {@code WriteRouter} each, over its own connections, given node 0
 * and with the routes of all 10 devices learned while warming; the only difference is {@code
 * WriteRouter.pipelined}.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.quiver.benchmarks.ParallelRoutesRounds
 * [rounds=7] [batches=20] [warmup=500000] [settleMs=1000] [link=0|100m|1g]}. Batches of 10,000 rows.
 * With {@code link}, each node is reached through its own {@link ThrottledRelay} limited to that
 * rate (a slower network between client and nodes, where sending the bytes is the cost the nodes
 * can share); 0 (the default) connects directly. The cluster is
 * instance {@code it-parallel} (wiped, stopped at the end) unless {@code QUIVER_CLUSTER_URLS} names
 * two running nodes.
 */
public final class ParallelRoutesRounds {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final String PREFIX = ParallelRoutesBenchmark.PREFIX;
  private static final int BATCH_ROWS = ParallelRoutesBenchmark.BATCH_ROWS;

  /** One mode's writer: its own connections and router. */
  private static final class Writer implements AutoCloseable {
    final String name;
    final Links links;
    final WriteRouter router;
    final EncodedRows encoded = new EncodedRows();
    final List<double[]> rounds = new ArrayList<>();

    Writer(String name, String node0, boolean pipelined, Map<Endpoint, Endpoint> via) {
      this.name = name;
      TableSessionConfig config = TableSessionConfig.builder().nodeUrls(node0).build();
      LinkFactory direct = Connection.factory(config, null, Dialect.TREE);
      LinkFactory relayed = (endpoint, database) -> direct.open(via.getOrDefault(endpoint, endpoint), database);
      Endpoint home = Endpoint.parse(node0, "node");
      links = Links.open(new Connector(List.of(via.getOrDefault(home, home).toString()), relayed), null);
      router = new WriteRouter(links, new Retrier(RetryPolicy.of(config), Clock.SYSTEM),
          () -> links.live(() -> { }), new DeviceRoutes(), config.fetchSize());
      router.pipelined(pipelined);
    }

    @Override
    public void close() {
      links.close();
    }
  }

  private static long nextTime;

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      opts.put(a.substring(0, eq), a.substring(eq + 1));
    }
    int rounds = Integer.parseInt(opts.getOrDefault("rounds", "7"));
    int batches = Integer.parseInt(opts.getOrDefault("batches", "20"));
    long warmup = Long.parseLong(opts.getOrDefault("warmup", "500000"));
    long settleMs = Long.parseLong(opts.getOrDefault("settleMs", "1000"));
    String link = opts.getOrDefault("link", "0");
    long bits = link.equals("0") ? 0 : link.equals("100m") ? 100_000_000L : link.equals("1g") ? 1_000_000_000L
        : Long.parseLong(link);

    LocalCluster cluster = null;
    List<String> nodes = new ArrayList<>();
    String given = System.getenv("QUIVER_CLUSTER_URLS");
    if (given != null && !given.isBlank()) {
      for (String n : given.split(",")) {
        nodes.add(n.trim());
      }
    } else {
      cluster = new LocalCluster(ClusterSpec.builder("it-parallel").dataNodes(2).build(), QuiverHome.resolve(),
          System.out);
      LocalCluster started = cluster;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "rounds-cluster-stop"));
      nodes.addAll(cluster.start(true).rpcEndpoints());
    }
    String node0 = nodes.get(0);
    // With a link rate: every connection to a node goes through that node's relay (the hints name
    // the nodes themselves; the links' factory maps them).
    Map<Endpoint, Endpoint> via = new LinkedHashMap<>();
    List<ThrottledRelay> relays = new ArrayList<>();
    if (bits > 0) {
      for (String n : nodes) {
        ThrottledRelay r = new ThrottledRelay(n, bits);
        relays.add(r);
        via.put(Endpoint.parse(n, "node"), Endpoint.parse(r.endpoint(), "node"));
      }
    }
    System.out.println("[rounds] link " + link + (bits > 0 ? " (a ThrottledRelay per node)" : " (direct)"));
    try (BufferAllocator allocator = new RootAllocator();
         Session admin = Session.open(SessionConfig.builder().nodeUrls(node0).build())) {
      try {
        admin.executeNonQueryStatement("DELETE DATABASE " + PREFIX);
      } catch (io.quiver.client.StatementException absent) {
        // a fresh cluster has none
      }
      admin.executeNonQueryStatement("CREATE DATABASE " + PREFIX);
      VectorSchemaRoot[] roots = new VectorSchemaRoot[batches];
      for (int b = 0; b < batches; b++) {
        roots[b] = BenchData.generate(allocator, "mixed", BATCH_ROWS, 0, 0, 7 + b);
      }
      try (Writer pipelined = new Writer("pipelined", node0, true, via);
           Writer sequential = new Writer("oneAfterAnother", node0, false, via)) {
        for (Writer w : List.of(pipelined, sequential)) {
          for (long rows = 0; rows < warmup; rows += (long) batches * BATCH_ROWS) {
            write(w, roots);
          }
          System.out.println("[rounds] " + w.name + " warmed: " + w.router.stats());
        }
        List<Double> paired = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          List<Writer> order = round % 2 == 0 ? List.of(pipelined, sequential) : List.of(sequential, pipelined);
          for (Writer w : order) {
            admin.executeNonQueryStatement("FLUSH");
            Thread.sleep(settleMs);
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            write(w, roots);
            long wall = System.nanoTime() - t0;
            long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
            long rows = (long) batches * BATCH_ROWS;
            w.rounds.add(new double[] {rows * 1e9 / wall, (double) cpu / rows});
          }
          double ratio = last(pipelined) / last(sequential);
          paired.add(ratio);
          System.out.printf(Locale.ROOT, "[rounds] round %d (%s first): pipelined %,.0f rows/s, oneAfterAnother %,.0f"
              + " rows/s, ratio %.2f%n", round + 1, order.get(0).name, last(pipelined), last(sequential), ratio);
        }
        System.out.println();
        System.out.println("| mode | rows/s median [min-max] | client CPU ns/row median |");
        System.out.println("|---|---|---|");
        for (Writer w : List.of(pipelined, sequential)) {
          double[] rate = column(w, 0);
          double[] cpu = column(w, 1);
          System.out.printf(Locale.ROOT, "| %s | %,.0f [%,.0f-%,.0f] | %.0f |%n", w.name, median(rate), rate[0],
              rate[rate.length - 1], median(cpu));
        }
        double[] ratios = paired.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%npaired ratio pipelined / oneAfterAnother: median %.2f [%.2f-%.2f] over %d"
            + " rounds; stats: %s | %s%n", median(ratios), ratios[0], ratios[ratios.length - 1], ratios.length,
            pipelined.router.stats(), sequential.router.stats());
      } finally {
        for (VectorSchemaRoot r : roots) {
          if (r != null) {
            r.close();
          }
        }
      }
    } finally {
      for (ThrottledRelay r : relays) {
        r.close();
      }
      if (cluster != null) {
        cluster.stop();
      }
    }
  }

  private static void write(Writer w, VectorSchemaRoot[] roots) {
    for (VectorSchemaRoot root : roots) {
      ParallelRoutesBenchmark.retime(root, nextTime);
      nextTime += BATCH_ROWS / 10;
      w.router.deliver(ParallelRoutesBenchmark.request(root, w.encoded, w.links.home().precision()), n -> { });
    }
  }

  private static double last(Writer w) {
    return w.rounds.get(w.rounds.size() - 1)[0];
  }

  private static double[] column(Writer w, int c) {
    return w.rounds.stream().mapToDouble(r -> r[c]).sorted().toArray();
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
