package io.quiver.arrow.internal;

import java.time.LocalDate;

/**
 * Days since 1970-01-01 ↔ IoTDB's DATE int {@code year * 10000 + month * 100 + day}, with no
 * object per value. Towards yyyymmdd, days of 1900 to 2099 (where nearly all real data lies) are
 * looked up in a table of 73,049 ints (285 KiB, built once); other days, and the way back, are
 * computed by arithmetic on the proleptic Gregorian calendar (the civil-from-days and
 * days-from-civil methods of H. Hinnant, as {@code LocalDate} computes them), about ten integer
 * divisions, several times slower than the lookup (EncodeBenchmark, schema "date").
 */
final class CivilDate {
  /** 1000-01-01, the first day IoTDB supports. */
  public static final long MIN_EPOCH_DAY = LocalDate.of(1000, 1, 1).toEpochDay();
  /** 9999-12-31, the last day IoTDB supports. */
  public static final long MAX_EPOCH_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

  private static final int DAYS_0000_TO_1970 = 719_468;
  private static final int DAYS_PER_400_YEARS = 146_097;

  private static final int TABLE_FIRST_DAY = (int) LocalDate.of(1900, 1, 1).toEpochDay();
  private static final int[] TABLE = table(TABLE_FIRST_DAY, (int) LocalDate.of(2100, 1, 1).toEpochDay());

  private CivilDate() {}

  private static int[] table(int first, int end) {
    int[] t = new int[end - first];
    for (int i = 0; i < t.length; i++) {
      t[i] = compute(first + i);
    }
    return t;
  }

  /**
   * The yyyymmdd int of an epoch day in {@code [MIN_EPOCH_DAY, MAX_EPOCH_DAY]} (no check: callers
   * check the range first).
   */
  public static int yyyymmdd(int epochDay) {
    int i = epochDay - TABLE_FIRST_DAY;
    return Integer.compareUnsigned(i, TABLE.length) < 0 ? TABLE[i] : compute(epochDay);
  }

  /** The calendar arithmetic behind {@link #yyyymmdd}. */
  static int compute(int epochDay) {
    int z = epochDay + DAYS_0000_TO_1970; // days since 0000-03-01, positive in the supported range
    int era = z / DAYS_PER_400_YEARS;
    int dayOfEra = z - era * DAYS_PER_400_YEARS;
    int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int monthFromMarch = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
    int month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
    int year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    return year * 10_000 + month * 100 + day;
  }

  /** What {@link #epochDay(int)} returns for an int that is no calendar date. */
  public static final int NOT_A_DATE = Integer.MIN_VALUE;

  /**
   * The epoch day of a yyyymmdd int, or {@link #NOT_A_DATE} if it is not a date of the proleptic
   * Gregorian calendar with a year from 0 to 214748 (a negative int, month 0 or 13, February 30,
   * ...). IoTDB itself checks nothing on the insertTablet path, so any int can come back.
   */
  public static int epochDay(int yyyymmdd) {
    if (yyyymmdd < 0) {
      return NOT_A_DATE;
    }
    int year = yyyymmdd / 10_000;
    int month = (yyyymmdd / 100) % 100;
    int day = yyyymmdd % 100;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      return NOT_A_DATE;
    }
    int y = month <= 2 ? year - 1 : year; // years counted from March
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * DAYS_PER_400_YEARS + dayOfEra - DAYS_0000_TO_1970;
  }

  private static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Describes an epoch day for an error message: the date if it has one, else the day number. */
  static String describe(long epochDay) {
    if (epochDay >= LocalDate.MIN.toEpochDay() && epochDay <= LocalDate.MAX.toEpochDay()) {
      return LocalDate.ofEpochDay(epochDay).toString();
    }
    return "epoch day " + epochDay;
  }
}
