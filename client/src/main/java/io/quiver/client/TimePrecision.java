package io.quiver.client;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The unit of IoTDB timestamps, a server setting ({@code timestamp_precision}: ms, us or ns) that a
 * session learns when it opens. Every time and TIMESTAMP value on the wire is a count of this unit
 * since the epoch.
 */
public enum TimePrecision {
  MILLISECONDS("ms", TimeUnit.MILLISECONDS),
  MICROSECONDS("us", TimeUnit.MICROSECONDS),
  NANOSECONDS("ns", TimeUnit.NANOSECONDS);

  private final String serverName;
  private final TimeUnit unit;

  TimePrecision(String serverName, TimeUnit unit) {
    this.serverName = serverName;
    this.unit = unit;
  }

  /** The name the server uses: "ms", "us" or "ns". */
  public String serverName() {
    return serverName;
  }

  /** The same unit as a {@link TimeUnit}. */
  public TimeUnit unit() {
    return unit;
  }

  /** Parses the server's name for a precision. */
  public static TimePrecision fromServerName(String name) {
    for (TimePrecision p : values()) {
      if (p.serverName.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown IoTDB timestamp precision '" + name + "'");
  }

  /**
   * Converts an instant to a count of this unit since the epoch.
   *
   * @throws ArithmeticException if the instant does not fit in a signed 64-bit count
   */
  public long fromInstant(Instant instant) {
    switch (this) {
      case MILLISECONDS:
        return instant.toEpochMilli();
      case MICROSECONDS:
        return Math.addExact(
            Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
      default:
        return Math.addExact(
            Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
  }

  /** Converts a count of this unit since the epoch to an instant. */
  public Instant toInstant(long value) {
    switch (this) {
      case MILLISECONDS:
        return Instant.ofEpochMilli(value);
      case MICROSECONDS:
        return Instant.ofEpochSecond(
            Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
      default:
        return Instant.ofEpochSecond(
            Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
    }
  }
}
