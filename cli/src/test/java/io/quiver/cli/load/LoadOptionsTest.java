package io.quiver.cli.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {
  private static final Map<String, String> NO_ENV = Map.of();

  private static LoadOptions parse(Map<String, String> env, String... args) {
    return LoadOptions.parse(args, env);
  }

  private static String error(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(args, NO_ENV))
        .getMessage();
  }

  @Test
  void onlyFileTableAndDatabaseGiveTheDefaults() {
    LoadOptions o = parse(NO_ENV, "data.arrow", "--table", "t1", "--database", "db1");
    assertEquals(Path.of("data.arrow"), o.file());
    assertEquals("db1", o.database());
    assertEquals("t1", o.table());
    assertEquals(List.of(), o.tags());
    assertEquals(List.of(), o.attributes());
    assertEquals("time", o.timeColumn());
    assertEquals(50_000, o.batchRows());
    assertFalse(o.createTable());
    assertEquals(2, o.threads());
    assertEquals(List.of("127.0.0.1:6667"), o.nodeUrls());
    assertEquals(0, o.skipRows());
  }

  @Test
  void requestsArePlainUnlessEncodingOrGzipIsAskedAndGzipImpliesEncoding() {
    LoadOptions plain = parse(NO_ENV, "f.arrow", "--table", "db.t");
    assertFalse(plain.encodeInserts() || plain.gzipInserts());
    io.quiver.client.TableSessionConfig c =
        plain.shape().applyTo(io.quiver.client.TableSessionPoolConfig.builder()).build().sessionConfig();
    assertFalse(c.encodeInserts() || c.gzipInserts());
    LoadOptions gzip = parse(NO_ENV, "f.arrow", "--table", "db.t", "--gzip-inserts");
    c = gzip.shape().applyTo(io.quiver.client.TableSessionPoolConfig.builder()).build().sessionConfig();
    assertTrue(c.encodeInserts() && c.gzipInserts());
    assertTrue(LoadCommand.shapeText(gzip.shape()).endsWith(", requests encoded and GZIP-compressed"));
    LoadOptions encoded = parse(NO_ENV, "f.arrow", "--table", "db.t", "--encode-inserts");
    assertTrue(LoadCommand.shapeText(encoded.shape()).endsWith(", requests encoded"));
  }

  @Test
  void everyOptionIsReadInBothSpellings() {
    LoadOptions spaced = parse(NO_ENV, "--table", "t", "--database", "db", "--tags", "a, b",
        "--attributes", "c", "--time", "ts", "--batch-rows", "1000", "--create-table", "--threads",
        "4", "--url", "127.0.0.1:7000,127.0.0.1:7001", "--skip-rows", "2_000_000", "f.arrows");
    LoadOptions joined = parse(NO_ENV, "f.arrows", "--table=t", "--database=db", "--tags=a,b",
        "--attributes=c", "--time=ts", "--batch-rows=1000", "--create-table", "--threads=4",
        "--url=127.0.0.1:7000,127.0.0.1:7001", "--skip-rows=2000000");
    assertEquals(spaced, joined);
    assertEquals(List.of("a", "b"), spaced.tags());
    assertEquals(List.of("c"), spaced.attributes());
    assertEquals("ts", spaced.timeColumn());
    assertEquals(1000, spaced.batchRows());
    assertTrue(spaced.createTable());
    assertEquals(4, spaced.threads());
    assertEquals(List.of("127.0.0.1:7000", "127.0.0.1:7001"), spaced.nodeUrls());
    assertEquals(2_000_000L, spaced.skipRows());
  }

  @Test
  void aQualifiedTableNamesTheDatabase() {
    LoadOptions o = parse(NO_ENV, "f", "--table", "db1.t1");
    assertEquals("db1", o.database());
    assertEquals("t1", o.table());
  }

  @Test
  void theUrlComesFromTheEnvironmentUnlessGiven() {
    assertEquals(List.of("127.0.0.1:9999"),
        parse(Map.of("QUIVER_IOTDB_URL", "127.0.0.1:9999"), "f", "--table", "d.t").nodeUrls());
    assertEquals(List.of("127.0.0.1:1234"), parse(Map.of("QUIVER_IOTDB_URL", "127.0.0.1:9999"),
        "f", "--table", "d.t", "--url", "127.0.0.1:1234").nodeUrls());
    assertEquals(List.of("127.0.0.1:6667"),
        parse(Map.of("QUIVER_IOTDB_URL", " "), "f", "--table", "d.t").nodeUrls());
  }

  @Test
  void missingFileTableOrDatabaseIsNamed() {
    assertTrue(error("--table", "d.t").contains("give the Arrow file"));
    assertTrue(error("f").contains("--table"));
    assertTrue(error("f", "--table", "t").contains("--database"));
    assertTrue(error("f", "g", "--table", "d.t").contains("give one file"));
  }

  @Test
  void theDatabaseIsGivenOnce() {
    assertTrue(error("f", "--table", "d.t", "--database", "d").contains("not both"));
    assertTrue(error("f", "--table", "d.t.x").contains("not TABLE or DB.TABLE"));
    assertTrue(error("f", "--table", ".t").contains("not TABLE or DB.TABLE"));
  }

  @Test
  void unknownRepeatedOrValuelessOptionsAreNamed() {
    assertTrue(error("f", "--table", "d.t", "--tag", "a").contains("Unknown option: '--tag'"));
    assertTrue(error("f", "--table", "d.t", "--table", "d.u").contains("should be specified only once"));
    assertTrue(error("f", "--table", "d.t", "--threads").contains("Missing required parameter for option '--threads'"));
  }

  @Test
  void numbersAreCheckedWithTheirRange() {
    assertTrue(error("f", "--table", "d.t", "--threads", "two").contains("--threads 'two' is not a whole number"));
    assertTrue(error("f", "--table", "d.t", "--threads", "0").contains("--threads 0 is outside 1..64"));
    assertTrue(error("f", "--table", "d.t", "--threads", "65").contains("outside 1..64"));
    assertTrue(error("f", "--table", "d.t", "--batch-rows", "0").contains("--batch-rows 0 is outside"));
    assertTrue(error("f", "--table", "d.t", "--skip-rows", "-1").contains("--skip-rows -1 is outside"));
  }

  @Test
  void eachColumnHasOneRole() {
    assertTrue(error("f", "--table", "d.t", "--tags", "a,,b").contains("empty column name"));
    assertTrue(error("f", "--table", "d.t", "--tags", "a", "--attributes", "A")
        .contains("column 'A' is given in both --tags and --attributes"));
    assertTrue(error("f", "--table", "d.t", "--tags", "ts", "--time", "TS")
        .contains("column 'ts' is given in both --time and --tags"));
    assertTrue(error("f", "--table", "d.t", "--tags", "a,a").contains("column 'a' is given in both"));
  }

  @Test
  void aUrlWithoutAPortIsRefused() {
    assertTrue(error("f", "--table", "d.t", "--url", "localhost").contains("not HOST:PORT"));
    assertTrue(error("f", "--table", "d.t", "--url", "127.0.0.1:1,").contains("not HOST:PORT"));
  }
}
