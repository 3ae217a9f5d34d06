package io.quiver.benchmarks;

import io.quiver.arrow.ArrowDeviceBatch;
import io.quiver.client.RedirectStats;
import io.quiver.client.Session;
import io.quiver.client.SessionConfig;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.TimePrecision;
import io.quiver.client.internal.Connection;
import io.quiver.client.internal.DeviceRoutes;
import io.quiver.client.internal.Dialect;
import io.quiver.client.internal.EncodedRows;
import io.quiver.client.internal.session.Clock;
import io.quiver.client.internal.session.Connector;
import io.quiver.client.internal.session.Links;
import io.quiver.client.internal.session.Retrier;
import io.quiver.client.internal.session.RetryPolicy;
import io.quiver.client.internal.session.WriteRouter;
import io.quiver.client.internal.tree.DeviceBatch;
import io.quiver.client.internal.tree.TreeTablets;
import io.quiver.client.spi.InsertBatch;
import io.quiver.localiotdb.ClusterSpec;
import io.quiver.localiotdb.LocalCluster;
import io.quiver.localiotdb.QuiverHome;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parallel per-node writes against node after node, on a real 1C2D cluster (one ConfigNode, two
 * DataNodes, no replication): one tree session given node 0, whose learned routes cut every
 * request of 10 devices into a part for node 0 and a part for node 1.
 *
 * <ul>
 *   <li>{@code pipelined}: both parts are sent before either answer is read (the default);
 *   <li>{@code oneAfterAnother}: node 0's answer is read before node 1's part is sent (what the
 *       router did before).
 * </ul>
 *
 * <p>What it isolates: the session's write path from the encoded batch on (device grouping and
 * encoding as {@code Session.insertTablets(DeviceRows)} does them, then {@code WriteRouter} over
 * real connections with the replay window on), driven directly so that the one setting that
 * differs is the router's. Both modes encode and group the same way; the difference is the time
 * the two DataNodes work at once. Rows/s and client CPU per row ({@code clientCpuNanos / rows}).
 * Regression it catches: a per-node cut that waits for each node in turn again (the ratio falls
 * to about 1).
 *
 * <p>The cluster is instance {@code it-parallel} (client ports 12667 and 12767), started wiped
 * for each trial and stopped after it, unless {@code QUIVER_CLUSTER_URLS} names two running nodes
 * ({@code host:port,host:port}; the session is given the first). Batches of 10,000 rows (10
 * devices x 5 DOUBLE) with fresh times, 10 per invocation; 1,000,000 rows warm the routes and the
 * server first. Each trial prints where the rows went ({@link RedirectStats}). On a loaded
 * machine prefer {@link ParallelRoutesRounds} (one warm cluster, alternating rounds).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class ParallelRoutesBenchmark {
  static final int BATCH_ROWS = 10_000;
  static final int BATCHES = 10;
  static final int ROWS_PER_INVOCATION = BATCH_ROWS * BATCHES;
  static final String PREFIX = "root.bench_par";

  @Param({"pipelined", "oneAfterAnother"})
  public String mode;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private LocalCluster cluster;
  private Thread hook;
  private BufferAllocator allocator;
  private VectorSchemaRoot[] batches;
  private Links links;
  private WriteRouter router;
  private TimePrecision precision;
  private final EncodedRows encoded = new EncodedRows();
  private long nextTime;

  @Setup(Level.Trial)
  public void setUp() {
    String node0 = startCluster();
    allocator = new RootAllocator();
    batches = new VectorSchemaRoot[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
      batches[b] = BenchData.generate(allocator, "mixed", BATCH_ROWS, 0, 0, 7 + b);
    }
    try (Session admin = Session.open(SessionConfig.builder().nodeUrls(node0).build())) {
      try {
        admin.executeNonQueryStatement("DELETE DATABASE " + PREFIX);
      } catch (io.quiver.client.StatementException absent) {
        // a fresh cluster has none
      }
      admin.executeNonQueryStatement("CREATE DATABASE " + PREFIX);
    }
    TableSessionConfig config = TableSessionConfig.builder().nodeUrls(node0).build();
    links = Links.open(new Connector(List.of(node0), Connection.factory(config, null, Dialect.TREE)), null);
    precision = links.home().precision();
    Retrier retrier = new Retrier(RetryPolicy.of(config), Clock.SYSTEM);
    router = new WriteRouter(links, retrier, () -> links.live(() -> { }), new DeviceRoutes(), config.fetchSize());
    router.pipelined(mode.equals("pipelined"));
    for (int i = 0; i < 1_000_000 / ROWS_PER_INVOCATION; i++) {
      insertAll(null);
    }
    System.out.println("[bench] " + mode + " after warming: " + router.stats());
  }

  private String startCluster() {
    String given = System.getenv("QUIVER_CLUSTER_URLS");
    if (given != null && !given.isBlank()) {
      return given.split(",")[0].trim();
    }
    cluster = new LocalCluster(ClusterSpec.builder("it-parallel").dataNodes(2).build(), QuiverHome.resolve(),
        System.out);
    hook = new Thread(cluster::stop, "bench-cluster-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    return cluster.start(true).rpcEndpoint();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      System.out.println("[bench] " + mode + " at the end: " + router.stats());
      links.close();
      for (VectorSchemaRoot r : batches) {
        r.close();
      }
      allocator.close();
    } finally {
      if (cluster != null) {
        cluster.stop();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The hook is running or ran: the cluster is stopped either way.
        }
      }
    }
  }

  /** Sets a batch's times from {@code first} (10 devices: each time once per device): fresh rows. */
  static void retime(VectorSchemaRoot root, long first) {
    TimeStampMilliVector time = (TimeStampMilliVector) root.getVector("time");
    for (int r = 0; r < BATCH_ROWS; r++) {
      time.set(r, first + r / 10);
    }
  }

  /** The request {@code Session.insertTablets(DeviceRows, false)} sends for this batch. */
  static InsertBatch request(VectorSchemaRoot root, EncodedRows encoded, TimePrecision precision) {
    ArrowDeviceBatch rows = ArrowDeviceBatch.builder(root, BenchData.TAG).prefix(PREFIX).build();
    EncodedRows e = encoded.encode(rows.batch(), precision);
    int[] order = rows.rows();
    List<DeviceBatch> devices = new ArrayList<>(rows.deviceCount());
    for (int g = 0; g < rows.deviceCount(); g++) {
      int[] picked = Arrays.copyOfRange(order, rows.start(g), rows.end(g));
      devices.add(new DeviceBatch(rows.devicePath(g), e.select(picked, picked.length)));
    }
    return new TreeTablets(devices, false);
  }

  private void insertAll(ClientCpu cpu) {
    for (VectorSchemaRoot root : batches) {
      retime(root, nextTime);
      nextTime += BATCH_ROWS / 10;
      long t0 = cpu == null ? 0 : THREADS.getCurrentThreadCpuTime();
      router.deliver(request(root, encoded, precision), n -> { });
      if (cpu != null) {
        cpu.clientCpuNanos += THREADS.getCurrentThreadCpuTime() - t0;
        cpu.rows += BATCH_ROWS;
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public void insert(ClientCpu cpu) {
    insertAll(cpu);
  }
}
