package io.quiver.localiotdb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogWatcherTest {
  @TempDir
  Path dir;

  @Test
  void aReadyLineFromAnEarlierRunDoesNotCount() throws IOException {
    Path log = dir.resolve("log_datanode_all.log");
    Files.writeString(log, "old run: IoTDB DataNode is set up successfully\n");
    LogWatcher watcher = new LogWatcher(log, LogWatcher.sizeOf(log), NodeKind.DATA_NODE.readyMarkers());

    assertFalse(watcher.poll());
    Files.writeString(log, "new run: starting\n", StandardOpenOption.APPEND);
    assertFalse(watcher.poll());
    Files.writeString(log, "Congratulations, IoTDB DataNode is set up successfully. Now, enjoy yourself!\n",
        StandardOpenOption.APPEND);
    assertTrue(watcher.poll());
  }

  @Test
  void aLineSplitAcrossTwoReadsIsStillSeen() throws IOException {
    Path log = dir.resolve("log_confignode_all.log");
    LogWatcher watcher = new LogWatcher(log, 0, NodeKind.CONFIG_NODE.readyMarkers());
    assertFalse(watcher.poll(), "no file yet");
    Files.writeString(log, "ConfigNode-0 has successfully sta");
    assertFalse(watcher.poll());
    Files.writeString(log, "rted and joined the cluster: x.\n", StandardOpenOption.APPEND);
    assertTrue(watcher.poll());
  }

  @Test
  void aRestartedConfigNodeCountsAsReady() throws IOException {
    Path log = dir.resolve("log_confignode_all.log");
    Files.writeString(log, "ConfigNode-0 has successfully restarted and joined the cluster: x.\n");
    assertTrue(new LogWatcher(log, 0, NodeKind.CONFIG_NODE.readyMarkers()).poll());
  }

  @Test
  void aLogThatRolledOverIsReadFromItsStart() throws IOException {
    Path log = dir.resolve("log.log");
    Files.writeString(log, "x".repeat(1000) + "\n");
    LogWatcher watcher = new LogWatcher(log, LogWatcher.sizeOf(log), List.of("READY"));
    Files.writeString(log, "READY\n");
    assertTrue(watcher.poll());
  }
}
