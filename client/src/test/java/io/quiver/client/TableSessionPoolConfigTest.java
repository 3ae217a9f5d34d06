package io.quiver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pool settings: the Python pool's defaults, and bad values refused when given, naming the setting. */
class TableSessionPoolConfigTest {
  @Test
  void badSettingsFailAtOnceNamingTheSetting() {
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> TableSessionPoolConfig.builder().maxPoolSize(0));
    assertTrue(size.getMessage().startsWith("maxPoolSize"), size.getMessage());
    IllegalArgumentException wait = assertThrows(IllegalArgumentException.class,
        () -> TableSessionPoolConfig.builder().waitTimeoutMs(-1));
    assertTrue(wait.getMessage().startsWith("waitTimeout"), wait.getMessage());
    IllegalArgumentException retry = assertThrows(IllegalArgumentException.class,
        () -> TableSessionPoolConfig.builder().maxRetry(-1));
    assertTrue(retry.getMessage().startsWith("maxRetry"), retry.getMessage());
    IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
        () -> TableSessionPoolConfig.builder().nodeUrls("no-port"));
    assertTrue(url.getMessage().contains("nodeUrls"), url.getMessage());
    IllegalArgumentException idle = assertThrows(IllegalArgumentException.class,
        () -> TableSessionPoolConfig.builder().validateIdleAfter(Duration.ofMillis(-1)));
    assertTrue(idle.getMessage().startsWith("validateIdleAfter"), idle.getMessage());
  }

  @Test
  void defaultsAreThePythonPools() {
    TableSessionPoolConfig defaults = TableSessionPoolConfig.builder().build();
    assertEquals(List.of("localhost:6667"), defaults.nodeUrls());
    assertEquals(5, defaults.maxPoolSize());
    assertEquals("root", defaults.username());
    assertNull(defaults.database());
    assertEquals(5000, defaults.fetchSize());
    assertFalse(defaults.enableRedirection());
    assertFalse(defaults.enableCompression());
    assertEquals(Duration.ofMillis(10_000), defaults.waitTimeout());
    assertEquals(3, defaults.maxRetry());
  }

  @Test
  void sessionSettingsReachTheSessionConfigAndBackThroughToBuilder() {
    TableSessionConfig base = TableSessionConfig.builder().nodeUrls("127.0.0.1:1234").database("db1")
        .fetchSize(100).connectTimeout(Duration.ofSeconds(2)).build();
    TableSessionPoolConfig config = TableSessionPoolConfig.builder().sessionConfig(base).maxPoolSize(7)
        .enableRedirection(true).maxRetry(5).build();
    assertEquals(List.of("127.0.0.1:1234"), config.sessionConfig().nodeUrls());
    assertEquals("db1", config.sessionConfig().database());
    assertEquals(100, config.sessionConfig().fetchSize());
    assertEquals(Duration.ofSeconds(2), config.sessionConfig().connectTimeout());
    TableSessionPoolConfig copy = config.toBuilder().database("db2").build();
    assertEquals(7, copy.maxPoolSize());
    assertTrue(copy.enableRedirection());
    assertEquals(5, copy.maxRetry());
    assertEquals("db2", copy.database());
    assertEquals(100, copy.fetchSize());
  }

  @Test
  void tlsTrustWithoutTlsFailsAtBuild() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TableSessionPoolConfig.builder().caCerts(Path.of("ca.pem")).build());
    assertTrue(e.getMessage().startsWith("useSsl"), e.getMessage());
  }
}
