package io.quiver.client.internal.session;

import io.quiver.client.internal.Endpoint;

/**
 * Opens links: the one seam between the session's parts and the network. The real one opens a
 * {@link io.quiver.client.internal.Connection} ({@code Connection.factory}); unit tests give
 * fakes that fail, answer or hint as the test says.
 */
@FunctionalInterface
public interface LinkFactory {
  /**
   * Connects to {@code endpoint} and opens a session in {@code database} (null: none).
   *
   * @throws io.quiver.client.ConnectionException if the node cannot be reached
   * @throws io.quiver.client.AuthenticationException if the server refuses the credentials
   */
  Link open(Endpoint endpoint, String database);
}
