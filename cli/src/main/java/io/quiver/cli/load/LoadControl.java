package io.quiver.cli.load;

/** A running load, as its {@link LoadObserver} and the Ctrl-C hook see it. */
public interface LoadControl {
  /**
   * Stops the load as Ctrl-C does: no new batch is sent, the batches being sent are waited for (a
   * bounded time), then the load reports what was acknowledged. Thread-safe; later calls do
   * nothing.
   *
   * @param reason why, for the report
   */
  void stop(String reason);
}
