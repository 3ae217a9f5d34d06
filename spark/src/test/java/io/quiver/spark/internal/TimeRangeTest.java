package io.quiver.spark.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.TimePrecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeRangeTest {
  private static final TimePrecision MS = TimePrecision.MILLISECONDS;
  private static final TimePrecision NS = TimePrecision.NANOSECONDS;

  @Test
  void microsecondBoundsRoundSoNoMillisecondIsLostOrGained() {
    // time >= 1.0005 ms: the first ms count at or after it is 2
    // time >= 1000.5 ms: the first millisecond count at or after it is 1001
    assertEquals(new TimeRange(1_001, Long.MAX_VALUE), TimeRange.atLeastMicros(1_000_500, MS));
    assertEquals(1_000, TimeRange.atLeastMicros(1_000_000, MS).from());
    assertEquals(1_001, TimeRange.aboveMicros(1_000_000, MS).from());
    assertEquals(1_001, TimeRange.aboveMicros(1_000_500, MS).from());
    assertEquals(1_000, TimeRange.belowMicros(1_000_000, MS).to());
    assertEquals(1_001, TimeRange.belowMicros(1_000_500, MS).to());
    assertEquals(1_001, TimeRange.atMostMicros(1_000_500, MS).to());
    assertEquals(1_001, TimeRange.atMostMicros(1_000_000, MS).to());
    assertEquals(-1, TimeRange.atLeastMicros(-1_500, MS).from());
  }

  @Test
  void equalityOnAnInstantBetweenTwoCountsMatchesNothing() {
    assertTrue(TimeRange.equalMicros(1_000_500, MS).isEmpty());
    assertEquals(new TimeRange(1_000, 1_001), TimeRange.equalMicros(1_000_000, MS));
    assertEquals(new TimeRange(5_000, 5_001), TimeRange.equalMicros(5, NS));
  }

  @Test
  void countsAreTakenAsTheyAre() {
    assertEquals(new TimeRange(11, Long.MAX_VALUE), TimeRange.ofCount(">", 10));
    assertEquals(new TimeRange(Long.MIN_VALUE, 11), TimeRange.ofCount("<=", 10));
    assertTrue(TimeRange.ofCount(">", 10).intersect(TimeRange.ofCount("<", 11)).isEmpty());
  }

  @Test
  void splitCoversTheWholeRangeWithOpenEnds() {
    List<TimeRange> parts = TimeRange.ALL.split(0, 99, 4);
    assertEquals(4, parts.size());
    assertEquals(Long.MIN_VALUE, parts.get(0).from());
    assertEquals(25, parts.get(0).to());
    assertEquals(new TimeRange(25, 50), parts.get(1));
    assertEquals(Long.MAX_VALUE, parts.get(3).to());
    for (int i = 1; i < parts.size(); i++) {
      assertEquals(parts.get(i - 1).to(), parts.get(i).from(), "contiguous");
    }
  }

  @Test
  void splitKeepsThePushedBoundsAndNeverMakesEmptyParts() {
    List<TimeRange> parts = new TimeRange(10, 20).split(0, 1_000, 4);
    assertEquals(10, parts.get(0).from());
    assertEquals(20, parts.get(parts.size() - 1).to());
    parts.forEach(p -> assertTrue(!p.isEmpty(), p.toString()));
    assertEquals(List.of(new TimeRange(5, 6)), new TimeRange(5, 6).split(5, 5, 4));
    assertEquals(3, TimeRange.ALL.split(0, 2, 8).size());
  }

  @Test
  void sqlNamesOnlyTheBoundsThatExist() {
    assertEquals("\"t\" >= 3 AND \"t\" < 9", new TimeRange(3, 9).sql("\"t\""));
    assertEquals("\"t\" < 9", new TimeRange(Long.MIN_VALUE, 9).sql("\"t\""));
    assertEquals(null, TimeRange.ALL.sql("\"t\""));
  }
}
