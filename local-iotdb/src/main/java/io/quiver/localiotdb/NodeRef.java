package io.quiver.localiotdb;

/**
 * One node of a local cluster: the ConfigNode (index 0) or DataNode {@code index}.
 *
 * @param kind the kind of node
 * @param index 0 for the ConfigNode; 0, 1, ... for the DataNodes
 */
public record NodeRef(NodeKind kind, int index) {

  public NodeRef {
    if (kind == null) {
      throw new IllegalArgumentException("node kind is required");
    }
    if (index < 0 || (kind == NodeKind.CONFIG_NODE && index != 0)) {
      throw new IllegalArgumentException("invalid index " + index + " for a " + kind.displayName());
    }
  }

  /** The (single) ConfigNode. */
  public static NodeRef configNode() {
    return new NodeRef(NodeKind.CONFIG_NODE, 0);
  }

  /** DataNode number {@code k}, counting from 0. */
  public static NodeRef dataNode(int k) {
    return new NodeRef(NodeKind.DATA_NODE, k);
  }

  /** The node's folder name inside the instance folder: "confignode" or "datanode-k". */
  public String folderName() {
    return kind == NodeKind.CONFIG_NODE ? "confignode" : "datanode-" + index;
  }

  /** A name for messages: "ConfigNode" or "DataNode k". */
  public String displayName() {
    return kind == NodeKind.CONFIG_NODE ? "ConfigNode" : "DataNode " + index;
  }

  @Override
  public String toString() {
    return displayName();
  }
}
