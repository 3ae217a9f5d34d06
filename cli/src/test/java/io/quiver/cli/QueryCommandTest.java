package io.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query command's command line, and its failures that need no server. */
class QueryCommandTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

  private String output() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  private static QueryCommand.Options parse(Map<String, String> env, String... args) {
    return QueryCommand.parse(args, env);
  }

  @Test
  void theSqlAndEveryOptionAreRead() {
    QueryCommand.Options o = parse(Map.of(), "SELECT * FROM t", "--url", "db:7000", "--database", "db1", "--out",
        "r.arrow", "--max-rows", "25");
    assertEquals("SELECT * FROM t", o.sql());
    assertEquals("db:7000", o.address());
    assertEquals("db1", o.database());
    assertEquals(Path.of("r.arrow"), o.out());
    assertEquals(25, o.maxRows());
    assertEquals(25, o.rowLimit());

    QueryCommand.Options inline = parse(Map.of(), "--url=db:7001", "--database=db2", "--out=x.arrow", "--max-rows=3",
        "SELECT 1");
    assertEquals("SELECT 1", inline.sql());
    assertEquals("db:7001", inline.address());
    assertEquals("db2", inline.database());
    assertEquals(Path.of("x.arrow"), inline.out());
    assertEquals(3, inline.maxRows());
  }

  @Test
  void urlOptionWinsOverTheEnvironmentWhichWinsOverTheDefault() {
    Map<String, String> env = Map.of("QUIVER_IOTDB_URL", "10.0.0.5:6667");
    assertEquals("db:7000", parse(env, "q", "--url", "db:7000").address());
    assertEquals("10.0.0.5:6667", parse(env, "q").address());
    assertEquals("127.0.0.1:6667", parse(Map.of(), "q").address());
    assertEquals("127.0.0.1:6667", parse(Map.of("QUIVER_IOTDB_URL", " "), "q").address());
  }

  @Test
  void theTerminalShowsAHundredRowsAndAFileTakesAllUnlessCapped() {
    assertEquals(QueryCommand.DEFAULT_PRINTED_ROWS, parse(Map.of(), "q").rowLimit());
    assertEquals(Long.MAX_VALUE, parse(Map.of(), "q", "--out", "f.arrow").rowLimit());
    assertEquals(7, parse(Map.of(), "q", "--out", "f.arrow", "--max-rows", "7").rowLimit());
    assertNull(parse(Map.of(), "q").database());
    assertNull(parse(Map.of(), "q").out());
  }

  @Test
  void treeSelectsTheTreeModelAndRefusesATableDatabase() {
    assertFalse(parse(Map.of(), "q").tree());
    assertTrue(parse(Map.of(), "select * from root.sg.d1", "--tree").tree());
    assertEquals(QueryCommand.Format.arrow,
        parse(Map.of(), "q", "--tree", "--out", "f.arrow").format());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> parse(Map.of(), "q", "--tree", "--database", "db")).getMessage().contains("--database"));
  }

  @Test
  void fetchesAskForNoMoreRowsThanShownOrWritten() {
    assertEquals(101, QueryCommand.fetchOptions(parse(Map.of(), "q")).fetchSize());
    assertEquals(6, QueryCommand.fetchOptions(parse(Map.of(), "q", "--max-rows", "5")).fetchSize());
    assertEquals(65_536, QueryCommand.fetchOptions(parse(Map.of(), "q", "--out", "f.arrow")).fetchSize());
    assertEquals(65_536, QueryCommand.fetchOptions(parse(Map.of(), "q", "--max-rows", "9999999")).fetchSize());
  }

  @Test
  void theFormatDefaultsToATableOnScreenAndArrowIntoAFile() {
    assertEquals(QueryCommand.Format.table, parse(Map.of(), "q").format());
    assertEquals(QueryCommand.Format.arrow, parse(Map.of(), "q", "--out", "f.arrow").format());
    assertEquals(QueryCommand.Format.csv, parse(Map.of(), "q", "--format", "csv", "--out", "f.csv").format());
    assertEquals(QueryCommand.Format.json, parse(Map.of(), "q", "-f", "JSON").format());
    assertEquals(Long.MAX_VALUE, parse(Map.of(), "q", "--format", "csv").rowLimit(), "csv streams every row");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "q", "--format", "xml"))
        .getMessage().contains("table, csv, json, arrow"));
  }

  @Test
  void theTimeZoneDefaultsToThisMachinesAndIsChecked() {
    assertEquals(java.time.ZoneId.systemDefault(), parse(Map.of(), "q").zone());
    assertEquals(java.time.ZoneId.of("+08:00"), parse(Map.of(), "q", "--time-zone", "+08:00").zone());
    assertEquals(java.time.ZoneId.of("Asia/Shanghai"),
        parse(Map.of(), "q", "--time-zone", "Asia/Shanghai").zone());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "q", "--time-zone", "Mars/Base"))
        .getMessage().contains("--time-zone 'Mars/Base'"));
  }

  @Test
  void commandLineMistakesAreNamed() {
    String[][] bad = {
        {},
        {"--url", "db:1"},
        {"SELECT 1", "SELECT 2"},
        {"SELECT 1", "--limit", "3"},
        {"SELECT 1", "--out"},
        {"SELECT 1", "--out="},
        {"SELECT 1", "--max-rows", "0"},
        {"SELECT 1", "--max-rows", "-5"},
        {"SELECT 1", "--max-rows", "ten"},
        {"SELECT 1", "--url", "localhost"},
        {"SELECT 1", "--url", "host:99999"},
        {"  "},
    };
    String[] named = {"Missing required parameter: 'SQL'", "Missing required parameter: 'SQL'",
        "Unmatched argument", "Unknown options: '--limit'", "Missing required parameter for option '--out'",
        "--out needs a file name", "at least 1", "at least 1", "'ten'", "HOST:PORT", "99999", "no SQL"};
    for (int i = 0; i < bad.length; i++) {
      String[] args = bad[i];
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), args),
          String.join(" ", args));
      assertTrue(e.getMessage().contains(named[i]), e.getMessage());
    }
  }

  @Test
  void aCommandLineMistakeExitsWithTwoAndShowsTheUsage() {
    assertEquals(2, QueryCommand.run(new String[] {"SELECT 1", "--frobnicate"}, Map.of(), out));
    assertTrue(output().startsWith("query: Unknown option: '--frobnicate'"), output());
    assertTrue(output().contains("usage: query "), output());
  }

  @Test
  void mainDispatchesQueryAndListsItInTheUsage() {
    assertEquals(2, Main.run(new String[] {"query"}, out));
    assertTrue(output().contains("query: Missing required parameter: 'SQL'"), output());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void anUnreachableServerIsOneLineAndExitOne() throws IOException {
    int port = closedPort();
    assertEquals(1, QueryCommand.run(new String[] {"SELECT 1", "--url", "127.0.0.1:" + port}, Map.of(), out));
    String text = output();
    assertTrue(text.startsWith("query: "), text);
    assertTrue(text.contains("127.0.0.1:" + port), text);
    assertEquals(1, text.lines().count(), text);
  }

  @Test
  void anUnwritableFileFailsBeforeConnectingAndLeavesNothing() throws IOException {
    int port = closedPort();
    Path missing = dir.resolve("no-such-dir").resolve("r.arrow");
    assertEquals(1, QueryCommand.run(new String[] {"SELECT 1", "--url", "127.0.0.1:" + port, "--out",
        missing.toString()}, Map.of(), out));
    assertTrue(output().startsWith("query: cannot write " + missing + ": there is no directory"), output());
    assertEquals(1, output().lines().count(), output());

    buffer.reset();
    assertEquals(1, QueryCommand.run(new String[] {"SELECT 1", "--url", "127.0.0.1:" + port, "--out",
        dir.toString()}, Map.of(), out));
    assertTrue(output().contains("it is a directory"), output());

    buffer.reset();
    Path target = dir.resolve("r.arrow");
    assertEquals(1, QueryCommand.run(new String[] {"SELECT 1", "--url", "127.0.0.1:" + port, "--out",
        target.toString()}, Map.of(), out));
    assertTrue(output().contains("127.0.0.1:" + port), "the connection fails: " + output());
    assertFalse(Files.exists(target));
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "the partial file was deleted");
    }
  }
}
