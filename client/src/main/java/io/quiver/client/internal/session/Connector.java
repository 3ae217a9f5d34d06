package io.quiver.client.internal.session;

import io.quiver.client.ConnectionException;
import io.quiver.client.internal.Endpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Connect with failover: opens a link to the first configured node that answers, starting with
 * the one after the node of the previous link (so a node that just failed is tried last). One per
 * connection bundle.
 */
public final class Connector {
  private final List<Endpoint> nodes;
  private final String nodeList;
  private final LinkFactory factory;
  /** Where the next connect starts looking: one past the node of the current link. */
  private int nextNode;

  /**
   * @param nodeUrls {@code host:port} of each node, in order of preference
   * @throws IllegalArgumentException if a URL is malformed (naming the {@code nodeUrls} setting)
   */
  public Connector(List<String> nodeUrls, LinkFactory factory) {
    List<Endpoint> parsed = new ArrayList<>(nodeUrls.size());
    for (String url : nodeUrls) {
      parsed.add(Endpoint.parse(url, "nodeUrls"));
    }
    this.nodes = List.copyOf(parsed);
    this.nodeList = String.join(",", nodeUrls);
    this.factory = factory;
  }

  /** The factory links are opened with (redirect links too). */
  public LinkFactory factory() {
    return factory;
  }

  /**
   * Opens a link in {@code database} to the first node that answers.
   *
   * @throws ConnectionException if none does: the only node's own failure, or one listing every
   *     node's error (retryable if any of them was; a TLS mismatch everywhere is not)
   */
  public Link connect(String database) {
    List<String> failures = new ArrayList<>();
    ConnectionException last = null;
    boolean anyRetryable = false;
    for (int k = 0; k < nodes.size(); k++) {
      int index = (nextNode + k) % nodes.size();
      Endpoint endpoint = nodes.get(index);
      try {
        Link link = factory.open(endpoint, database);
        nextNode = index + 1;
        return link;
      } catch (ConnectionException e) {
        failures.add(endpoint + ": " + e.getMessage());
        last = e;
        anyRetryable |= e.isRetryable();
      }
    }
    if (failures.size() == 1) {
      throw last;
    }
    throw new ConnectionException(nodeList, "no IoTDB node answered: " + String.join("; ", failures),
        anyRetryable, last);
  }
}
