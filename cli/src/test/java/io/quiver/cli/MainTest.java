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
    for (String command : new String[] {"demo", "example <session|arrow|pool>", "load FILE --table T", "server start", "server stop", "server status", "help"}) {
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

  @Test
  void exampleWithoutAKnownNameListsTheExamplesAndExitsWithTwo() {
    assertEquals(2, Main.run(new String[] {"example"}, out));
    assertEquals(2, Main.run(new String[] {"example", "nosuch"}, out));
    String text = buffer.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("unknown example 'nosuch'"), text);
    for (String name : new String[] {"session", "arrow", "pool"}) {
      assertTrue(text.contains("  " + name + " "), name + " in\n" + text);
    }
  }

  @Test
  void exampleWithABadUrlExitsWithTwoBeforeConnecting() {
    assertEquals(2, Main.run(new String[] {"example", "pool", "--url", "no-port"}, out));
    assertTrue(buffer.toString(StandardCharsets.UTF_8).contains("not HOST:PORT"));
  }

  @Test
  void loadWithoutArgumentsPrintsItsUsageAndExitsWithTwo() {
    assertEquals(2, Main.run(new String[] {"load"}, out));
    String text = buffer.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("load: give the Arrow file to load"), text);
    assertTrue(text.contains("usage: ./quiver load FILE --table T"), text);
  }

  @Test
  void loadHelpPrintsItsUsageAndExitsWithZero() {
    assertEquals(0, Main.run(new String[] {"load", "--help"}, out));
    assertTrue(buffer.toString(StandardCharsets.UTF_8).contains("--skip-rows N"));
  }

  @Test
  void loadWithABadOptionExitsWithTwoBeforeReadingTheFile() {
    assertEquals(2, Main.run(new String[] {"load", "/nonexistent.arrow", "--table", "d.t", "--threads", "0"}, out));
    String text = buffer.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("load: --threads 0 is outside 1..64"), text);
  }
}
