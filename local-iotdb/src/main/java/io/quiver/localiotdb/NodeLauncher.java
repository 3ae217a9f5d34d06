package io.quiver.localiotdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts one node as a detached child JVM: writes its conf folder (the distribution's defaults plus Quiver's
 * iotdb-system.properties), starts the process with its output appended to {@code logs/console.log}, and
 * records its pid. The process outlives the JVM that started it; where {@code setsid} exists it also runs in a
 * session of its own, so a Ctrl-C in the terminal that started it does not reach it.
 */
final class NodeLauncher {
  private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

  private final ClusterSpec spec;
  private final InstanceLayout layout;
  private final Distribution distribution;
  private final NodeProcesses processes;

  NodeLauncher(ClusterSpec spec, InstanceLayout layout, Distribution distribution, NodeProcesses processes) {
    this.spec = spec;
    this.layout = layout;
    this.distribution = distribution;
    this.processes = processes;
  }

  StartedNode launch(NodeRef node, String java) {
    Path distHome = distribution.home(node.kind());
    try {
      Files.createDirectories(layout.dataDir(node));
      Files.createDirectories(layout.logsDir(node));
      writeConf(node, distHome);
      Path consoleLog = layout.consoleLog(node);
      Path mainLog = layout.mainLog(node);
      long consoleOffset = LogWatcher.sizeOf(consoleLog);
      long mainOffset = LogWatcher.sizeOf(mainLog);
      List<String> command = new ArrayList<>();
      setsid().ifPresent(command::add);
      command.addAll(NodeCommandLine.build(java, spec, layout, node, distHome));
      Process process = new ProcessBuilder(command)
          .directory(layout.nodeDir(node).toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(MavenRunner.nullDevice()))
          .start();
      processes.pidFile(node).write(process.pid());
      return new StartedNode(node, process, mainLog, mainOffset, consoleLog, consoleOffset);
    } catch (IOException e) {
      throw new LocalIoTDBException("cannot start " + node + " of instance '" + spec.name() + "': "
          + e.getMessage(), e);
    }
  }

  /** Copies the distribution's conf folder over the node's, then writes its iotdb-system.properties. */
  void writeConf(NodeRef node, Path distHome) throws IOException {
    Path conf = layout.confDir(node);
    Files.createDirectories(conf);
    FileTrees.copyRecursively(distHome.resolve("conf"), conf);
    Files.writeString(conf.resolve("iotdb-system.properties"), IoTDBSystemProperties.render(spec, layout, node),
        StandardCharsets.UTF_8);
  }

  private static java.util.Optional<String> setsid() {
    return SETSID.stream().filter(Files::isExecutable).map(Path::toString).findFirst();
  }
}
