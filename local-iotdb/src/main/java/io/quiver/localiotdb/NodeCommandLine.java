package io.quiver.localiotdb;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts one node as a child JVM: the flags of IoTDB's own start scripts, the system
 * properties that put the node's home, configuration, data and logs in its instance folder, the classpath
 * {@code <dist>/lib/*} and the main class with {@code -s}. It also carries a marker,
 * {@code -Dquiver.node.dir=<node folder>}, by which the launcher recognises its own processes.
 */
final class NodeCommandLine {
  /** The system property that marks a process as the given node folder's IoTDB node. */
  static final String MARKER_PROPERTY = "quiver.node.dir";

  private NodeCommandLine() {
  }

  static List<String> build(String java, ClusterSpec spec, InstanceLayout layout, NodeRef node, Path distHome) {
    boolean configNode = node.kind() == NodeKind.CONFIG_NODE;
    int heapMb = configNode ? spec.configNodeHeapMb() : spec.dataNodeHeapMb();
    int directMb = configNode ? spec.configNodeDirectMb() : spec.dataNodeDirectMb();
    String home = layout.nodeDir(node).toString();
    String conf = layout.confDir(node).toString();
    String logs = layout.logsDir(node).toString();

    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    for (String pkg : List.of("java.util.concurrent", "java.lang", "java.util", "java.nio", "java.io", "java.net")) {
      cmd.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
    }
    cmd.add("-Xms" + heapMb + "m");
    cmd.add("-Xmx" + heapMb + "m");
    cmd.add("-XX:MaxDirectMemorySize=" + directMb + "m");
    cmd.add("-Xss512k");
    cmd.add("-XX:+CrashOnOutOfMemoryError");
    cmd.add("-XX:ErrorFile=" + logs + File.separator + "hs_err_pid%p.log");
    cmd.add("-Djdk.nio.maxCachedBufferSize=" + (directMb * 1024L * 1024L / 1000));
    cmd.add("-Dsun.jnu.encoding=UTF-8");
    cmd.add("-Dfile.encoding=UTF-8");
    cmd.add("-Diotdb.jmx.local=true");
    // IoTDB's logback writes its own files under <home>/logs; the console copy keeps warnings only.
    cmd.add("-DCONSOLE_LOG_LEVEL=WARN");
    cmd.add("-Dlogback.configurationFile=" + conf + File.separator + node.kind().logbackFile());
    if (configNode) {
      cmd.add("-DCONFIGNODE_HOME=" + home);
      cmd.add("-DCONFIGNODE_DATA_HOME=" + home);
      cmd.add("-DCONFIGNODE_CONF=" + conf);
      cmd.add("-DCONFIGNODE_LOGS=" + logs);
    } else {
      cmd.add("-DIOTDB_HOME=" + home);
      cmd.add("-DIOTDB_DATA_HOME=" + home);
      cmd.add("-DIOTDB_CONF=" + conf);
      cmd.add("-DIOTDB_LOG_DIR=" + logs);
      cmd.add("-DOFF_HEAP_MEMORY=" + directMb + "M");
    }
    cmd.add("-DTSFILE_HOME=" + home);
    cmd.add("-DTSFILE_CONF=" + conf);
    cmd.add("-D" + MARKER_PROPERTY + "=" + home);
    cmd.add("-cp");
    cmd.add(distHome.resolve("lib").toString() + File.separator + "*");
    cmd.add(node.kind().mainClass());
    cmd.add("-s");
    return cmd;
  }

  /** True when {@code commandLine} is the one {@link #build} makes for {@code node} of this layout. */
  static boolean matches(String commandLine, InstanceLayout layout, NodeRef node) {
    return commandLine.contains(node.kind().mainClass())
        && commandLine.contains("-D" + MARKER_PROPERTY + "=" + layout.nodeDir(node) + " ");
  }
}
