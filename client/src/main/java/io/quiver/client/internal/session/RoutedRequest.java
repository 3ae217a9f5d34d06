package io.quiver.client.internal.session;

import io.quiver.client.spi.InsertBatch;

/**
 * A request cut into routing units, each with a route key ({@link RouteKeys}): the rows of a table
 * batch, or the devices of a tree request. A unit is what the server's redirection hints are given
 * for: its sub-statuses come one per unit, in unit order (or, for a request of one unit, as the
 * status's own {@code redirectNode}).
 */
public interface RoutedRequest {
  /** The whole request, ready to send. */
  InsertBatch whole();

  /** How many units it has. */
  int units();

  /** The route key of each unit (at least {@link #units()} entries; never 0). */
  long[] keys();

  /**
   * A request of the units {@code picked[0..count)}, in that order (kept, not copied), writing
   * exactly what a request of only those units would.
   */
  InsertBatch select(int[] picked, int count);
}
