package io.quiver.localiotdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeCommandLineTest {
  private static final Path HOME = Path.of("/tmp/quiver-home");
  private final InstanceLayout layout = new InstanceLayout(HOME, "default");
  private final Path dist = HOME.resolve(".quiver/dist/iotdb-2.0.10/datanode");

  @Test
  void dataNodeRunsItsMainClassWithTheDistributionClasspathAndItsMemory() {
    List<String> cmd = NodeCommandLine.build("java", ClusterSpec.defaultInstance(), layout, NodeRef.dataNode(0), dist);
    assertEquals("java", cmd.get(0));
    assertEquals(List.of("org.apache.iotdb.db.service.DataNode", "-s"), cmd.subList(cmd.size() - 2, cmd.size()));
    assertEquals(dist.resolve("lib") + "/*", cmd.get(cmd.indexOf("-cp") + 1));
    assertTrue(cmd.containsAll(List.of("-Xms2048m", "-Xmx2048m", "-XX:MaxDirectMemorySize=1024m",
        "-DOFF_HEAP_MEMORY=1024M", "-Xss512k", "-XX:+CrashOnOutOfMemoryError",
        "--add-opens=java.base/java.nio=ALL-UNNAMED")), cmd.toString());
    Path node = HOME.resolve(".quiver/default/datanode-0");
    assertTrue(cmd.contains("-DIOTDB_HOME=" + node), cmd.toString());
    assertTrue(cmd.contains("-DIOTDB_CONF=" + node.resolve("conf")), cmd.toString());
    assertTrue(cmd.contains("-Dlogback.configurationFile=" + node.resolve("conf/logback-datanode.xml")));
  }

  @Test
  void configNodeGetsItsOwnSystemPropertiesAndSmallerMemory() {
    List<String> cmd = NodeCommandLine.build("java", ClusterSpec.defaultInstance(), layout, NodeRef.configNode(), dist);
    Path node = HOME.resolve(".quiver/default/confignode");
    assertTrue(cmd.containsAll(List.of("-Xmx512m", "-XX:MaxDirectMemorySize=256m",
        "-DCONFIGNODE_HOME=" + node, "-DCONFIGNODE_CONF=" + node.resolve("conf"),
        "-DCONFIGNODE_LOGS=" + node.resolve("logs"))), cmd.toString());
    assertTrue(cmd.contains("org.apache.iotdb.confignode.service.ConfigNode"));
  }

  @Test
  void theLauncherRecognisesOnlyItsOwnNodeByCommandLine() {
    List<String> cmd = NodeCommandLine.build("java", ClusterSpec.defaultInstance(), layout, NodeRef.dataNode(0), dist);
    String line = String.join(" ", cmd) + " ";
    assertTrue(NodeCommandLine.matches(line, layout, NodeRef.dataNode(0)));
    assertFalse(NodeCommandLine.matches(line, layout, NodeRef.dataNode(1)), "another DataNode's folder");
    assertFalse(NodeCommandLine.matches(line, new InstanceLayout(HOME, "it"), NodeRef.dataNode(0)),
        "another instance");
    assertFalse(NodeCommandLine.matches("java -jar something.jar ", layout, NodeRef.dataNode(0)));
  }
}
