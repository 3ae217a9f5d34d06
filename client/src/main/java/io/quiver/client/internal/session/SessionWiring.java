package io.quiver.client.internal.session;

import io.quiver.client.TableSessionConfig;
import io.quiver.client.internal.Connection;
import io.quiver.client.internal.Dialect;
import io.quiver.client.internal.TlsSockets;

/**
 * What a session or pool is wired to: the factory that opens its links and the clock its waits
 * run on. {@link #of} gives the real ones; unit tests give fakes.
 */
public record SessionWiring(LinkFactory factory, Clock clock) {
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
    return new SessionWiring(Connection.factory(config, TlsSockets.fromConfig(config), dialect), Clock.SYSTEM);
  }
}
