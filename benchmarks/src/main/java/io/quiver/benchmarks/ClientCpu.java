package io.quiver.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-iteration sums the end-to-end benchmarks report beside their score: the CPU time the
 * benchmark threads spent in the client, and the rows they wrote or read; client CPU per row =
 * {@code clientCpuNanos / rows}.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ClientCpu {
  public long clientCpuNanos;
  public long rows;

  @Setup(Level.Iteration)
  public void reset() {
    clientCpuNanos = 0;
    rows = 0;
  }
}
