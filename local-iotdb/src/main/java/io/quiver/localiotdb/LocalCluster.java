package io.quiver.localiotdb;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A local IoTDB 2.0.10 instance of one ConfigNode and {@link ClusterSpec#dataNodeCount()} DataNodes, each a
 * separate JVM on 127.0.0.1 that outlives the process that started it. Its configuration, data, logs and pid
 * files live in {@code <quiverHome>/.quiver/<instance>/}; the binaries are fetched once into
 * {@code <quiverHome>/.quiver/dist/}.
 *
 * <p>Starting and stopping are serialised across processes by a lock file in the instance folder. Processes
 * are only ever signalled by their recorded pid, after checking that the pid still runs this node.
 */
public final class LocalCluster {
  private static final Duration LOCK_MARGIN = Duration.ofMinutes(2);

  private final ClusterSpec spec;
  private final InstanceLayout layout;
  private final Distribution distribution;
  private final NodeProcesses processes;
  private final NodeLauncher launcher;
  private final NodeStopper stopper;
  private final PrintStream out;

  /**
   * @param spec what the instance looks like
   * @param quiverHome the folder holding {@code .quiver/}
   * @param out where progress lines go
   */
  public LocalCluster(ClusterSpec spec, Path quiverHome, PrintStream out) {
    this.spec = spec;
    this.layout = new InstanceLayout(quiverHome, spec.name());
    this.distribution = new Distribution(quiverHome, out);
    this.processes = new NodeProcesses(layout);
    this.launcher = new NodeLauncher(spec, layout, distribution, processes);
    this.stopper = new NodeStopper(processes, out);
    this.out = out;
  }

  public ClusterSpec spec() {
    return spec;
  }

  /** {@code <quiverHome>/.quiver/<instance>}. */
  public Path instanceDir() {
    return layout.instanceDir();
  }

  /** The client address ("127.0.0.1:port") of DataNode 0. */
  public String rpcEndpoint() {
    return spec.rpcEndpoint(0);
  }

  /** The client addresses of DataNode 0, 1, ... */
  public List<String> rpcEndpoints() {
    List<String> endpoints = new ArrayList<>();
    for (NodeRef node : spec.dataNodes()) {
      endpoints.add(spec.rpcEndpoint(node.index()));
    }
    return endpoints;
  }

  /** Starts the instance, keeping data from earlier runs; see {@link #start(boolean)}. */
  public StartResult start() {
    return start(false);
  }

  /**
   * Starts whatever nodes of the instance are not running (the ConfigNode first), fetching IoTDB first if
   * needed, and waits until each is ready. A no-op when the whole instance is up already. With {@code wipe},
   * a running instance is stopped and the data of every node deleted first (logs are kept).
   *
   * @throws LocalIoTDBException if a port is taken by another process, or a node dies or is not ready within
   *     the spec's start timeout (nodes started by this call are then stopped again)
   */
  public StartResult start(boolean wipe) {
    return locked("starting instance '" + spec.name() + "'", () -> {
      long t0 = System.nanoTime();
      Map<NodeRef, ProcessHandle> running = findRunning();
      if (!wipe && running.size() == spec.nodes().size() && allAnswering()) {
        out.println("instance '" + spec.name() + "' is already running; nothing to start");
        return result(running, t0, true);
      }
      if (wipe) {
        if (!running.isEmpty()) {
          out.println("stopping instance '" + spec.name() + "' to wipe its data");
          stopAll();
          running.clear();
        }
        wipeData();
      }
      List<NodeRef> missing = new ArrayList<>(spec.nodes());
      missing.removeAll(running.keySet());
      PortConflicts.requireFree(spec, missing);
      distribution.ensurePresent();
      long deadline = System.nanoTime() + spec.startTimeout().toNanos();
      String java = JavaExecutable.current();
      List<StartedNode> startedNow = new ArrayList<>();
      try {
        for (NodeRef node : spec.nodes()) {
          if (running.containsKey(node)) {
            awaitPort(node, deadline);
          } else {
            StartedNode started = startNode(node, java, deadline);
            startedNow.add(started);
            running.put(node, started.process().toHandle());
          }
        }
      } catch (RuntimeException e) {
        undo(startedNow);
        throw e;
      }
      return result(running, t0, false);
    });
  }

  /**
   * Stops the DataNodes, then the ConfigNode: SIGTERM by recorded pid, up to 30 s each, then SIGKILL.
   *
   * @return false when nothing of the instance was running
   */
  public boolean stop() {
    return locked("stopping instance '" + spec.name() + "'", this::stopAll);
  }

  /** The state of each node; reads pid files and probes ports, changes nothing. */
  public ClusterStatus status() {
    List<NodeStatus> statuses = new ArrayList<>();
    for (NodeRef node : spec.nodes()) {
      int port = spec.ports().readinessPort(node);
      statuses.add(new NodeStatus(node, processes.pidFile(node).read(), processes.find(node).isPresent(), port,
          Ports.isAnswering(ClusterSpec.HOST, port, Duration.ofMillis(500))));
    }
    return new ClusterStatus(spec.name(), statuses);
  }

  /** Kills DataNode {@code k} with SIGKILL, as a crash would. */
  public void killDataNode(int k) {
    spec.checkDataNode(k);
    locked("killing DataNode " + k + " of instance '" + spec.name() + "'", () -> {
      if (!stopper.kill(NodeRef.dataNode(k))) {
        throw new LocalIoTDBException("DataNode " + k + " of instance '" + spec.name() + "' is not running");
      }
      return null;
    });
  }

  /** Stops DataNode {@code k} with SIGTERM (SIGKILL after 30 s). */
  public void stopDataNode(int k) {
    spec.checkDataNode(k);
    locked("stopping DataNode " + k + " of instance '" + spec.name() + "'", () -> {
      if (!stopper.stop(NodeRef.dataNode(k))) {
        throw new LocalIoTDBException("DataNode " + k + " of instance '" + spec.name() + "' is not running");
      }
      return null;
    });
  }

  /**
   * Starts DataNode {@code k} again in a running instance and waits until it is ready; a no-op if it runs.
   *
   * @return how long it took
   */
  public Duration startDataNode(int k) {
    spec.checkDataNode(k);
    NodeRef node = NodeRef.dataNode(k);
    return locked("starting DataNode " + k + " of instance '" + spec.name() + "'", () -> {
      long t0 = System.nanoTime();
      if (processes.findCleaningStale(NodeRef.configNode(), out).isEmpty()) {
        throw new LocalIoTDBException("the ConfigNode of instance '" + spec.name() + "' is not running; start the "
            + "instance instead of one DataNode");
      }
      if (processes.findCleaningStale(node, out).isPresent()) {
        out.println(node + " of instance '" + spec.name() + "' is already running");
        return Duration.ZERO;
      }
      PortConflicts.requireFree(spec, List.of(node));
      distribution.ensurePresent();
      long deadline = System.nanoTime() + spec.startTimeout().toNanos();
      StartedNode started = startNode(node, JavaExecutable.current(), deadline);
      out.println(node + " (pid " + started.process().pid() + ") is up at " + spec.rpcEndpoint(k));
      return Duration.ofNanos(System.nanoTime() - t0);
    });
  }

  private StartedNode startNode(NodeRef node, String java, long deadline) {
    long t0 = System.nanoTime();
    StartedNode started = launcher.launch(node, java);
    out.println("started " + node + " (pid " + started.process().pid() + "), waiting until it is ready ...");
    try {
      Readiness.await(started, spec.ports().readinessPort(node), deadline, spec.startTimeout());
    } catch (RuntimeException e) {
      undo(List.of(started));
      throw e;
    }
    out.printf("%s is ready (%.1f s)%n", node, (System.nanoTime() - t0) / 1e9);
    return started;
  }

  /** Stops, in reverse order, nodes that this call started before it failed. */
  private void undo(List<StartedNode> startedNow) {
    for (int i = startedNow.size() - 1; i >= 0; i--) {
      StartedNode started = startedNow.get(i);
      if (started.process().isAlive()) {
        out.println("start failed: stopping " + started.node() + " again");
        stopper.stop(started.node());
      } else {
        processes.pidFile(started.node()).delete();
      }
    }
  }

  private boolean stopAll() {
    boolean any = false;
    List<NodeRef> order = new ArrayList<>(spec.dataNodes());
    Collections.reverse(order);
    order.add(NodeRef.configNode());
    for (NodeRef node : order) {
      any |= stopper.stop(node);
    }
    return any;
  }

  private Map<NodeRef, ProcessHandle> findRunning() {
    Map<NodeRef, ProcessHandle> running = new LinkedHashMap<>();
    for (NodeRef node : spec.nodes()) {
      Optional<ProcessHandle> handle = processes.findCleaningStale(node, out);
      handle.ifPresent(h -> running.put(node, h));
    }
    return running;
  }

  private boolean allAnswering() {
    for (NodeRef node : spec.nodes()) {
      if (!Ports.isAnswering(ClusterSpec.HOST, spec.ports().readinessPort(node), Duration.ofMillis(500))) {
        return false;
      }
    }
    return true;
  }

  /** For a node that was already running (maybe still starting): wait until its port answers. */
  private void awaitPort(NodeRef node, long deadline) {
    int port = spec.ports().readinessPort(node);
    while (!Ports.isAnswering(ClusterSpec.HOST, port, Duration.ofMillis(500))) {
      if (System.nanoTime() > deadline) {
        throw new LocalIoTDBException(node + " of instance '" + spec.name() + "' runs but its port " + port
            + " did not answer within " + spec.startTimeout().toSeconds() + " s; see its logs in "
            + layout.logsDir(node) + ", or stop the instance and start it again");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LocalIoTDBException("interrupted while waiting for " + node + " to answer", e);
      }
    }
  }

  private void wipeData() {
    boolean any = false;
    for (NodeRef node : spec.nodes()) {
      any |= Files.exists(layout.dataDir(node));
      FileTrees.deleteRecursively(layout.dataDir(node));
    }
    if (any) {
      out.println("wiped the data of instance '" + spec.name() + "' (" + layout.instanceDir() + "); logs kept");
    }
  }

  private StartResult result(Map<NodeRef, ProcessHandle> running, long t0, boolean alreadyRunning) {
    Map<NodeRef, Long> pids = new LinkedHashMap<>();
    running.forEach((node, handle) -> pids.put(node, handle.pid()));
    return new StartResult(spec.name(), rpcEndpoints(), pids, Duration.ofNanos(System.nanoTime() - t0),
        alreadyRunning, layout.instanceDir());
  }

  private <T> T locked(String what, Supplier<T> action) {
    Duration maxWait = spec.startTimeout().plus(NodeStopper.GRACE.multipliedBy(spec.nodes().size()))
        .plus(LOCK_MARGIN);
    return FileLocks.withLock(layout.lockFile(), maxWait, what, out, action);
  }
}
