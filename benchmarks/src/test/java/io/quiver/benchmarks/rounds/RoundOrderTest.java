package io.quiver.benchmarks.rounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundOrderTest {
  @Test
  void twoClientsAlternateRoundByRound() {
    List<String> clients = List.of("quiver", "official");
    assertEquals(List.of("quiver", "official"), RoundOrder.forRound(clients, 0));
    assertEquals(List.of("official", "quiver"), RoundOrder.forRound(clients, 1));
    assertEquals(List.of("quiver", "official"), RoundOrder.forRound(clients, 2));
    assertEquals(List.of("official", "quiver"), RoundOrder.forRound(clients, 7));
  }

  @Test
  void withThreeClientsEachGoesFirstOnceInThreeRoundsAndEveryRoundHasAll() {
    List<String> clients = List.of("a", "b", "c");
    Map<String, Integer> first = new HashMap<>();
    for (int round = 0; round < 3; round++) {
      List<String> order = RoundOrder.forRound(clients, round);
      assertEquals(3, order.stream().distinct().count(), order.toString());
      first.merge(order.get(0), 1, Integer::sum);
    }
    assertEquals(Map.of("a", 1, "b", 1, "c", 1), first);
    assertEquals(List.of("c", "a", "b"), RoundOrder.forRound(clients, 2));
  }

  @Test
  void oneClientAlwaysRunsAlone() {
    assertEquals(List.of("x"), RoundOrder.forRound(List.of("x"), 5));
  }

  @Test
  void aNegativeRoundIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> RoundOrder.forRound(List.of("x"), -1));
  }
}
