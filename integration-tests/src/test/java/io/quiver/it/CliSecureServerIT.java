package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.cli.CliContext;
import io.quiver.cli.Main;
import io.quiver.cli.load.LoadCommand;
import io.quiver.cli.load.LoadObserver;
import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.it.support.DedicatedIoTDB;
import io.quiver.it.support.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against a server as production runs it: TLS on the client port ({@code
 * enable_thrift_ssl}, a key store made by keytool for this run) and a user other than root with a
 * password. {@code load}, {@code query} (every format, a time zone) and {@code example} run
 * in-process as {@code ./quiver} runs them, with the password from the environment, a file, a
 * config file and the prompt; a wrong password, a plaintext client and an untrusted server fail
 * with exit code 1 and a line saying why, never showing the password.
 */
class CliSecureServerIT {
  private static final String INSTANCE = "cli-secure";
  private static final String DB = "it_cli_secure";
  private static final String USER = "quiver_writer";
  private static final String PASSWORD = "Quiver-Writer-2026";
  private static final long BASE = 1_700_000_000_000L;
  private static final int ROWS = 20_000;

  @TempDir
  static Path dir;

  private static TestCertificates.Identity serverId;
  private static TestCertificates.Identity otherId;
  private static DedicatedIoTDB server;

  @BeforeAll
  static void startTlsServerWithAUser() throws IOException {
    serverId = TestCertificates.generate(dir, "iotdb", "ip:127.0.0.1");
    otherId = TestCertificates.generate(dir, "stranger", "ip:127.0.0.1");
    server = DedicatedIoTDB.start(INSTANCE, Map.of(
        "enable_thrift_ssl", "true",
        "key_store_path", serverId.keyStore().toString(),
        "key_store_pwd", serverId.keyStorePassword()));
    try (TableSession root = TableSession.open(asRoot())) {
      root.executeNonQueryStatement("CREATE DATABASE " + DB);
      root.executeNonQueryStatement("CREATE USER " + USER + " '" + PASSWORD + "'");
      root.executeNonQueryStatement("GRANT ALL TO USER " + USER);
    }
    writeFile(dir.resolve("readings.arrow"));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static TableSessionConfig asRoot() {
    return TableSessionConfig.builder().nodeUrls(server.endpoint()).useSsl(true)
        .caCerts(serverId.certificatePem()).connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** time (ms), device (8), value (double), n (row number): ROWS rows in batches of 5,000. */
  private static void writeFile(Path file) throws IOException {
    try (BufferAllocator allocator = new RootAllocator();
        TimeStampMilliVector t = new TimeStampMilliVector("time", allocator);
        VarCharVector device = new VarCharVector("device", allocator);
        Float8Vector value = new Float8Vector("value", allocator);
        BigIntVector n = new BigIntVector("n", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(t, device, value, n);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
      writer.start();
      for (int start = 0; start < ROWS; start += 5_000) {
        root.allocateNew();
        for (int i = 0; i < 5_000; i++) {
          long r = start + i;
          t.setSafe(i, BASE + r * 1000);
          device.setSafe(i, ("dev" + r % 8).getBytes(StandardCharsets.UTF_8));
          value.setSafe(i, r * 0.5);
          n.setSafe(i, r);
        }
        root.setRowCount(5_000);
        writer.writeBatch();
      }
      writer.end();
    }
  }

  /** One in-process run of ./quiver: exit code and everything it printed. */
  private record Run(int code, String output) {}

  private static Run quiver(Map<String, String> env, char[] typed, String... args) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    CliContext context = new CliContext(out, out, env, prompt -> typed);
    int code = args[0].equals("load")
        ? LoadCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), context, LoadObserver.NONE)
        : Main.run(args, context);
    String output = buffer.toString(StandardCharsets.UTF_8);
    System.out.print(output.lines().map(l -> "[quiver] " + l + "\n").reduce("", String::concat));
    assertFalse(output.contains(PASSWORD), "the password is never printed:\n" + output);
    return new Run(code, output);
  }

  private static String[] tls(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", server.endpoint(), "--ca-certs", serverId.certificatePem().toString(),
        "--connect-timeout", "10s"));
    return all.toArray(new String[0]);
  }

  private static long count(String table) {
    try (TableSession root = TableSession.open(asRoot().toBuilder().database(DB).build());
        SessionDataSet r = root.executeQueryStatement("SELECT count(*) FROM " + table)) {
      assertTrue(r.next());
      return r.getLong(0);
    }
  }

  @Test
  void loadAndQueryAsANamedUserOverTlsWithThePasswordFromTheEnvironment() {
    Map<String, String> env = Map.of("QUIVER_PASSWORD", PASSWORD);
    Run load = quiver(env, null, tls("load", dir.resolve("readings.arrow").toString(), "--table",
        DB + ".from_env", "--tags", "device", "--create-table", "--user", USER));
    assertEquals(0, load.code(), load.output());
    assertTrue(load.output().contains("load: done: wrote 20,000 rows"), load.output());
    assertEquals(ROWS, count("from_env"));

    Run query = quiver(env, null, tls("query", "SELECT time, device, n FROM from_env WHERE n < 3 ORDER BY n",
        "--database", DB, "--user", USER, "--format", "csv", "--time-zone", "+08:00"));
    assertEquals(0, query.code(), query.output());
    assertEquals(List.of("time,device,n", "2023-11-15T06:13:20.000+08:00,dev0,0",
        "2023-11-15T06:13:21.000+08:00,dev1,1", "2023-11-15T06:13:22.000+08:00,dev2,2"),
        query.output().lines().toList());
  }

  @Test
  void thePasswordComesFromAFileOrAConfigFileOrThePrompt() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret"), PASSWORD + "\n");
    Run fromFile = quiver(Map.of(), null, tls("load", dir.resolve("readings.arrow").toString(), "--table",
        DB + ".from_file", "--tags", "device", "--create-table", "--user", USER, "--password-file",
        secret.toString(), "--threads", "1"));
    assertEquals(0, fromFile.code(), fromFile.output());
    assertEquals(ROWS, count("from_file"));

    Path config = Files.writeString(dir.resolve("quiver.properties"), String.join("\n",
        "url=" + server.endpoint(), "user=" + USER, "password-file=secret",
        "ca-certs=" + serverId.certificatePem(), ""));
    Run json = quiver(Map.of(), null, "query", "SELECT n, value FROM from_file WHERE n = 7", "--database",
        DB, "--format", "json", "--config", config.toString());
    assertEquals(0, json.code(), json.output());
    assertEquals("{\"n\":7,\"value\":3.5}", json.output().strip());

    Run prompted = quiver(Map.of(), PASSWORD.toCharArray(), tls("query", "SELECT count(*) AS c FROM from_file",
        "--database", DB, "--user", USER, "--format", "csv"));
    assertEquals(0, prompted.code(), prompted.output());
    assertEquals(List.of("c", "20000"), prompted.output().lines().toList());
  }

  @Test
  void anArrowFileIsWrittenAndTheExampleRunsAsTheNamedUser() throws IOException {
    Map<String, String> env = Map.of("QUIVER_PASSWORD", PASSWORD);
    Path out = dir.resolve("result.arrow");
    Run query = quiver(env, null, tls("query", "SHOW DATABASES", "--user", USER, "--out", out.toString()));
    assertEquals(0, query.code(), query.output());
    assertTrue(Files.size(out) > 0);

    Run example = quiver(env, null, tls("example", "session", "--user", USER));
    assertEquals(0, example.code(), example.output());
    assertTrue(example.output().contains("dropped databases"), example.output());
  }

  @Test
  void aWrongPasswordAPlaintextClientAndAnUntrustedServerFailWithExitOne() {
    Run wrong = quiver(Map.of("QUIVER_PASSWORD", "not-" + PASSWORD), null,
        tls("query", "SHOW DATABASES", "--user", USER));
    assertEquals(1, wrong.code(), wrong.output());
    assertTrue(wrong.output().startsWith("query: "), wrong.output());
    assertEquals(1, wrong.output().lines().count(), wrong.output());

    Run plaintext = quiver(Map.of("QUIVER_PASSWORD", PASSWORD), null, "query", "SHOW DATABASES",
        "--url", server.endpoint(), "--user", USER, "--connect-timeout", "10s");
    assertEquals(1, plaintext.code(), plaintext.output());

    Run untrusted = quiver(Map.of("QUIVER_PASSWORD", PASSWORD), null, "load",
        dir.resolve("readings.arrow").toString(), "--table", DB + ".never_untrusted", "--create-table",
        "--url", server.endpoint(), "--user", USER, "--ca-certs", otherId.certificatePem().toString(),
        "--connect-timeout", "10s");
    assertEquals(1, untrusted.code(), untrusted.output());
    assertTrue(untrusted.output().startsWith("load: error: "), untrusted.output());
  }
}
