package io.quiver.localiotdb;

import java.nio.file.Path;

/**
 * Where an instance keeps its files, all under {@code <quiverHome>/.quiver/<name>/}: one folder per node
 * ({@code confignode/}, {@code datanode-<k>/}, each with conf/, data/ and logs/), and {@code pids/}.
 */
final class InstanceLayout {
  private final Path quiverDir;
  private final Path instanceDir;

  public InstanceLayout(Path quiverHome, String instanceName) {
    this.quiverDir = quiverHome.toAbsolutePath().normalize().resolve(".quiver");
    this.instanceDir = quiverDir.resolve(instanceName);
  }

  /** {@code <quiverHome>/.quiver}, which also holds the shared distribution. */
  public Path quiverDir() {
    return quiverDir;
  }

  public Path instanceDir() {
    return instanceDir;
  }

  public Path nodeDir(NodeRef node) {
    return instanceDir.resolve(node.folderName());
  }

  public Path confDir(NodeRef node) {
    return nodeDir(node).resolve("conf");
  }

  public Path dataDir(NodeRef node) {
    return nodeDir(node).resolve("data");
  }

  public Path logsDir(NodeRef node) {
    return nodeDir(node).resolve("logs");
  }

  /** The file receiving the node process's stdout and stderr. */
  public Path consoleLog(NodeRef node) {
    return logsDir(node).resolve("console.log");
  }

  /** IoTDB's own log of the node (INFO and above), where the readiness line appears. */
  public Path mainLog(NodeRef node) {
    return logsDir(node).resolve(node.kind().mainLogFile());
  }

  public Path pidsDir() {
    return instanceDir.resolve("pids");
  }

  public Path pidFile(NodeRef node) {
    return pidsDir().resolve(node.folderName() + ".pid");
  }

  /** The lock file that serialises start and stop of this instance across processes. */
  public Path lockFile() {
    return instanceDir.resolve("instance.lock");
  }
}
