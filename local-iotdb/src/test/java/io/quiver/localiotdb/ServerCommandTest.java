package io.quiver.localiotdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {
  @TempDir
  Path home;

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

  @Test
  void unknownActionPrintsUsageAndExitsWithTwo() {
    assertEquals(2, ServerCommand.run(new String[] {"reboot"}, out, home));
    assertTrue(text().contains("usage: server start"), text());
  }

  @Test
  void helpPrintsUsageAndExitsWithZeroAfterAnyAction() {
    assertEquals(0, ServerCommand.run(new String[] {"--help"}, out, home));
    assertEquals(0, ServerCommand.run(new String[] {"start", "-h"}, out, home));
    assertTrue(text().contains("usage: server start"), text());
    assertTrue(!text().contains("unexpected argument"), text());
  }

  @Test
  void wipeIsOnlyUnderstoodByStart() {
    assertEquals(2, ServerCommand.run(new String[] {"stop", "--wipe"}, out, home));
    assertTrue(text().contains("unexpected argument '--wipe'"), text());
  }

  @Test
  void invalidInstanceNameIsRefused() {
    assertEquals(2, ServerCommand.run(new String[] {"status", "--instance", "../x"}, out, home));
    assertTrue(text().contains("invalid instance name"), text());
  }

  @Test
  void statusOfAnInstanceNeverStartedSaysNotRunningWithExitCodeThree() {
    assertEquals(3, ServerCommand.run(new String[] {"status", "--instance", "never"}, out, home));
    assertTrue(text().contains("IoTDB instance 'never'"), text());
    assertTrue(text().contains("not running"), text());
  }

  @Test
  void stopOfAnInstanceNeverStartedSaysSo() {
    assertEquals(0, ServerCommand.run(new String[] {"stop", "--instance", "never"}, out, home));
    assertTrue(text().contains("is not running; nothing to stop"), text());
  }

  @Test
  void startSummaryNamesAddressPidsTimeAndFolder() {
    Map<NodeRef, Long> pids = new LinkedHashMap<>();
    pids.put(NodeRef.dataNode(0), 456L);
    pids.put(NodeRef.configNode(), 123L);
    StartResult result = new StartResult("default", List.of("127.0.0.1:6667"), pids, Duration.ofMillis(6100),
        false, Path.of("/q/.quiver/default"));
    assertEquals("IoTDB 2.0.10 is up at 127.0.0.1:6667 (ConfigNode pid 123, DataNode pid 456) in 6.1 s; data and "
        + "logs in /q/.quiver/default", result.summary());
  }

  private String text() {
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
