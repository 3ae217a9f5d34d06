package io.quiver.localiotdb;

import java.util.List;

/**
 * The two kinds of IoTDB node Quiver runs, with what it takes to fetch, start and recognise each one.
 */
public enum NodeKind {
  CONFIG_NODE(
      "ConfigNode",
      "iotdb-confignode",
      "confignode",
      "org.apache.iotdb.confignode.service.ConfigNode",
      "logback-confignode.xml",
      "log_confignode_all.log",
      List.of("has successfully started and joined the cluster", "has successfully restarted and joined the cluster")),
  DATA_NODE(
      "DataNode",
      "iotdb-server",
      "datanode",
      "org.apache.iotdb.db.service.DataNode",
      "logback-datanode.xml",
      "log_datanode_all.log",
      List.of("IoTDB DataNode is set up successfully"));

  private final String displayName;
  private final String artifactId;
  private final String distFolder;
  private final String mainClass;
  private final String logbackFile;
  private final String mainLogFile;
  private final List<String> readyMarkers;

  NodeKind(String displayName, String artifactId, String distFolder, String mainClass, String logbackFile,
      String mainLogFile, List<String> readyMarkers) {
    this.displayName = displayName;
    this.artifactId = artifactId;
    this.distFolder = distFolder;
    this.mainClass = mainClass;
    this.logbackFile = logbackFile;
    this.mainLogFile = mainLogFile;
    this.readyMarkers = readyMarkers;
  }

  /** "ConfigNode" or "DataNode". */
  public String displayName() {
    return displayName;
  }

  /** The Maven artifact whose {@code zip} attachment holds this node's binary package. */
  public String artifactId() {
    return artifactId;
  }

  /** The folder of the unpacked distribution holding this kind's lib/, conf/ and sbin/. */
  public String distFolder() {
    return distFolder;
  }

  /** The Java main class; it takes the argument {@code -s}. */
  public String mainClass() {
    return mainClass;
  }

  /** The logback configuration file in the node's conf folder. */
  public String logbackFile() {
    return logbackFile;
  }

  /** The node's own log of INFO and above, in its logs folder (IoTDB's logback writes it). */
  public String mainLogFile() {
    return mainLogFile;
  }

  /** Log lines that mean the node has finished starting (any one of them). */
  public List<String> readyMarkers() {
    return readyMarkers;
  }
}
