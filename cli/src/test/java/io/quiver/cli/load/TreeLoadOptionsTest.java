package io.quiver.cli.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.cli.CliContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeLoadOptionsTest {
  private static final Map<String, String> NO_ENV = Map.of();

  private static TreeLoadOptions parse(String... args) {
    return LoadCommand.parseTree(args, NO_ENV);
  }

  private static String error(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> parse(args)).getMessage();
  }

  @Test
  void oneDeviceTakesEveryColumnButTheTime() {
    TreeLoadOptions o = parse("data.arrow", "--device", "root.sg.d1");
    assertEquals(Path.of("data.arrow"), o.file());
    assertEquals("root.sg.d1", o.device());
    assertNull(o.deviceColumn());
    assertNull(o.prefix());
    assertFalse(o.aligned());
    assertEquals("time", o.timeColumn());
    assertEquals(List.of("127.0.0.1:6667"), o.connection().nodeUrls());
    assertTrue(parse("data.arrow", "--device", "root.sg.d1", "--aligned").aligned());
    assertEquals("ts", parse("data.arrow", "--device", "root.sg.d1", "--time", "ts").timeColumn());
  }

  @Test
  void encodedRequestsAreRefusedByNameAsTheTreeModelSendsThemPlain() {
    String m = error("data.arrow", "--device", "root.sg.d1", "--encode-inserts");
    assertTrue(m.startsWith("--encode-inserts is for the table model"), m);
    assertFalse(parse("data.arrow", "--device", "root.sg.d1").shape().encodeInserts());
  }

  @Test
  void aDeviceColumnTakesAnOptionalPrefix() {
    TreeLoadOptions o = parse("data.arrow", "--device-column", "dev", "--prefix", "root.sg",
        "--aligned");
    assertNull(o.device());
    assertEquals("dev", o.deviceColumn());
    assertEquals("root.sg", o.prefix());
    assertTrue(o.aligned());
    assertNull(parse("data.arrow", "--device-column", "dev").prefix());
  }

  @Test
  void theTableOptionsAreRefusedByName() {
    String m = error("data.arrow", "--device", "root.sg.d1", "--table", "t", "--tags", "a");
    assertTrue(m.startsWith("--table, --tags are for the table model"), m);
    assertTrue(m.contains("--create-table"), m);
    assertTrue(error("data.arrow", "--device-column", "d", "--create-table")
        .startsWith("--create-table is for the table model"));
    assertTrue(error("data.arrow", "--device", "root.sg.d1", "--database", "db")
        .startsWith("--database is for the table model"));
    assertTrue(error("data.arrow", "--device", "root.sg.d1", "--attributes", "x")
        .startsWith("--attributes is for the table model"));
  }

  @Test
  void theDeviceOptionsAreCheckedTogether() {
    assertTrue(error("data.arrow", "--device", "root.a.b", "--device-column", "d")
        .contains("either --device or --device-column"));
    assertTrue(error("data.arrow", "--aligned").contains("--device root.sg.d1"));
    assertTrue(error("data.arrow", "--device", "root.sg.d1", "--prefix", "root.sg")
        .startsWith("--prefix goes with --device-column"));
    assertTrue(error("data.arrow", "--device-column", "d", "--prefix", "root.sg.")
        .contains("--prefix 'root.sg.'"));
    assertTrue(error("data.arrow", "--device", "sg.d1").contains("--device 'sg.d1'"));
    assertTrue(error("data.arrow", "--device-column", "time").contains("is the time column"));
    assertTrue(error("--device", "root.sg.d1").contains("give the Arrow file"));
  }

  @Test
  void theLoaderOptionsAreTheTableLoadsWithItsDefaults() {
    LoadShape defaults = parse("data.arrow", "--device", "root.sg.d1").shape();
    assertEquals(new LoadShape(LoadOptions.DEFAULT_BATCH_ROWS, LoadOptions.DEFAULT_THREADS, 0),
        defaults);
    LoadShape given = parse("data.arrow", "--device-column", "d", "--threads", "4",
        "--batch-rows", "1_000", "--skip-rows", "5").shape();
    assertEquals(new LoadShape(1_000, 4, 5), given);
  }

  @Test
  void badLoaderOptionsAreNamedAsForATable() {
    assertTrue(error("data.arrow", "--device", "root.sg.d1", "--skip-rows", "-1")
        .startsWith("--skip-rows -1 is outside 0.."));
    assertTrue(error("data.arrow", "--device-column", "d", "--threads", "0")
        .startsWith("--threads 0 is outside 1..64"));
    assertTrue(error("data.arrow", "--device-column", "d", "--batch-rows", "many")
        .startsWith("--batch-rows 'many' is not a whole number"));
  }

  @Test
  void aUsageErrorExitsTwoNamingTheOptions() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    int code = LoadCommand.run(new String[] {"data.arrow", "--device", "root.sg.d1", "--table",
        "t"}, CliContext.of(out, NO_ENV), LoadObserver.NONE);
    assertEquals(LoadCommand.USAGE, code);
    assertTrue(buffer.toString(StandardCharsets.UTF_8).contains("--table is for the table model"),
        buffer.toString(StandardCharsets.UTF_8));
  }
}
