package io.quiver.benchmarks;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.TimePrecision;
import io.quiver.client.internal.ReplayWindow;
import io.quiver.client.spi.WireBuffer;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The client-side cost of the replay window, with no network: encoding 10 Arrow batches of 10,000
 * rows (1 TAG + 5 DOUBLE, the ingest benchmark's data) into the request buffer, with and without
 * then copying each encoded request into a {@link ReplayWindow}, as {@code Connection.insert} does
 * once the server acknowledged it. The window expires frames as a live session's would, on a
 * logical clock (one tick per frame, so JMH's pauses between iterations do not empty it): it holds
 * the last 50 frames (about 27 MB, more than the caches) and recycles its chunks, the steady state
 * of a long ingest.
 *
 * <p>Scores are ns per row; {@code encodeAndKeep - encode} is what the window adds per row.
 * Regressions it catches: an allocation per frame in the window (gc.alloc.rate.norm grows with
 * {@code -prof gc}), a copy slower than memcpy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ReplayWindowBenchmark {
  static final int BATCH_ROWS = 10_000;
  static final int BATCHES = 10;
  static final int ROWS_PER_INVOCATION = BATCH_ROWS * BATCHES;

  private BufferAllocator allocator;
  private VectorSchemaRoot[] batches;
  private WireBuffer out;
  private ReplayWindow window;
  /** The logical clock: one tick per frame kept. */
  private long now;

  @Setup(Level.Trial)
  public void setUp() {
    allocator = new RootAllocator();
    batches = new VectorSchemaRoot[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
      batches[b] = BenchData.generate(allocator, "mixed", BATCH_ROWS, 0, (long) b * BATCH_ROWS, 7 + b);
    }
    out = new WireBuffer(4 * 1024 * 1024);
    window = new ReplayWindow(50, 256L * 1024 * 1024);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (window.droppedFrames() > 0) {
      throw new IllegalStateException("the window overflowed: the benchmark measured drops, not the steady state");
    }
    for (VectorSchemaRoot r : batches) {
      r.close();
    }
    allocator.close();
  }

  private int encode(VectorSchemaRoot root) {
    ArrowTablet t = ArrowTablet.builder("ingest", root).tag(BenchData.TAG).build();
    out.position(0);
    out.ensureRemaining(8L * t.rowCount() + t.valuesSize());
    t.writeTimestamps(out, TimePrecision.MILLISECONDS);
    t.writeValues(out, TimePrecision.MILLISECONDS);
    return out.position();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public int encode() {
    int bytes = 0;
    for (VectorSchemaRoot root : batches) {
      bytes += encode(root);
    }
    return bytes;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS_PER_INVOCATION)
  public int encodeAndKeep() {
    int bytes = 0;
    for (VectorSchemaRoot root : batches) {
      int n = encode(root);
      now++;
      window.expire(now);
      window.add(out.array(), 0, n, BATCH_ROWS, "ingest", "bench", now);
      bytes += n;
    }
    return bytes;
  }
}
