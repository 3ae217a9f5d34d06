package io.quiver.cli.load;

/**
 * Hears of each batch IoTDB acknowledged during a load, for a program that runs {@link
 * LoadCommand} itself (to follow it, or to stop it through the {@link LoadControl}).
 */
public interface LoadObserver {
  /** Observes nothing. */
  LoadObserver NONE = (control, batch, firstRow, rows) -> { };

  /**
   * Called from an inserting thread right after IoTDB acknowledged a batch; keep it short.
   *
   * @param control the load, e.g. to stop it
   * @param batch the batch number (0 for the first batch of this run)
   * @param firstRow the batch's first row in the file (0-based)
   * @param rows the rows in the batch
   */
  void acknowledged(LoadControl control, int batch, long firstRow, int rows);
}
