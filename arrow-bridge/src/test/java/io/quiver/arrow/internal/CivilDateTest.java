package io.quiver.arrow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The arithmetic epoch-day ↔ yyyymmdd conversions agree with {@link LocalDate} on every day. */
class CivilDateTest {
  @Test
  void everyDayFromYear1000To9999MatchesLocalDate() {
    assertEquals(LocalDate.of(1000, 1, 1).toEpochDay(), CivilDate.MIN_EPOCH_DAY);
    assertEquals(LocalDate.of(9999, 12, 31).toEpochDay(), CivilDate.MAX_EPOCH_DAY);
    for (long day = CivilDate.MIN_EPOCH_DAY; day <= CivilDate.MAX_EPOCH_DAY; day++) {
      LocalDate d = LocalDate.ofEpochDay(day);
      int expected = d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth();
      int actual = CivilDate.yyyymmdd((int) day);
      if (actual != expected) {
        assertEquals(expected, actual, "epoch day " + day + " (" + d + ")");
      }
    }
  }

  @Test
  void everyYyyymmddFromYear0To20000MatchesLocalDate() {
    long first = LocalDate.of(0, 1, 1).toEpochDay();
    long last = LocalDate.of(20_000, 12, 31).toEpochDay();
    for (long day = first; day <= last; day++) {
      LocalDate d = LocalDate.ofEpochDay(day);
      int yyyymmdd = d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth();
      int actual = CivilDate.epochDay(yyyymmdd);
      if (actual != day) {
        assertEquals(day, actual, "yyyymmdd " + yyyymmdd);
      }
    }
  }

  @Test
  void intsThatAreNoDateAreFlagged() {
    int[] notDates = {20230229, 20240230, 20240431, 20241301, 20240001, 20240100, 20240132, 19000229, -1,
        -20240101, Integer.MIN_VALUE};
    for (int v : notDates) {
      assertEquals(CivilDate.NOT_A_DATE, CivilDate.epochDay(v), "" + v);
    }
    assertEquals(LocalDate.of(2000, 2, 29).toEpochDay(), CivilDate.epochDay(20000229));
    assertEquals(LocalDate.of(999, 12, 31).toEpochDay(), CivilDate.epochDay(9991231));
    assertEquals(LocalDate.of(214748, 3, 6).toEpochDay(), CivilDate.epochDay(2147480306));
  }
}
