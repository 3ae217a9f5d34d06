package io.quiver.localiotdb;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds the running process of a node from its pid file, checking that the pid still belongs to that node
 * (its command line names the node's main class and folder), so a reused pid is never signalled.
 */
final class NodeProcesses {
  private final InstanceLayout layout;

  NodeProcesses(InstanceLayout layout) {
    this.layout = layout;
  }

  PidFile pidFile(NodeRef node) {
    return new PidFile(layout.pidFile(node));
  }

  /** The node's live process, if its pid file names one; does not touch the pid file. */
  Optional<ProcessHandle> find(NodeRef node) {
    OptionalLong pid = pidFile(node).read();
    if (pid.isEmpty()) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive).filter(h -> isOurs(h, node));
  }

  /** Like {@link #find}, but deletes a pid file whose process is gone (saying so on {@code out}). */
  Optional<ProcessHandle> findCleaningStale(NodeRef node, PrintStream out) {
    Optional<ProcessHandle> handle = find(node);
    PidFile file = pidFile(node);
    if (handle.isEmpty() && file.exists()) {
      OptionalLong pid = file.read();
      String what = pid.isPresent() ? "pid " + pid.getAsLong() + " no longer runs " + node : "it holds no pid";
      file.delete();
      out.println("removed the stale pid file " + file.path() + " (" + what + ")");
    }
    return handle;
  }

  /** True when {@code handle}'s command line is the one the launcher uses for {@code node}. */
  boolean isOurs(ProcessHandle handle, NodeRef node) {
    ProcessHandle.Info info = handle.info();
    Optional<String[]> args = info.arguments();
    String commandLine = args.map(a -> String.join(" ", Arrays.asList(a)) + " ")
        .or(() -> info.commandLine().map(c -> c + " "))
        .orElse("");
    return NodeCommandLine.matches(commandLine, layout, node);
  }
}
