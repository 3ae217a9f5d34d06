package io.quiver.benchmarks;

import io.quiver.arrow.internal.ResultSchema;
import io.quiver.arrow.internal.TsBlockArrowDecoder;
import io.quiver.client.DataType;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.BlockCursor;
import io.quiver.client.internal.tsblock.TsBlockDecoder;
import java.nio.ByteBuffer;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The client-side cost of decoding one fetch of query results, without the server: real TsBlocks
 * captured once from {@link QueryBenchmark}'s table (1 TAG + 5 DOUBLE + time; the tag run-length
 * encoded, 2,440 to 2,520 rows per block), decoded again and again. Score: ns per fetch; divide
 * by the rows per fetch (printed at setup: 5,040 for 2 blocks, about 50,000 for 20) for ns per row.
 *
 * <ul>
 *   <li>{@code arrow}: Quiver's TsBlock → Arrow decoder into a stream's root (new buffers per
 *       batch, as {@code ArrowResultStream} does);
 *   <li>{@code rows}: Quiver's row-path decoder ({@code TsBlockDecoder}, the one behind {@code
 *       SessionDataSet}), into Java arrays.
 * </ul>
 *
 * {@code blocks} is the blocks per fetch: 2 is what a fetch size of 5,000 brings, 20 a fetch size
 * of 50,000. Regressions it catches: a per-value cost or allocation added to the Arrow decoder,
 * isolated from the server's noise. Needs a server for the capture ({@code QUIVER_IOTDB_URL} or a
 * fresh local "bench" instance).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class DecodeBenchmark {
  @Param({"arrow", "rows"})
  public String decoder;

  @Param({"2", "20"})
  public int blocks;

  private BufferAllocator allocator;
  private VectorSchemaRoot root;
  private TsBlockArrowDecoder arrow;
  private List<ByteBuffer> fetch;
  private int rows;

  @Setup(Level.Trial)
  public void setUp() {
    allocator = new RootAllocator();
    List<String> names;
    List<DataType> types;
    int[] blockColumns;
    fetch = new ArrayList<>();
    try (BenchServer server = new BenchServer()) {
      QueryBenchmark.load(server.endpoint(), allocator);
      try (TableSession s = TableSession.open(TableSessionConfig.builder().nodeUrls(server.endpoint())
              .database(QueryBenchmark.DATABASE).fetchSize(100_000).build());
          BlockCursor cursor = s.openQueryCursor(QueryBenchmark.SQL, 0)) {
        names = cursor.columnNames();
        types = cursor.columnTypes();
        blockColumns = new int[names.size()];
        for (int i = 0; i < blockColumns.length; i++) {
          blockColumns[i] = cursor.blockColumn(i);
        }
        for (List<ByteBuffer> b = cursor.nextBlocks(); b != null && fetch.size() < blocks; b = cursor.nextBlocks()) {
          for (ByteBuffer block : b) {
            if (fetch.size() < blocks) {
              byte[] copy = new byte[block.remaining() + 64];
              block.duplicate().get(copy, 32, block.remaining());
              fetch.add(ByteBuffer.wrap(copy, 32, block.remaining()));
            }
          }
        }
      }
    }
    root = VectorSchemaRoot.create(ResultSchema.of(names, types, TimePrecision.MILLISECONDS, ZoneOffset.UTC),
        allocator);
    arrow = new TsBlockArrowDecoder(names, types, blockColumns, root.getFieldVectors());
    rows = arrow.decode(fetch, 0, 0);
    System.out.println("DecodeBenchmark: a fetch of " + fetch.size() + " blocks holds " + rows + " rows");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    root.close();
    allocator.close();
  }

  @Benchmark
  public void decode(Blackhole bh) {
    if (decoder.equals("arrow")) {
      bh.consume(arrow.decode(fetch, 0, 0));
    } else {
      for (ByteBuffer b : fetch) {
        bh.consume(TsBlockDecoder.decode(b.duplicate()));
      }
    }
  }
}
