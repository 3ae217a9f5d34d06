package io.quiver.arrow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The arithmetic epoch-day → yyyymmdd conversion agrees with {@link LocalDate} on every day. */
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
}
