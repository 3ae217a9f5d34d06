package io.quiver.benchmarks.rounds;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which the clients run in a round: the list rotated by the round number, so each
 * client goes first in turn and none is always measured right after the same other one (with two
 * clients: A B, B A, A B, ...). A drift of the server over the run then spreads over all clients
 * instead of favouring whichever always runs first.
 */
public final class RoundOrder {
  private RoundOrder() {}

  /** The clients in the order of round {@code round} (0-based). */
  public static <T> List<T> forRound(List<T> clients, int round) {
    if (round < 0) {
      throw new IllegalArgumentException("round: " + round + " is negative");
    }
    int n = clients.size();
    List<T> order = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      order.add(clients.get((k + round) % n));
    }
    return order;
  }
}
