package io.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

  private String text() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noArgumentsPrintTheUsageListingEveryCommand() {
    assertEquals(0, Main.run(new String[0], out));
    for (String command : new String[] {"demo", "example", "load", "query", "server", "help",
        "generate-completion", "--version"}) {
      assertTrue(text().contains(command), command + " in\n" + text());
    }
  }

  @Test
  void helpAndVersionExitWithZero() {
    assertEquals(0, Main.run(new String[] {"--help"}, out));
    assertTrue(text().contains("Usage: quiver"), text());
    buffer.reset();
    assertEquals(0, Main.run(new String[] {"--version"}, out));
    assertTrue(text().startsWith("quiver "), text());
    assertTrue(text().contains("JVM: "), text());
  }

  @Test
  void everyCommandTalkingToIoTDBListsTheConnectionOptionsInItsHelp() {
    for (String command : new String[] {"demo", "example", "load", "query"}) {
      buffer.reset();
      assertEquals(0, Main.run(new String[] {command, "--help"}, out), command);
      for (String option : new String[] {"--url", "--user", "--password-file", "--ask-password",
          "]ssl", "--ca-certs", "--trust-store", "]compression", "--connect-timeout",
          "--read-timeout", "--config"}) {
        assertTrue(text().contains(option), command + " --help lists " + option + ":\n" + text());
      }
      assertFalse(text().contains("--password "), "no password option takes a value");
    }
  }

  @Test
  void theCompletionScriptIsGenerated() {
    assertEquals(0, Main.run(new String[] {"generate-completion"}, out));
    assertTrue(text().contains("complete -F"), text().substring(0, Math.min(400, text().length())));
    assertTrue(text().contains("--ca-certs"));
  }

  @Test
  void unknownCommandNamesItAndExitsWithTwo() {
    assertEquals(2, Main.run(new String[] {"frobnicate"}, out));
    assertTrue(text().startsWith("quiver: Unmatched argument at index 0: 'frobnicate'"), text());
    assertTrue(text().contains("usage: quiver"), text());
  }

  @Test
  void serverWithoutActionPrintsItsUsageAndExitsWithTwo() {
    assertEquals(2, Main.run(new String[] {"server"}, out));
    assertTrue(text().contains("usage: server start"), text());
  }

  @Test
  void serverOptionsArePassedThrough() {
    assertEquals(2, Main.run(new String[] {"server", "restart", "--instance", "x"}, out));
    assertTrue(text().contains("usage: server start"), text());
  }

  @Test
  void exampleWithoutAKnownNameListsTheExamplesAndExitsWithTwo() {
    assertEquals(2, Main.run(new String[] {"example"}, out));
    assertTrue(text().contains("Missing required parameter: 'EXAMPLE'"), text());
    buffer.reset();
    assertEquals(2, Main.run(new String[] {"example", "nosuch"}, out));
    assertTrue(text().contains("nosuch"), text());
    assertTrue(text().contains("session, arrow, pool"), text());
  }

  @Test
  void exampleWithABadUrlExitsWithTwoBeforeConnecting() {
    assertEquals(2, Main.run(new String[] {"example", "pool", "--url", "no-port"}, out));
    assertTrue(text().contains("not HOST:PORT"), text());
  }

  @Test
  void aNamedUserWithoutAPasswordOffATerminalExitsWithTwo() {
    assertEquals(2, QueryCommand.run(new String[] {"SELECT 1", "--user", "writer"},
        java.util.Map.of(), out));
    assertTrue(text().startsWith("query: no password for user 'writer'"), text());
  }

  @Test
  void loadWithoutArgumentsPrintsItsUsageAndExitsWithTwo() {
    assertEquals(2, Main.run(new String[] {"load"}, out));
    assertTrue(text().startsWith("load: give the Arrow file to load"), text());
    assertTrue(text().contains("usage: quiver load"), text());
  }

  @Test
  void loadHelpPrintsItsOptionsAndExitsWithZero() {
    assertEquals(0, Main.run(new String[] {"load", "--help"}, out));
    assertTrue(text().contains("--skip-rows=N"), text());
  }

  @Test
  void loadWithABadOptionExitsWithTwoBeforeReadingTheFile() {
    assertEquals(2, Main.run(new String[] {"load", "/nonexistent.arrow", "--table", "d.t", "--threads", "0"}, out));
    assertTrue(text().startsWith("load: --threads 0 is outside 1..64"), text());
  }
}
