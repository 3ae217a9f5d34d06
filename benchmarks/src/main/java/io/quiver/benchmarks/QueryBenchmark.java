package io.quiver.benchmarks;

import io.quiver.arrow.ArrowQuery;
import io.quiver.arrow.ArrowResultStream;
import io.quiver.arrow.ArrowTablet;
import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.spi.BlockCursor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iotdb.isession.ITableSession;
import org.apache.iotdb.session.TableSessionBuilder;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * End-to-end query reads from a real local IoTDB over one connection: rows per second and client
 * CPU per row, for the same query over the same data ({@value #ROWS} rows of 1 TAG + 5 DOUBLE +
 * time, 10 devices, loaded and flushed once by Quiver), read fully by each client:
 *
 * <ul>
 *   <li>{@code arrow}: {@link ArrowQuery#stream}, every fetch's TsBlocks decoded into Arrow
 *       vectors (the batch is then ready for columnar use; the benchmark touches one value per
 *       batch);
 *   <li>{@code official}: the official client's {@code SessionDataSet.iterator()}, reading every
 *       cell of every row with its typed getters ({@code getLong}, {@code getString}, {@code
 *       getDouble}), the fastest way it offers to get at the values;
 *   <li>{@code raw}: Quiver's query cursor fetching the same blocks without decoding them: the
 *       ceiling set by the server and the wire, which the Arrow path should approach.
 * </ul>
 *
 * {@code fetchSize} is the rows asked per round trip (the server sends whole blocks of up to 128
 * KiB, about 2,500 rows here, until it is reached): 5,000 is the official client's (and Quiver's
 * session) default, 65,536 the Arrow path's. Each
 * trial uses the server named by {@code QUIVER_IOTDB_URL} (data loaded once, reused if present)
 * or a fresh local instance "bench"; it reads the table three times before measuring, so the
 * server's caches and JIT are warm. The score is rows/s ({@code @OperationsPerInvocation} = rows
 * per read); the auxiliary counters {@code rows} and {@code clientCpuNanos} give client CPU per row
 * = clientCpuNanos / rows.
 *
 * <p>On a 2-core machine client and server share the cores, so client CPU per row is as telling as
 * rows/s. Regressions it catches: a copy, allocation or per-value object added on the decode path
 * (arrow's CPU per row grows and its rows/s falls away from raw), a lost read-buffer reuse in the
 * transport (raw falls), a fetch loop that stalls (both fall).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class QueryBenchmark {
  static final int ROWS = 2_000_000;
  static final int LOAD_BATCH = 100_000;
  static final String DATABASE = "bench_query";
  static final String TABLE = "q";
  static final String SQL = "SELECT time, dev, m0, m1, m2, m3, m4 FROM " + TABLE;

  @Param({"arrow", "official", "raw"})
  public String client;

  @Param({"5000", "65536"})
  public int fetchSize;

  private BenchServer server;
  private BufferAllocator allocator;
  private TableSession quiver;
  private ITableSession official;


  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = new BenchServer();
    allocator = new RootAllocator();
    load(server.endpoint(), allocator);
    if (client.equals("official")) {
      official = new TableSessionBuilder().nodeUrls(List.of(server.endpoint())).database(DATABASE)
          .fetchSize(fetchSize).build();
    } else {
      quiver = TableSession.open(TableSessionConfig.builder().nodeUrls(server.endpoint()).database(DATABASE)
          .fetchSize(fetchSize).build());
    }
    Blackhole warm = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    for (int i = 0; i < 3; i++) {
      long rows = read(warm);
      if (rows != ROWS) {
        throw new IllegalStateException(client + " read " + rows + " rows, expected " + ROWS);
      }
    }
    warm.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
  }

  /** Loads the table (and flushes it to disk) unless the server already holds exactly that. */
  static void load(String endpoint, BufferAllocator allocator) {
    try (TableSession s = TableSession.open(TableSessionConfig.builder().nodeUrls(endpoint).build())) {
      s.executeNonQueryStatement("CREATE DATABASE IF NOT EXISTS " + DATABASE);
      s.executeNonQueryStatement("USE " + DATABASE);
      s.executeNonQueryStatement("CREATE TABLE IF NOT EXISTS " + TABLE + " (dev STRING TAG, m0 DOUBLE FIELD,"
          + " m1 DOUBLE FIELD, m2 DOUBLE FIELD, m3 DOUBLE FIELD, m4 DOUBLE FIELD)");
      try (SessionDataSet count = s.executeQueryStatement("SELECT count(*) FROM " + TABLE)) {
        if (count.next() && count.getLong(0) == ROWS) {
          return;
        }
      }
      s.executeNonQueryStatement("DROP TABLE " + TABLE);
      s.executeNonQueryStatement("CREATE TABLE " + TABLE + " (dev STRING TAG, m0 DOUBLE FIELD,"
          + " m1 DOUBLE FIELD, m2 DOUBLE FIELD, m3 DOUBLE FIELD, m4 DOUBLE FIELD)");
      for (int b = 0; b < ROWS / LOAD_BATCH; b++) {
        try (VectorSchemaRoot root = BenchData.generate(allocator, "mixed", LOAD_BATCH, 0, (long) b * LOAD_BATCH, b)) {
          s.insert(ArrowTablet.builder(TABLE, root).tag(BenchData.TAG).build());
        }
      }
      s.executeNonQueryStatement("FLUSH");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try {
      if (quiver != null) {
        quiver.close();
      }
      if (official != null) {
        official.close();
      }
      allocator.close();
    } finally {
      server.close();
    }
  }

  /** Reads the whole result with the client under test; returns the rows read. */
  private long read(Blackhole bh) throws Exception {
    switch (client) {
      case "arrow":
        return readArrow(bh);
      case "official":
        return readOfficial(bh);
      default:
        return readRaw(bh);
    }
  }

  private long readArrow(Blackhole bh) {
    try (ArrowResultStream stream =
        ArrowQuery.stream(quiver, SQL, allocator, ArrowQuery.Options.defaults().withFetchSize(fetchSize))) {
      VectorSchemaRoot root = stream.getVectorSchemaRoot();
      long rows = 0;
      while (stream.loadNextBatch()) {
        rows += root.getRowCount();
        bh.consume(((Float8Vector) root.getVector(6)).get(root.getRowCount() - 1));
      }
      return rows;
    }
  }

  private long readOfficial(Blackhole bh) throws Exception {
    try (org.apache.iotdb.isession.SessionDataSet ds = official.executeQueryStatement(SQL)) {
      org.apache.iotdb.isession.SessionDataSet.DataIterator it = ds.iterator();
      long rows = 0;
      while (it.next()) {
        bh.consume(it.getLong(1));
        bh.consume(it.getString(2));
        bh.consume(it.getDouble(3));
        bh.consume(it.getDouble(4));
        bh.consume(it.getDouble(5));
        bh.consume(it.getDouble(6));
        bh.consume(it.getDouble(7));
        rows++;
      }
      return rows;
    }
  }

  /** Fetches every block without decoding; counts rows from the block headers. */
  private long readRaw(Blackhole bh) {
    try (BlockCursor cursor = quiver.openQueryCursor(SQL, 0, fetchSize)) {
      long rows = 0;
      for (List<ByteBuffer> blocks = cursor.nextBlocks(); blocks != null; blocks = cursor.nextBlocks()) {
        for (ByteBuffer b : blocks) {
          int columns = b.getInt(b.position());
          rows += b.getInt(b.position() + 4 + columns);
          bh.consume(b.remaining());
        }
      }
      return rows;
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void query(ClientCpu cpu, Blackhole bh) throws Exception {
    long t0 = THREADS.getCurrentThreadCpuTime();
    long rows = read(bh);
    cpu.clientCpuNanos += THREADS.getCurrentThreadCpuTime() - t0;
    cpu.rows += rows;
    if (rows != ROWS) {
      throw new IllegalStateException(client + " read " + rows + " rows, expected " + ROWS);
    }
  }
}
