package io.quiver.localiotdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
  @TempDir
  Path home;

  @Test
  void aWrittenPidReadsBack() {
    PidFile file = new PidFile(home.resolve("pids/datanode-0.pid"));
    file.write(4242);
    assertEquals(OptionalLong.of(4242), file.read());
    file.delete();
    assertFalse(file.exists());
  }

  @Test
  void aMissingOrGarbledPidFileReadsAsNoPid() throws IOException {
    PidFile file = new PidFile(home.resolve("x.pid"));
    assertEquals(OptionalLong.empty(), file.read());
    Files.writeString(home.resolve("x.pid"), "not a pid\n");
    assertEquals(OptionalLong.empty(), file.read());
    assertTrue(file.exists());
  }

  @Test
  void aPidFileOfAnExitedProcessIsStaleAndRemoved() throws Exception {
    InstanceLayout layout = new InstanceLayout(home, "default");
    NodeProcesses processes = new NodeProcesses(layout);
    Process gone = new ProcessBuilder(JavaExecutable.current(), "-version").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
    processes.pidFile(NodeRef.dataNode(0)).write(gone.pid());
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertTrue(processes.findCleaningStale(NodeRef.dataNode(0), new PrintStream(out, true, StandardCharsets.UTF_8))
        .isEmpty());

    assertFalse(Files.exists(layout.pidFile(NodeRef.dataNode(0))));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("removed the stale pid file"), out.toString());
  }

  @Test
  void aLivePidThatRunsSomethingElseIsNeverTakenForTheNode() {
    InstanceLayout layout = new InstanceLayout(home, "default");
    NodeProcesses processes = new NodeProcesses(layout);
    processes.pidFile(NodeRef.configNode()).write(ProcessHandle.current().pid());

    assertTrue(processes.find(NodeRef.configNode()).isEmpty(), "this test JVM is not a ConfigNode");
    assertFalse(processes.isOurs(ProcessHandle.current(), NodeRef.configNode()));
  }

  @Test
  void statusReportsAStalePidFileAsNotRunning() {
    InstanceLayout layout = new InstanceLayout(home, "default");
    new NodeProcesses(layout).pidFile(NodeRef.dataNode(0)).write(ProcessHandle.current().pid());
    LocalCluster cluster = new LocalCluster(ClusterSpec.defaultInstance(), home,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    NodeStatus status = cluster.status().of(NodeRef.dataNode(0));

    assertEquals(OptionalLong.of(ProcessHandle.current().pid()), status.pid());
    assertFalse(status.alive());
    assertTrue(status.describe().contains("stale pid file"), status.describe());
  }
}
