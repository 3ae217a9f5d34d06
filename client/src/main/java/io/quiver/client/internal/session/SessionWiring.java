package io.quiver.client.internal.session;

import io.quiver.client.TableSessionConfig;
import io.quiver.client.internal.Connection;
import io.quiver.client.internal.Dialect;
import io.quiver.client.internal.TlsSockets;

/**
 * What a session or pool is wired to: the factory that opens its links, the clock its waits run
 * on, and the directory of nodes its connections share (null: each connection bundle gets one of
 * the configured nodes, without discovery). {@link #of} gives the real ones, a directory with node
 * discovery included; unit tests give fakes.
 */
public record SessionWiring(LinkFactory factory, Clock clock, NodeDirectory nodes) {
  /** Fake links and clock (unit tests): no shared directory, so no node discovery. */
  public SessionWiring(LinkFactory factory, Clock clock) {
    this(factory, clock, null);
  }

  /**
   * A connector for one new connection bundle of a session configured by {@code config}: over the
   * shared directory, or else one of its own (the configured nodes, address map and quarantine;
   * no discovery).
   */
  public Connector connector(TableSessionConfig config) {
    return new Connector(nodes != null ? nodes : NodeDirectory.of(config, clock, null), factory);
  }

  /**
   * Real connections with the settings of {@code config} (TLS included), and the system clock.
   *
   * @throws IllegalArgumentException if the TLS settings name certificates that cannot be loaded
   */
  public static SessionWiring of(TableSessionConfig config) {
    return of(config, Dialect.TABLE);
  }

  /** As {@link #of(TableSessionConfig)}, with connections opened in {@code dialect}. */
  public static SessionWiring of(TableSessionConfig config, Dialect dialect) {
    return new SessionWiring(Connection.factory(config, TlsSockets.fromConfig(config), dialect), Clock.SYSTEM,
        NodeDirectory.of(config, Clock.SYSTEM, new ShowDataNodes()));
  }
}
