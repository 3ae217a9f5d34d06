package io.quiver.client.internal.session;

import io.quiver.client.ConnectionException;
import io.quiver.client.internal.Endpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Connect with failover: opens a link to the first node that answers among those of its {@link
 * NodeDirectory} (the configured nodes, then the discovered ones), starting with the one after the
 * node of the previous link (so a node that just failed is tried last), and trying the nodes that
 * recently failed to connect ({@link UnreachableNodes}) after all the others. One per connection
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
    List<Endpoint> order = order(directory.nodes());
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
   * The nodes in the order to try: from the one after the previous link's node, round; those in
   * quarantine moved to the end (kept in that order among themselves).
   */
  private List<Endpoint> order(List<Endpoint> nodes) {
    int start = last == null ? 0 : nodes.indexOf(last) + 1; // not listed (any more): from the first
    List<Endpoint> ready = new ArrayList<>(nodes.size());
    List<Endpoint> passedOver = new ArrayList<>();
    UnreachableNodes unreachable = directory.unreachable();
    for (int k = 0; k < nodes.size(); k++) {
      Endpoint e = nodes.get((start + k) % nodes.size());
      (unreachable.isQuarantined(e) ? passedOver : ready).add(e);
    }
    ready.addAll(passedOver);
    return ready;
  }
}
