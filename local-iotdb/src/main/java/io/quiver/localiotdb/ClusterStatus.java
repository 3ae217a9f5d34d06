package io.quiver.localiotdb;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The state of every node of a local instance.
 *
 * @param instance the instance name
 * @param nodes the ConfigNode, then the DataNodes
 */
public record ClusterStatus(String instance, List<NodeStatus> nodes) {

  public ClusterStatus {
    nodes = List.copyOf(nodes);
  }

  /** True when every node is alive and answering. */
  public boolean isUp() {
    return nodes.stream().allMatch(NodeStatus::isUp);
  }

  /** True when no node process of this instance is alive. */
  public boolean isDown() {
    return nodes.stream().noneMatch(NodeStatus::alive);
  }

  /** The status of one node. */
  public NodeStatus of(NodeRef node) {
    return nodes.stream().filter(s -> s.node().equals(node)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("instance '" + instance + "' has no " + node));
  }

  /** Several lines for people. */
  public String describe() {
    return nodes.stream().map(s -> "  " + s.describe()).collect(Collectors.joining("\n"));
  }
}
