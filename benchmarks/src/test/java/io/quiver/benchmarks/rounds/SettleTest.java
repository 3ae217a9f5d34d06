package io.quiver.benchmarks.rounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settle rule on a fake clock: the DataNode's CPU advances by a scripted share per window. */
class SettleTest {
  private static final long MS = 1_000_000;

  /** A fake DataNode and clock: each sleep advances time and CPU by the next scripted share. */
  private static final class Fake {
    final List<String> calls = new ArrayList<>();
    final double[] shares;
    int window;
    long now;
    long cpu;

    Fake(double... shares) {
      this.shares = shares;
    }

    Settle settle(Duration bound) {
      return new Settle(() -> calls.add("flush"), () -> cpu, () -> now, nanos -> {
        calls.add("sleep");
        double share = shares[Math.min(window++, shares.length - 1)];
        now += nanos;
        cpu += (long) (share * nanos);
      }, Duration.ofMillis(300), bound, 0.10);
    }
  }

  @Test
  void flushesFirstThenReturnsAtTheFirstIdleWindow() {
    Fake fake = new Fake(0.9, 0.5, 0.05, 0.9);
    Settle.Result r = fake.settle(Duration.ofSeconds(10)).settle();
    assertTrue(r.idle());
    assertEquals(List.of("flush", "sleep", "sleep", "sleep"), fake.calls);
    assertEquals(900 * MS, r.waitedNanos());
    assertEquals(0.05, r.lastShare(), 1e-9);
  }

  @Test
  void aDataNodeThatNeverIdlesIsGivenUpOnAtTheBoundAndSaysSo() {
    Fake fake = new Fake(0.8);
    Settle.Result r = fake.settle(Duration.ofSeconds(3)).settle();
    assertFalse(r.idle());
    assertEquals(10, fake.calls.stream().filter(c -> c.equals("sleep")).count());
    assertTrue(r.waitedNanos() <= 3_000 * MS, r.waitedNanos() + " ns");
    assertEquals(0.8, r.lastShare(), 1e-9);
  }

  @Test
  void exactlyTheThresholdIsNotIdle() {
    Fake fake = new Fake(0.10, 0.0999);
    assertTrue(fake.settle(Duration.ofSeconds(10)).settle().idle());
    assertEquals(List.of("flush", "sleep", "sleep"), fake.calls);
  }

  @Test
  void withoutTheDataNodesCpuOnlyTheFlushIsDone() {
    List<String> calls = new ArrayList<>();
    Settle s = new Settle(() -> calls.add("flush"), null, () -> 0, nanos -> calls.add("sleep"),
        Duration.ofMillis(300), Duration.ofSeconds(1), 0.1);
    Settle.Result r = s.settle();
    assertTrue(r.idle());
    assertTrue(Double.isNaN(r.lastShare()));
    assertEquals(List.of("flush"), calls);
  }

  @Test
  void anInterruptedWaitFailsAndKeepsTheInterruptFlag() {
    Settle s = new Settle(() -> {}, () -> 0, () -> 0, nanos -> {
      throw new InterruptedException();
    }, Duration.ofMillis(300), Duration.ofSeconds(1), 0.1);
    try {
      assertThrows(IllegalStateException.class, s::settle);
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void settingsThatCannotWorkAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Settle(() -> {}, null, () -> 0,
        n -> {}, Duration.ZERO, Duration.ofSeconds(1), 0.1));
    assertThrows(IllegalArgumentException.class, () -> new Settle(() -> {}, null, () -> 0,
        n -> {}, Duration.ofSeconds(2), Duration.ofSeconds(1), 0.1));
    assertThrows(IllegalArgumentException.class, () -> new Settle(() -> {}, null, () -> 0,
        n -> {}, Duration.ofMillis(300), Duration.ofSeconds(1), 1.5));
  }
}
