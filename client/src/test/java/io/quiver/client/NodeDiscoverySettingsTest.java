package io.quiver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.session.FakeClock;
import io.quiver.client.internal.session.FakeNetwork;
import io.quiver.client.internal.session.NodeDirectory;
import io.quiver.client.internal.session.ScriptedLister;
import io.quiver.client.internal.session.SessionWiring;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings of node discovery and unreachable nodes: on by default for sessions and pools of
 * both models, checked at once naming the setting, carried by {@code toBuilder}; and a pool given
 * one node that fails over to a discovered one, over a fake network.
 */
class NodeDiscoverySettingsTest {
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private static final Endpoint B = new Endpoint("127.0.0.1", 6668);

  @Test
  void discoveryIsOnByDefaultForSessionsAndPoolsOfBothModels() {
    for (TableSessionConfig c : List.of(TableSessionConfig.builder().build(),
        TableSessionPoolConfig.builder().build().sessionConfig(), SessionConfig.builder().build().core(),
        SessionPoolConfig.builder().build().core().sessionConfig())) {
      assertTrue(c.enableNodeDiscovery(), c.toString());
      assertEquals(Duration.ofSeconds(60), c.nodeDiscoveryInterval());
      assertEquals(Duration.ofSeconds(30), c.unreachableNodeQuarantine());
      assertEquals(Map.of(), c.nodeAddressMap());
    }
  }

  @Test
  void theSettingsTurnItOffAndAreCarriedByToBuilder() {
    TableSessionConfig c = TableSessionConfig.builder().enableNodeDiscovery(false)
        .nodeDiscoveryInterval(Duration.ofSeconds(5)).unreachableNodeQuarantine(Duration.ZERO)
        .nodeAddressMap(Map.of("172.18.0.3:6667", "127.0.0.1:16667")).build();
    TableSessionConfig copy = c.toBuilder().build();
    assertFalse(copy.enableNodeDiscovery());
    assertEquals(Duration.ofSeconds(5), copy.nodeDiscoveryInterval());
    assertEquals(Duration.ZERO, copy.unreachableNodeQuarantine());
    assertEquals(Map.of("172.18.0.3:6667", "127.0.0.1:16667"), copy.nodeAddressMap());
    assertFalse(NodeDirectory.of(c, new FakeClock(), new ScriptedLister()).discovers(), "off: nothing asked");
    assertFalse(SessionPoolConfig.builder().enableNodeDiscovery(false).build().core().sessionConfig()
        .enableNodeDiscovery());
  }

  @Test
  void badValuesAreRefusedAtOnceNamingTheSetting() {
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> TableSessionConfig.builder().nodeDiscoveryInterval(Duration.ZERO));
    assertTrue(zero.getMessage().startsWith("nodeDiscoveryInterval:"), zero.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> TableSessionPoolConfig.builder().unreachableNodeQuarantine(Duration.ofSeconds(-1)));
    assertTrue(negative.getMessage().startsWith("unreachableNodeQuarantine:"), negative.getMessage());
    IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
        () -> SessionConfig.builder().nodeAddressMap(Map.of("172.18.0.3", "127.0.0.1:6667")));
    assertTrue(key.getMessage().startsWith("nodeAddressMap:") && key.getMessage().contains("172.18.0.3"),
        key.getMessage());
    IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
        () -> TableSessionConfig.builder().nodeAddressMap(Map.of("172.18.0.3:6667", "nowhere")));
    assertTrue(value.getMessage().contains("nodeAddressMap") && value.getMessage().contains("nowhere"),
        value.getMessage());
  }

  @Test
  void aPoolGivenOneNodeWritesThroughADiscoveredNodeWhenItsNodeDies() {
    FakeClock clock = new FakeClock();
    FakeNetwork net = new FakeNetwork(clock, 3_000);
    ScriptedLister lister = new ScriptedLister().running(A, B);
    TableSessionPoolConfig config = TableSessionPoolConfig.builder().nodeUrls("127.0.0.1:6667").database("db1")
        .maxPoolSize(2).validateIdleAfter(Duration.ZERO).retryInterval(Duration.ofMillis(10)).build();
    NodeDirectory nodes = NodeDirectory.of(config.sessionConfig(), clock, lister);
    Tablet rows = Tablet.builder("t").tag("dev").field("v", DataType.DOUBLE).row(1L, "d1", 1.0).build();
    try (TableSessionPool pool = new TableSessionPool(config, new SessionWiring(net, clock, nodes))) {
      try (TableSession s = pool.getSession()) {
        s.insert(rows);
        assertEquals("127.0.0.1:6667", s.endpoint());
      }
      net.down(A);
      try (TableSession s = pool.getSession()) {
        s.insert(rows);
        assertEquals("127.0.0.1:6668", s.endpoint(), "went on through the node the pool discovered");
      }
      try (TableSession s = pool.getSession()) {
        s.insert(rows);
      }
    }
    assertEquals(List.of(A, B), lister.askedOn, "asked once at the start, and again after the failover");
    assertEquals(2, net.logged("insert 127.0.0.1:6668 t 1").size(), net.log.toString());
    assertEquals(1, net.logged("replay 127.0.0.1:6668 t 1").size(), "what A acknowledged was replayed on B");
  }
}
