package io.quiver.client.internal.session;

import io.quiver.client.ConnectionException;
import io.quiver.client.internal.Endpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Connect with failover: opens a link to the first node that answers among those of its {@link
 * NodeDirectory}: the configured nodes, starting with the one after the node of the previous link
 * (so a node that just failed is tried last), then the discovered ones; the nodes that recently
 * failed to connect ({@link UnreachableNodes}) after all the others. One per connection
 * bundle; the directory may be shared (a pool's).
 */
public final class Connector {
  private final NodeDirectory directory;
  private final LinkFactory factory;
  /** The node of the current link: the next connect starts after it. */
  private Endpoint last;

  /**
   * A connector to the configured nodes only (no discovery, no quarantine).
   *
   * @param nodeUrls {@code host:port} of each node, in order of preference
   * @throws IllegalArgumentException if a URL is malformed (naming the {@code nodeUrls} setting)
   */
  public Connector(List<String> nodeUrls, LinkFactory factory) {
    this(NodeDirectory.fixed(nodeUrls), factory);
  }

  public Connector(NodeDirectory directory, LinkFactory factory) {
    this.directory = directory;
    this.factory = factory;
  }

  /** The factory links are opened with (redirect links too). */
  public LinkFactory factory() {
    return factory;
  }

  /** The nodes this connector knows, and those that recently failed to connect. */
  public NodeDirectory directory() {
    return directory;
  }

  /**
   * Opens a link in {@code database} to the first node that answers.
   *
   * @throws ConnectionException if none does: the only node's own failure, or one listing every
   *     node's error (retryable if any of them was; a TLS mismatch everywhere is not)
   */
  public Link connect(String database) {
    List<Endpoint> order = order();
    UnreachableNodes unreachable = directory.unreachable();
    List<String> failures = new ArrayList<>();
    ConnectionException lastFailure = null;
    boolean anyRetryable = false;
    for (Endpoint endpoint : order) {
      try {
        Link link = factory.open(endpoint, database);
        unreachable.reached(endpoint);
        last = endpoint;
        return link;
      } catch (ConnectionException e) {
        unreachable.failed(endpoint);
        failures.add(endpoint + ": " + e.getMessage());
        lastFailure = e;
        anyRetryable |= e.isRetryable();
      }
    }
    if (failures.size() == 1) {
      throw lastFailure;
    }
    List<String> names = new ArrayList<>(order.size());
    for (Endpoint e : directory.nodes()) {
      names.add(e.toString());
    }
    throw new ConnectionException(String.join(",", names), "no IoTDB node answered: " + String.join("; ", failures),
        anyRetryable, lastFailure);
  }

  /**
   * The nodes in the order to try: the configured ones, from the one after the previous link's
   * node, round; then the discovered ones (so a discovered node is used only when no configured
   * node answers: a configured address may be a proxy or a gateway the user wants used), also from
   * the one after the previous link's node; those in quarantine moved to the end, in that order.
   */
  private List<Endpoint> order() {
    List<Endpoint> ready = new ArrayList<>();
    List<Endpoint> passedOver = new ArrayList<>();
    UnreachableNodes unreachable = directory.unreachable();
    for (List<Endpoint> group : List.of(directory.configured(), directory.discoveredOnly())) {
      int start = last == null ? 0 : group.indexOf(last) + 1; // not in the group: from its first
      for (int k = 0; k < group.size(); k++) {
        Endpoint e = group.get((start + k) % group.size());
        (unreachable.isQuarantined(e) ? passedOver : ready).add(e);
      }
    }
    ready.addAll(passedOver);
    return ready;
  }
}
