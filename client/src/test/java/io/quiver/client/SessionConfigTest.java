package io.quiver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tree session and pool settings: the Python client's names and defaults, checked early. */
class SessionConfigTest {

  @Test
  void defaultsAreThePythonSessionsAndTheCoreRunsWithoutRedirection() {
    SessionConfig c = SessionConfig.builder().build();
    assertEquals(List.of("localhost:6667"), c.nodeUrls());
    assertEquals("root", c.username());
    assertEquals(5000, c.fetchSize());
    assertTrue(c.enableRedirection(), "Python's Session default");
    assertTrue(c.core().enableRedirection(), "acted on for tree inserts: routed by device path");
    assertFalse(c.enableCompression());
    assertFalse(c.useSsl());
    assertEquals(Duration.ofSeconds(10), c.connectTimeout());
  }

  @Test
  void hostAndPortMakeTheNodeUrlAndUtcPlus8IsAZone() {
    SessionConfig c = SessionConfig.builder().host("127.0.0.1").port(16667).zoneId("UTC+8")
        .user("u").password("p").build();
    assertEquals(List.of("127.0.0.1:16667"), c.nodeUrls());
    assertEquals(ZoneOffset.ofHours(8), c.timeZone().normalized());
    assertEquals("u", c.username());
    assertEquals(List.of("10.0.0.1:6667"), SessionConfig.builder().host("10.0.0.1").build().nodeUrls());
    assertEquals(List.of("[::1]:6667"), SessionConfig.builder().host("::1").build().nodeUrls());
  }

  @Test
  void badSettingsAreRefusedNamingTheSetting() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SessionConfig.builder().port(0))
        .getMessage().startsWith("port"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SessionConfig.builder().host(" "))
        .getMessage().startsWith("host"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> SessionConfig.builder().database("db1").build()).getMessage().startsWith("database"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> SessionConfig.builder().caCerts(Path.of("ca.pem")).build()).getMessage().contains("useSsl"));
    assertThrows(RuntimeException.class, () -> SessionConfig.builder().zoneId("UTC+99"));
    // Tree requests are sent plain: asking for encoded ones is refused, not ignored.
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> SessionConfig.builder().encodeInserts(true).build()).getMessage().startsWith("encodeInserts"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> SessionPoolConfig.builder().gzipInserts(true).build()).getMessage().startsWith("gzipInserts"));
  }

  @Test
  void thePoolTakesTheDocsSettings() {
    SessionPoolConfig p = SessionPoolConfig.builder().host("127.0.0.1").port(6667).userName("root")
        .password("root").fetchSize(1024).zoneId("UTC+8").maxRetry(3).maxPoolSize(5).waitTimeoutMs(3000)
        .build();
    assertEquals(5, p.maxPoolSize());
    assertEquals(Duration.ofMillis(3000), p.waitTimeout());
    assertEquals(3, p.maxRetry());
    assertEquals(1024, p.fetchSize());
    assertEquals(1024, p.sessionConfig().fetchSize());
    assertEquals(List.of("127.0.0.1:6667"), p.sessionConfig().nodeUrls());
    assertFalse(p.sessionConfig().enableRedirection(), "off by default, as the Python pool");
    assertEquals(5, SessionPoolConfig.builder().build().maxPoolSize());
    assertThrows(IllegalArgumentException.class, () -> SessionPoolConfig.builder().maxPoolSize(0));
    assertThrows(IllegalArgumentException.class, () -> SessionPoolConfig.builder().waitTimeoutMs(-1));
  }
}
