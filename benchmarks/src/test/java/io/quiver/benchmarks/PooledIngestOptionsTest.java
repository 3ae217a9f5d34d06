package io.quiver.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PooledIngestOptionsTest {
  @Test
  void defaultsAreOneFourAndEightThreadsOfBothPools() {
    PooledIngestBenchmark.Options o = PooledIngestBenchmark.Options.parse();
    assertEquals(List.of(1, 4, 8), o.threads);
    assertEquals(List.of("quiver", "official"), o.clients);
    assertEquals(0, o.batches % 8);
  }

  @Test
  void optionsAreParsedByName() {
    PooledIngestBenchmark.Options o = PooledIngestBenchmark.Options.parse("threads=2,3",
        "batches=12", "rounds=3", "clients=official", "warmup=0", "set=sensor");
    assertEquals(List.of(2, 3), o.threads);
    assertEquals(12, o.batches);
    assertEquals(3, o.rounds);
    assertEquals(List.of("official"), o.clients);
    assertEquals(0, o.warmup);
    assertEquals("sensor", o.set);
  }

  @Test
  void aThreadCountThatDoesNotDivideTheBatchesIsRejectedNamingBoth() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PooledIngestBenchmark.Options.parse("threads=1,3", "batches=40"));
    assertTrue(e.getMessage().contains("threads=3") && e.getMessage().contains("batches=40"),
        e.getMessage());
  }

  @Test
  void anUnknownOptionIsRejectedNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PooledIngestBenchmark.Options.parse("thread=4"));
    assertTrue(e.getMessage().contains("'thread=4'"), e.getMessage());
  }
}
