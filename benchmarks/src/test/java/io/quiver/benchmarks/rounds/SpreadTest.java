package io.quiver.benchmarks.rounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpreadTest {
  @Test
  void anOddCountHasTheMiddleValueAsMedianWhateverTheOrder() {
    Spread s = Spread.of(978_000, 96_000, 500_000, 510_000, 505_000);
    assertEquals(505_000, s.median());
    assertEquals(96_000, s.min());
    assertEquals(978_000, s.max());
    assertEquals(5, s.count());
  }

  @Test
  void anEvenCountAveragesTheTwoMiddleValues() {
    assertEquals(2.5, Spread.of(4, 1, 3, 2).median());
  }

  @Test
  void oneValueIsItsOwnMedianMinAndMax() {
    Spread s = Spread.of(7);
    assertEquals(7, s.median());
    assertEquals(7, s.min());
    assertEquals(7, s.max());
    assertEquals(0, s.halfRangePercent());
  }

  @Test
  void halfRangeIsHalfOfMaxMinusMinOverTheMedian() {
    assertEquals(10, Spread.of(90, 100, 110).halfRangePercent(), 1e-9);
  }

  @Test
  void nanValuesAreNotMeasuredAndLeftOut() {
    Spread s = Spread.of(Double.NaN, 3, 1, Double.NaN);
    assertEquals(2, s.count());
    assertEquals(2, s.median());
  }

  @Test
  void nothingMeasuredFormatsAsADashAndHasNoMedian() {
    Spread s = Spread.of(Double.NaN);
    assertEquals("-", s.format("%.0f"));
    assertTrue(Double.isNaN(s.median()));
    assertEquals(0, Spread.of().count());
  }

  @Test
  void formatGivesMedianThenMinAndMax() {
    assertEquals("1,500 [1,000-2,000]", Spread.of(2000, 1000, 1500).format("%,.0f"));
  }
}
