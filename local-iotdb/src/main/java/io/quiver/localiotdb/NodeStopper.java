package io.quiver.localiotdb;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops one node by its recorded pid: SIGTERM and up to 30 s to exit, then SIGKILL; or SIGKILL at once. Only a
 * process whose command line is this node's is ever signalled.
 */
final class NodeStopper {
  static final Duration GRACE = Duration.ofSeconds(30);
  private static final Duration AFTER_KILL = Duration.ofSeconds(15);

  private final NodeProcesses processes;
  private final PrintStream out;

  NodeStopper(NodeProcesses processes, PrintStream out) {
    this.processes = processes;
    this.out = out;
  }

  /** SIGTERM, then SIGKILL after {@link #GRACE}; false when the node was not running. */
  boolean stop(NodeRef node) {
    Optional<ProcessHandle> found = processes.findCleaningStale(node, out);
    if (found.isEmpty()) {
      return false;
    }
    ProcessHandle process = found.get();
    long t0 = System.nanoTime();
    out.println("stopping " + node + " (pid " + process.pid() + ") ...");
    process.destroy();
    if (!waitForExit(process, GRACE)) {
      out.println(node + " (pid " + process.pid() + ") did not stop within " + GRACE.toSeconds()
          + " s after SIGTERM; killing it (SIGKILL)");
      process.destroyForcibly();
      requireExit(process, node);
    }
    processes.pidFile(node).delete();
    out.printf("stopped %s (pid %d) in %.1f s%n", node, process.pid(), (System.nanoTime() - t0) / 1e9);
    return true;
  }

  /** SIGKILL at once, as a crash would; false when the node was not running. */
  boolean kill(NodeRef node) {
    Optional<ProcessHandle> found = processes.findCleaningStale(node, out);
    if (found.isEmpty()) {
      return false;
    }
    ProcessHandle process = found.get();
    process.destroyForcibly();
    requireExit(process, node);
    processes.pidFile(node).delete();
    out.println("killed " + node + " (pid " + process.pid() + ") with SIGKILL");
    return true;
  }

  private void requireExit(ProcessHandle process, NodeRef node) {
    if (!waitForExit(process, AFTER_KILL)) {
      throw new LocalIoTDBException(node + " (pid " + process.pid() + ") is still alive " + AFTER_KILL.toSeconds()
          + " s after SIGKILL; check it with 'ps -p " + process.pid() + "'");
    }
  }

  private static boolean waitForExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new LocalIoTDBException("cannot wait for pid " + process.pid() + " to exit: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalIoTDBException("interrupted while waiting for pid " + process.pid() + " to exit", e);
    }
  }
}
