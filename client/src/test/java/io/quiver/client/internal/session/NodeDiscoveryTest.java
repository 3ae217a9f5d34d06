package io.quiver.client.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ConnectionException;
import io.quiver.client.StatementException;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.session.DataNodeLister.DataNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Node discovery over a fake network and clock: a session given one node learns the others on
 * its first call, fails over to them, and asks again after the interval or a failover, once for
 * all the sessions sharing the directory; what is kept of a report; failures keep the list.
 */
class NodeDiscoveryTest {
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private static final Endpoint B = new Endpoint("127.0.0.1", 6668);
  private static final Endpoint C = new Endpoint("127.0.0.1", 6669);
  private static final long MINUTE = 60_000_000_000L;
  private final FakeClock clock = new FakeClock();
  private final FakeNetwork net = new FakeNetwork(clock, 0);
  private final ScriptedLister lister = new ScriptedLister().running(A, B);

  private NodeDirectory directory(List<Endpoint> configured, Map<Endpoint, Endpoint> map, DataNodeLister l) {
    return new NodeDirectory(configured, map, l, MINUTE, 30_000_000_000L, clock);
  }

  private static Link live(Links links) {
    return links.live(() -> { });
  }

  @Test
  void aSessionGivenOneNodeLearnsTheOthersWhenItConnectsAndFailsOverToThem() {
    NodeDirectory nodes = directory(List.of(A), Map.of(), lister);
    Links links = Links.open(new Connector(nodes, net), "db1");
    assertEquals(List.of(A), lister.askedOn);
    assertEquals(List.of(A, B), nodes.nodes());
    live(links);
    assertEquals(1, lister.askedOn.size(), "not again at the first call");

    net.down(A);
    assertThrows(ConnectionException.class, () -> links.home().ping());
    assertEquals(B, live(links).endpoint(), "failed over to the discovered node");
    assertEquals("db1", links.home().database());
    assertEquals(List.of("refused 127.0.0.1:6667"), net.logged("refused"), "the configured node first");
  }

  @Test
  void aDiscoveredNodeIsUsedOnlyWhenNoConfiguredNodeAnswers() {
    NodeDirectory nodes = directory(List.of(A), Map.of(), lister);
    Links links = Links.open(new Connector(nodes, net), null);
    links.home().close(); // a cut connection (a proxy restarted, say): A itself still answers
    assertEquals(A, live(links).endpoint(), "reconnected to the configured node, not the discovered one");
  }

  @Test
  void theListIsAskedAgainOnlyOnceTheIntervalHasPassed() {
    NodeDirectory nodes = directory(List.of(A), Map.of(), lister);
    Links links = Links.open(new Connector(nodes, net), null);
    live(links);
    clock.advanceMillis(59_999);
    live(links);
    assertEquals(1, lister.askedOn.size());
    clock.advanceMillis(1);
    live(links);
    live(links);
    assertEquals(2, lister.askedOn.size());
  }

  @Test
  void afterAFailoverTheNextCallAsksTheNewNode() {
    NodeDirectory nodes = directory(List.of(A), Map.of(), lister);
    Links links = Links.open(new Connector(nodes, net), null);
    live(links);
    net.down(A);
    assertThrows(ConnectionException.class, () -> links.home().ping());
    live(links); // reconnects to B
    live(links);
    assertEquals(List.of(A, B), lister.askedOn, "asked on B at once, not a minute later");
  }

  @Test
  void sessionsSharingADirectoryAskOncePerIntervalForAll() {
    NodeDirectory nodes = directory(List.of(A), Map.of(), lister);
    Links first = Links.open(new Connector(nodes, net), null);
    Links second = Links.open(new Connector(nodes, net), null);
    live(second);
    live(first);
    assertEquals(1, lister.askedOn.size());
    assertEquals(List.of(A, B), nodes.nodes(), "the second session knows B too");
  }

  @Test
  void runningNodesComeFirstAndNodesBeingRemovedOrWithoutAnAddressAreLeftOut() {
    lister.report(List.of(new DataNode(1, "Unknown", A), new DataNode(2, "Running", B),
        new DataNode(3, "Removing", C), new DataNode(4, "Running", new Endpoint("0.0.0.0", 6670))));
    NodeDirectory nodes = directory(List.of(C), Map.of(), lister);
    Links.open(new Connector(nodes, net), null);
    assertEquals(List.of(B, A), nodes.discovered());
    assertEquals(List.of(C, B, A), nodes.nodes(), "the configured node is kept, and first");
  }

  @Test
  void aRefusedListingKeepsTheNodesKnownAndTheLinkAndWaitsForTheInterval() {
    NodeDirectory nodes = directory(List.of(A), Map.of(), lister);
    Links links = Links.open(new Connector(nodes, net), null);
    lister.fail(new StatementException("SHOW DATANODES", 803, "No permissions for this operation", false));
    clock.advanceMillis(60_000);
    Link home = live(links);
    assertEquals(List.of(A, B), nodes.nodes());
    assertFalse(home.isBroken());
    assertEquals(A, home.endpoint());
    live(links);
    assertEquals(2, lister.askedOn.size(), "not asked again before the interval");
  }

  @Test
  void aListingThatFailsInAnyOtherWayNeverFailsTheCall() {
    NodeDirectory nodes = directory(List.of(A), Map.of(), lister.fail(new IllegalStateException("garbled answer")));
    Links links = Links.open(new Connector(nodes, net), null);
    assertEquals(A, live(links).endpoint());
    assertEquals(List.of(A), nodes.nodes());
  }

  @Test
  void anEmptyReportKeepsTheNodesKnown() {
    NodeDirectory nodes = directory(List.of(A), Map.of(), lister);
    Links links = Links.open(new Connector(nodes, net), null);
    lister.report(List.of());
    clock.advanceMillis(60_000);
    live(links);
    assertEquals(List.of(A, B), nodes.nodes());
  }

  @Test
  void aListingThatBreaksTheLinkIsFollowedByAReconnectAtTheFirstCall() {
    NodeDirectory nodes = directory(List.of(A, B), Map.of(), lister);
    LinkFactory flaky = (endpoint, database) -> {
      Link link = net.open(endpoint, database);
      if (endpoint.equals(A)) {
        net.down(A); // A answers the connect, then dies before the listing
      }
      return link;
    };
    Links links = Links.open(new Connector(nodes, flaky), null);
    assertEquals(A, links.home().endpoint());
    assertTrue(links.home().isBroken(), "the listing met the dead node");
    assertEquals(List.of(), lister.askedOn);
    assertEquals(B, live(links).endpoint(), "the first call reconnected");
    live(links);
    assertEquals(List.of(B), lister.askedOn, "asked again on the new node at the next call");
  }

  @Test
  void reportedAddressesAreMappedThroughTheAddressMap() {
    Endpoint internal = new Endpoint("172.18.0.3", 6667);
    lister.running(A, internal);
    NodeDirectory nodes = directory(List.of(A), Map.of(internal, C), lister);
    Links links = Links.open(new Connector(nodes, net), null);
    assertEquals(List.of(A, C), nodes.nodes());
    net.down(A);
    assertThrows(ConnectionException.class, () -> links.home().ping());
    assertEquals(C, live(links).endpoint());
  }

  @Test
  void withDiscoveryOffNothingIsAsked() {
    NodeDirectory nodes = directory(List.of(A), Map.of(), null);
    Links links = Links.open(new Connector(nodes, net), null);
    live(links);
    clock.advanceMillis(600_000);
    live(links);
    assertEquals(List.of(), lister.askedOn);
    assertEquals(List.of(), net.logged("execute"));
    assertFalse(nodes.discovers());
  }
}
