package io.quiver.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The CPU time (not wall time) the benchmark thread spent per iteration, and the rows it encoded:
 * {@code cpuNanos / rows} is ns of CPU per row. On a machine shared with other work the wall-time
 * score includes the time the thread waited for a core; the CPU time does not, so ratios of it
 * between methods of the same run hold better (cache and frequency effects of the neighbours
 * remain).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class EncodeCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public long cpuNanos;
  public long rows;

  @Setup(Level.Iteration)
  public void reset() {
    cpuNanos = 0;
    rows = 0;
  }

  static long now() {
    return THREADS.getCurrentThreadCpuTime();
  }

  void add(long startCpu, int rowsDone) {
    cpuNanos += now() - startCpu;
    rows += rowsDone;
  }
}
