package io.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.TableSessionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The connection options: where each setting comes from, and what is refused before connecting. */
class ConnectionSettingsTest {
  @TempDir
  Path dir;

  private final List<String> prompts = new ArrayList<>();

  @Command(name = "probe")
  static final class Probe {
    @Mixin
    ConnectionOptions options = new ConnectionOptions();
  }

  private ConnectionSettings resolve(Map<String, String> env, char[] typed, String... args) {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs(args);
    return ConnectionSettings.resolve(probe.options, env, prompt -> {
      prompts.add(prompt);
      return typed;
    });
  }

  private ConnectionSettings resolve(String... args) {
    return resolve(Map.of(), null, args);
  }

  private String error(Map<String, String> env, String... args) {
    return assertThrows(IllegalArgumentException.class, () -> resolve(env, null, args)).getMessage();
  }

  private Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void nothingGivenMeansRootOnTheLocalDefaultInPlaintext() {
    ConnectionSettings s = resolve();
    assertEquals(List.of("127.0.0.1:6667"), s.nodeUrls());
    assertEquals("root", s.user());
    assertEquals("root", s.password());
    assertFalse(s.ssl());
    assertFalse(s.compression());
    assertNull(s.connectTimeout());
    assertTrue(prompts.isEmpty(), "no prompt for the default user");
  }

  @Test
  void theUrlComesFromTheOptionThenTheEnvironmentThenTheConfigFile() throws IOException {
    Path config = file("q.properties", "url=10.0.0.9:6667\n");
    Map<String, String> env = Map.of("QUIVER_IOTDB_URL", "10.0.0.5:6667");
    assertEquals(List.of("db:1", "db:2"),
        resolve(env, null, "--url", "db:1, db:2", "--config", config.toString()).nodeUrls());
    assertEquals(List.of("10.0.0.5:6667"), resolve(env, null, "--config", config.toString()).nodeUrls());
    assertEquals(List.of("10.0.0.9:6667"), resolve("--config", config.toString()).nodeUrls());
    assertTrue(error(Map.of(), "--url", "nohost").contains("not HOST:PORT"));
  }

  @Test
  void thePasswordComesFromTheEnvironmentThenTheFileThenTheConfigThenAPrompt() throws IOException {
    Path secret = file("secret", "s3cret\nignored second line\n");
    Path config = file("q.properties", "user=writer\npassword=fromconfig\n");
    assertEquals("fromenv", resolve(Map.of("QUIVER_PASSWORD", "fromenv"), null, "--user", "writer",
        "--password-file", secret.toString()).password());
    assertEquals("s3cret", resolve("--user", "writer", "--password-file", secret.toString()).password());
    ConnectionSettings fromConfig = resolve("--config", config.toString());
    assertEquals("writer", fromConfig.user());
    assertEquals("fromconfig", fromConfig.password());
    assertEquals("typed", resolve(Map.of(), "typed".toCharArray(), "--user", "writer").password());
    assertEquals(List.of("password for writer: "), prompts);
  }

  @Test
  void askPasswordPromptsEvenWhenAPasswordIsSet() {
    ConnectionSettings s = resolve(Map.of("QUIVER_PASSWORD", "fromenv"), "typed".toCharArray(), "-W");
    assertEquals("typed", s.password());
    assertEquals("root", s.user());
  }

  @Test
  void aNamedUserWithoutPasswordAndWithoutTerminalIsRefusedRatherThanWaitingForInput() {
    String message = error(Map.of(), "--user", "writer");
    assertTrue(message.contains("no password for user 'writer'"), message);
    assertTrue(message.contains("QUIVER_PASSWORD") && message.contains("--password-file"), message);
  }

  @Test
  void thePasswordIsNeverShown() {
    ConnectionSettings s = resolve(Map.of("QUIVER_PASSWORD", "hunter2"), null, "--user", "writer");
    assertFalse(s.toString().contains("hunter2"), s.toString());
  }

  @Test
  void caCertsOrATrustStoreTurnTlsOn() throws IOException {
    Path pem = file("ca.pem", "-----BEGIN CERTIFICATE-----\n");
    ConnectionSettings s = resolve("--ca-certs", pem.toString());
    assertTrue(s.ssl());
    assertEquals(pem, s.caCerts());
    TableSessionConfig config = s.sessionConfig();
    assertTrue(config.useSsl());

    Path store = file("trust.p12", "x");
    ConnectionSettings t = resolve(Map.of("QUIVER_TRUST_STORE_PASSWORD", "changeit"), null,
        "--trust-store", store.toString());
    assertTrue(t.ssl());
    assertEquals("changeit", new String(t.trustStorePassword()));
  }

  @Test
  void contradictoryOrUnreadableTlsSettingsAreNamed() throws IOException {
    Path pem = file("ca.pem", "x");
    assertTrue(error(Map.of(), "--ca-certs", pem.toString(), "--trust-store", pem.toString())
        .contains("not both"));
    assertTrue(error(Map.of(), "--ca-certs", pem.toString(), "--no-ssl").contains("--no-ssl"));
    assertTrue(error(Map.of(), "--ca-certs", dir.resolve("missing.pem").toString())
        .contains("--ca-certs"));
  }

  @Test
  void theConfigFileGivesEverySettingAndResolvesPathsBesideItself() throws IOException {
    file("ca.pem", "x");
    file("pw", "frompwfile\n");
    Path config = file("q.properties", String.join("\n", "url=db:7000", "user=writer",
        "password-file=pw", "ca-certs=ca.pem", "compression=true", "connect-timeout=500ms",
        "read-timeout=2m", ""));
    ConnectionSettings s = resolve("--config", config.toString());
    assertEquals(List.of("db:7000"), s.nodeUrls());
    assertEquals("frompwfile", s.password());
    assertEquals(dir.resolve("ca.pem"), s.caCerts());
    assertTrue(s.ssl());
    assertTrue(s.compression());
    assertEquals(Duration.ofMillis(500), s.connectTimeout());
    assertEquals(Duration.ofMinutes(2), s.readTimeout());
    assertFalse(resolve("--config", config.toString(), "--no-compression").compression());
  }

  @Test
  void anUnknownConfigKeyOrBadValueIsNamed() throws IOException {
    Path typo = file("typo.properties", "usr=writer\n");
    assertTrue(error(Map.of(), "--config", typo.toString()).contains("unknown key(s) [usr]"));
    Path bad = file("bad.properties", "ssl=yes\n");
    assertTrue(error(Map.of(), "--config", bad.toString()).contains("ssl=yes"));
    assertTrue(error(Map.of(), "--config", dir.resolve("none").toString()).contains("cannot be read"));
  }

  @Test
  void durationsTakeAUnitOrSeconds() {
    assertEquals(Duration.ofSeconds(10), ConnectionSettings.duration("--x", "10"));
    assertEquals(Duration.ofSeconds(10), ConnectionSettings.duration("--x", "10s"));
    assertEquals(Duration.ofMillis(250), ConnectionSettings.duration("--x", "250ms"));
    assertEquals(Duration.ofMinutes(3), ConnectionSettings.duration("--x", "3m"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ConnectionSettings.duration("--read-timeout", "soon")).getMessage().contains("--read-timeout"));
    assertThrows(IllegalArgumentException.class, () -> ConnectionSettings.duration("--x", "0s"));
  }
}
