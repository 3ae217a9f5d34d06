package io.quiver.client.internal.session;

import io.quiver.client.internal.Endpoint;
import java.util.List;

/**
 * Asks a server which DataNodes its cluster has. {@link ShowDataNodes} is the real one; unit tests
 * give a scripted one.
 */
@FunctionalInterface
public interface DataNodeLister {
  /** One DataNode as the server reports it: its id, status ("Running", "Unknown", ...) and client address. */
  record DataNode(int id, String status, Endpoint endpoint) {
  }

  /**
   * The cluster's DataNodes, asked over {@code link}.
   *
   * @throws io.quiver.client.QuiverException if the call fails (a broken link, a refused statement)
   */
  List<DataNode> list(Link link);
}
