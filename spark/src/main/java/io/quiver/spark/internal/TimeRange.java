package io.quiver.spark.internal;

import io.quiver.client.TimePrecision;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A half-open range of times {@code [from, to)} counted in the server's precision; {@code
 * Long.MIN_VALUE} and {@code Long.MAX_VALUE} stand for no bound. Spark gives bounds in microseconds
 * (timestamps) or in the server's unit ({@code timeAs=long}); {@link #atLeast} and friends turn a
 * comparison into the range of server counts that satisfies it exactly (rounding so that no time
 * is lost or gained when the units differ).
 */
public record TimeRange(long from, long to) implements Serializable {
  public static final TimeRange ALL = new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);

  public boolean isEmpty() {
    return from >= to;
  }

  public TimeRange intersect(TimeRange o) {
    return new TimeRange(Math.max(from, o.from), Math.min(to, o.to));
  }

  /** {@code time >= micros}: the first count at or after it. */
  public static TimeRange atLeastMicros(long micros, TimePrecision p) {
    return new TimeRange(ceil(micros, p), Long.MAX_VALUE);
  }

  /** {@code time > micros}. */
  public static TimeRange aboveMicros(long micros, TimePrecision p) {
    long f = floor(micros, p);
    return new TimeRange(f == Long.MAX_VALUE ? f : f + 1, Long.MAX_VALUE);
  }

  /** {@code time < micros}: counts before the first count at or after it. */
  public static TimeRange belowMicros(long micros, TimePrecision p) {
    return new TimeRange(Long.MIN_VALUE, ceil(micros, p));
  }

  /** {@code time <= micros}. */
  public static TimeRange atMostMicros(long micros, TimePrecision p) {
    long f = floor(micros, p);
    return new TimeRange(Long.MIN_VALUE, f == Long.MAX_VALUE ? f : f + 1);
  }

  /** {@code time = micros}: one count if the instant falls on one, else nothing. */
  public static TimeRange equalMicros(long micros, TimePrecision p) {
    if (!exact(micros, p)) {
      return new TimeRange(0, 0);
    }
    long c = floor(micros, p);
    return new TimeRange(c, c == Long.MAX_VALUE ? c : c + 1);
  }

  /** A comparison with a count already in the server's unit ({@code op} one of >, >=, <, <=, =). */
  public static TimeRange ofCount(String op, long v) {
    switch (op) {
      case ">":
        return new TimeRange(v == Long.MAX_VALUE ? v : v + 1, Long.MAX_VALUE);
      case ">=":
        return new TimeRange(v, Long.MAX_VALUE);
      case "<":
        return new TimeRange(Long.MIN_VALUE, v);
      case "<=":
        return new TimeRange(Long.MIN_VALUE, v == Long.MAX_VALUE ? v : v + 1);
      case "=":
        return new TimeRange(v, v == Long.MAX_VALUE ? v : v + 1);
      default:
        throw new IllegalArgumentException(op);
    }
  }

  /**
   * {@code n} consecutive ranges covering this one, split evenly over {@code [lo, hi]} (the data's
   * or the user's bounds, inclusive); the first starts where this one does and the last ends where
   * this one does, so no time in this range falls outside the parts.
   */
  public List<TimeRange> split(long lo, long hi, int n) {
    List<TimeRange> parts = new ArrayList<>();
    long a = Math.max(lo, from);
    long b = Math.min(hi, to == Long.MIN_VALUE ? hi : to - 1);
    if (n <= 1 || a >= b) {
      parts.add(this);
      return parts;
    }
    double step = ((double) b - (double) a + 1) / n;
    long start = from;
    for (int i = 1; i < n; i++) {
      long cut = a + (long) Math.floor(step * i);
      if (cut <= a || (cut <= start && start != Long.MIN_VALUE)) {
        continue;
      }
      parts.add(new TimeRange(start, cut));
      start = cut;
    }
    parts.add(new TimeRange(start, to));
    return parts;
  }

  /** The SQL condition on column {@code time} (quoted), or null if unbounded. */
  public String sql(String time) {
    List<String> parts = new ArrayList<>();
    if (from != Long.MIN_VALUE) {
      parts.add(time + " >= " + from);
    }
    if (to != Long.MAX_VALUE) {
      parts.add(time + " < " + to);
    }
    return parts.isEmpty() ? null : String.join(" AND ", parts);
  }

  private static long microsPerCount(TimePrecision p) {
    return p == TimePrecision.MILLISECONDS ? 1_000L : 1L;
  }

  private static boolean exact(long micros, TimePrecision p) {
    return Math.floorMod(micros, microsPerCount(p)) == 0;
  }

  /** The last count at or before the instant. */
  private static long floor(long micros, TimePrecision p) {
    if (p == TimePrecision.NANOSECONDS) {
      return saturatedTimes(micros, 1_000L);
    }
    return Math.floorDiv(micros, microsPerCount(p));
  }

  /** The first count at or after the instant. */
  private static long ceil(long micros, TimePrecision p) {
    if (p == TimePrecision.NANOSECONDS) {
      return saturatedTimes(micros, 1_000L);
    }
    return -Math.floorDiv(-micros, microsPerCount(p));
  }

  private static long saturatedTimes(long v, long f) {
    if (v > Long.MAX_VALUE / f) {
      return Long.MAX_VALUE;
    }
    if (v < Long.MIN_VALUE / f) {
      return Long.MIN_VALUE;
    }
    return v * f;
  }
}
