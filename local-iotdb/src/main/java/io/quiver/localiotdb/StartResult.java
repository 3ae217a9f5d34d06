package io.quiver.localiotdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link LocalCluster#start} did.
 *
 * @param instance the instance name
 * @param rpcEndpoints the client addresses ("127.0.0.1:port") of DataNode 0, 1, ...
 * @param pids the pid of every node
 * @param elapsed how long the start took
 * @param alreadyRunning true when the instance was up already and nothing was started
 * @param instanceDir the folder with the instance's configuration, data and logs
 */
public record StartResult(String instance, List<String> rpcEndpoints, Map<NodeRef, Long> pids, Duration elapsed,
    boolean alreadyRunning, Path instanceDir) {

  public StartResult {
    rpcEndpoints = List.copyOf(rpcEndpoints);
    pids = Map.copyOf(pids);
  }

  /** The client address of DataNode 0. */
  public String rpcEndpoint() {
    return rpcEndpoints.get(0);
  }

  /**
   * One line for people, e.g. "IoTDB 2.0.10 is up at 127.0.0.1:6667 (ConfigNode pid 123, DataNode pid 456) in
   * 6.1 s; data and logs in /path/.quiver/default".
   */
  public String summary() {
    boolean oneDataNode = rpcEndpoints.size() == 1;
    String pidText = pids.entrySet().stream()
        .sorted(Map.Entry.comparingByKey((a, b) -> a.kind() != b.kind() ? a.kind().compareTo(b.kind())
            : Integer.compare(a.index(), b.index())))
        .map(e -> (oneDataNode ? e.getKey().kind().displayName() : e.getKey().displayName()) + " pid " + e.getValue())
        .collect(Collectors.joining(", "));
    String how = alreadyRunning ? "was already running" : "is up";
    String when = alreadyRunning ? "" : String.format(" in %.1f s", elapsed.toMillis() / 1000.0);
    return "IoTDB " + Distribution.IOTDB_VERSION + " " + how + " at " + String.join(", ", rpcEndpoints) + " ("
        + pidText + ")" + when + "; data and logs in " + instanceDir;
  }
}
