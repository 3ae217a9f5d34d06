package io.quiver.benchmarks.rounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatTest {
  /** A DataNode's line as Linux wrote it: utime 5134, stime 777 ticks. */
  private static final String DATA_NODE = "4712 (java) S 1 4712 4712 0 -1 4194304 589037 0 0 0 "
      + "5134 777 0 0 20 0 133 0 1091848 4971958272 582802 18446744073709551615 94729957834752 "
      + "94729957835637 140723537655168 0 0 0 4 2 16800973 0 0 0 17 1 0 0 0 0 0\n";

  @Test
  void cpuTicksAddsUserAndSystemTime() {
    assertEquals(5134 + 777, ProcStat.cpuTicks(DATA_NODE));
  }

  @Test
  void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
    String line = "99 (my (odd) name) ) R 1 99 99 0 -1 0 0 0 0 0 12 34 0 0 20 0 1 0 5 0 0";
    assertEquals(46, ProcStat.cpuTicks(line));
  }

  @Test
  void aLineWithoutTheCommandNameIsRejectedNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProcStat.cpuTicks("4712 java S 1"));
    assertTrue(e.getMessage().contains("4712 java S 1"), e.getMessage());
  }

  @Test
  void aTruncatedLineIsRejectedSayingHowManyFieldsItHas() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProcStat.cpuTicks("1 (x) S 1 1 1 0 -1 0 0 0 0 0 7"));
    assertTrue(e.getMessage().contains("with 14 fields"), e.getMessage());
  }

  @Test
  void nonNumericTimesAreRejectedNamingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProcStat.cpuTicks("1 (x) S 1 1 1 0 -1 0 0 0 0 0 u7 8 0 0"));
    assertTrue(e.getMessage().contains("'u7'"), e.getMessage());
  }

  @Test
  void machineBusyTicksCountAllButIdleAndIowait() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    assertEquals(1701938 + 47670 + 142404 + 0 + 1972 + 2013,
        ProcStat.machineBusyTicks("cpu  1701938 47670 142404 534359 2577 0 1972 2013 0 0\n"));
  }

  @Test
  void aLineOtherThanTheMachinesCpuLineIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> ProcStat.machineBusyTicks("cpu0 1 2 3 4 5 6 7 8 0 0"));
    assertThrows(IllegalArgumentException.class, () -> ProcStat.machineBusyTicks("cpu 1 2 3"));
    assertThrows(IllegalArgumentException.class,
        () -> ProcStat.machineBusyTicks("cpu 1 2 x 4 5 6 7 8"));
  }

  @Test
  void theMachineIsBusyAtLeastAsLongAsThisProcess() {
    long self = ProcStat.of(ProcessHandle.current().pid()).cpuNanos();
    assertTrue(ProcStat.machineBusyNanos() >= self);
  }

  @Test
  void readsThisProcessAndItsCpuTimeNeverGoesBack() {
    ProcStat self = ProcStat.of(ProcessHandle.current().pid());
    long before = self.cpuNanos();
    long x = 0;
    for (int i = 0; i < 1_000_000; i++) {
      x += i ^ (x << 1);
    }
    long after = self.cpuNanos();
    assertTrue(after >= before && before >= 0, before + " then " + after + " (" + x + ")");
    assertEquals(0, after % (1_000_000_000L / ProcStat.TICKS_PER_SECOND), "whole ticks");
  }

  @Test
  void aProcessThatDoesNotExistIsRejectedNamingItsPid() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ProcStat.of(Integer.MAX_VALUE + 7L));
    assertTrue(e.getMessage().contains(Long.toString(Integer.MAX_VALUE + 7L)), e.getMessage());
  }
}
