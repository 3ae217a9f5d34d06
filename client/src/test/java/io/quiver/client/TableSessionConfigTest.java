package io.quiver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The session settings, written once ({@link SessionSettings}): the same setter validates the
 * same way on both builders, the grouped values reflect the settings, and a configuration
 * survives {@code toBuilder()}.
 */
class TableSessionConfigTest {
  @Test
  void theGroupedValuesReflectTheSettings() {
    TableSessionConfig c = TableSessionConfig.builder().connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(7)).maxRetry(5).retryInterval(Duration.ofMillis(100))
        .retryBudget(Duration.ofSeconds(9)).replayWindow(Duration.ZERO).replayWindowBytes(1024)
        .awaitWindowOnClose(false).build();
    assertEquals(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(7)), c.timeouts());
    assertEquals(new RetrySettings(5, Duration.ofMillis(100), Duration.ofSeconds(9)), c.retry());
    assertEquals(new ReplaySettings(Duration.ZERO, 1024, false), c.replay());
    assertFalse(c.replay().enabled());
    assertTrue(TableSessionConfig.builder().build().replay().enabled());
  }

  @Test
  void aSharedSetterValidatesAlikeOnBothBuilders() {
    assertSameRefusal(b -> b.readTimeout(Duration.ofMillis(-1)), "readTimeout");
    assertSameRefusal(b -> b.fetchSize(0), "fetchSize");
    assertSameRefusal(b -> b.maxInFlightInserts(0), "maxInFlightInserts");
    assertSameRefusal(b -> b.maxInFlightInserts(SessionSettings.MAX_IN_FLIGHT_INSERTS + 1), "maxInFlightInserts");
    assertSameRefusal(b -> b.nodeUrls("nohost"), "nodeUrls");
    assertSameRefusal(b -> b.replayWindowBytes(0), "replayWindowBytes");
  }

  private static void assertSameRefusal(Consumer<SessionSettings<?>> set, String setting) {
    IllegalArgumentException session = assertThrows(IllegalArgumentException.class,
        () -> set.accept(TableSessionConfig.builder()));
    IllegalArgumentException pool = assertThrows(IllegalArgumentException.class,
        () -> set.accept(TableSessionPoolConfig.builder()));
    assertEquals(session.getMessage(), pool.getMessage());
    assertTrue(session.getMessage().startsWith(setting), session.getMessage());
  }

  @Test
  void contradictingTlsSettingsFailWhenBuiltOnBothBuilders() {
    assertThrows(IllegalArgumentException.class,
        () -> TableSessionConfig.builder().caCerts(java.nio.file.Path.of("ca.pem")).build());
    assertThrows(IllegalArgumentException.class,
        () -> TableSessionPoolConfig.builder().caCerts(java.nio.file.Path.of("ca.pem")).build());
  }

  @Test
  void pipelinedInsertsWithoutAReplayWindowAreRefusedNamingBothSettings() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TableSessionConfig.builder().maxInFlightInserts(4).replayWindow(Duration.ZERO).build());
    assertTrue(e.getMessage().startsWith("maxInFlightInserts: 4 needs the replay window"), e.getMessage());
    assertTrue(e.getMessage().contains("replayWindow is zero"), e.getMessage());
    assertEquals(1, TableSessionConfig.builder().replayWindow(Duration.ZERO).build().maxInFlightInserts());
    assertEquals(4, TableSessionPoolConfig.builder().maxInFlightInserts(4).build().sessionConfig().maxInFlightInserts());
  }

  @Test
  void aConfigurationSurvivesToBuilder() {
    TableSessionConfig c = TableSessionConfig.builder().nodeUrls("127.0.0.1:1", "127.0.0.1:2").username("u")
        .password("p").database("db").fetchSize(7).timeZone("UTC").enableCompression(true)
        .enableRedirection(false).maxRetry(0).maxInFlightInserts(3).build();
    assertEquals(c.toString(), c.toBuilder().build().toString());
    assertTrue(c.toString().contains("maxInFlightInserts=3"), c.toString());
    TableSessionPoolConfig p = TableSessionPoolConfig.builder().sessionConfig(c).maxPoolSize(3).build();
    assertEquals(c.toString(), p.sessionConfig().toString());
    assertEquals(p.toString(), p.toBuilder().build().toString());
  }
}
