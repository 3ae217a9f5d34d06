package io.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

  @Test
  void noArgumentsPrintTheUsageListingEveryCommand() {
    assertEquals(0, Main.run(new String[0], out));
    String text = buffer.toString(StandardCharsets.UTF_8);
    for (String command : new String[] {"demo", "server start", "server stop", "server status", "help"}) {
      assertTrue(text.contains(command), command + " in\n" + text);
    }
  }

  @Test
  void unknownCommandPrintsUsageAndExitsWithTwo() {
    assertEquals(2, Main.run(new String[] {"frobnicate"}, out));
    String text = buffer.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("unknown command 'frobnicate'"), text);
    assertTrue(text.contains("usage: ./quiver"), text);
  }

  @Test
  void serverWithoutActionPrintsItsUsageAndExitsWithTwo() {
    assertEquals(2, Main.run(new String[] {"server"}, out));
    assertTrue(buffer.toString(StandardCharsets.UTF_8).contains("usage: server start"));
  }
}
