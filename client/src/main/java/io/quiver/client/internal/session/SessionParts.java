package io.quiver.client.internal.session;

import io.quiver.client.ReplaySettings;
import io.quiver.client.ReplayStats;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.internal.DeviceRoutes;
import io.quiver.client.internal.ReplayWindow;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The parts of one session, assembled from its configuration over its {@link SessionBundle}: the
 * retrier, the write router (with the device routes when redirection is on), the insert planner,
 * the window keeper and the statements. The one place that turns settings into parts.
 */
public record SessionParts(Retrier retrier, WriteRouter router, InsertPlanner planner,
    WindowKeeper keeper, Statements statements, InsertPipeline pipeline) {

  /**
   * Assembles the parts of a session over {@code bundle}, wired to {@code wiring}'s clock; {@code
   * connection} gives the home link ready for new work (it checks the session is open). {@code
   * routes} may be null when redirection is off. Sets the bundle's keeper. Every part but the
   * insert path reads the answers of pipelined inserts before it uses the link.
   */
  public static SessionParts assemble(TableSessionConfig config, SessionWiring wiring,
      SessionBundle bundle, DeviceRoutes routes, Supplier<Link> connection) {
    Links links = bundle.links();
    Retrier retrier = new Retrier(RetryPolicy.of(config), wiring.clock());
    InsertPipeline pipeline =
        new InsertPipeline(config.maxInFlightInserts(), config.replayWindowBytes(), retrier, connection);
    Supplier<Link> settled = pipeline.enabled() ? () -> {
      pipeline.settle();
      return connection.get();
    } : connection;
    WriteRouter router = new WriteRouter(links, retrier, settled,
        config.enableRedirection() ? Objects.requireNonNull(routes, "routes") : null,
        config.fetchSize());
    if (pipeline.enabled()) {
      router.pipeline(pipeline);
    }
    InsertPlanner planner = new InsertPlanner(retrier, connection, router, pipeline);
    WindowKeeper keeper = keeper(config, wiring.clock(), links, retrier);
    bundle.keeper(keeper);
    Statements statements =
        new Statements(retrier, settled, links, bundle.results(), config.fetchSize());
    return new SessionParts(retrier, router, planner, keeper, statements, pipeline);
  }

  /** The window keeper of a bundle with the replay settings of {@code config}. */
  public static WindowKeeper keeper(TableSessionConfig config, Clock clock, Links links,
      Retrier retrier) {
    ReplaySettings replay = config.replay();
    return new WindowKeeper(links, retrier, clock, replay.awaitOnClose(),
        replay.window().toMillis());
  }

  /** As {@link #keeper(TableSessionConfig, Clock, Links, Retrier)}, with a retrier of its own. */
  public static WindowKeeper keeper(TableSessionConfig config, Clock clock, Links links) {
    return keeper(config, clock, links, new Retrier(RetryPolicy.of(config), clock));
  }

  /**
   * The figures of the replay window {@code w} (null: the link has none yet, or the window is off
   * when {@code enabled} is false). Does no I/O.
   */
  public static ReplayStats replayStats(ReplayWindow w, boolean enabled) {
    if (w == null) {
      return new ReplayStats(enabled, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
    return new ReplayStats(true, w.frames(), w.rows(), w.bytes(), w.bytesAllocated(),
        w.replayedFrames(), w.replayedRows(), w.droppedFrames(), w.droppedRows(), w.refusedFrames(),
        w.refusedRows());
  }
}
