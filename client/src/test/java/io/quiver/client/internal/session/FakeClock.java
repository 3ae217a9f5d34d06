package io.quiver.client.internal.session;

import java.util.ArrayList;
import java.util.List;

/** A clock moved by hand: {@link #sleep} only advances time and records the sleep. */
public final class FakeClock implements Clock {
  private long now = 1_000_000_000L;
  public final List<Long> sleeps = new ArrayList<>();

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public void sleep(long millis, String what) {
    if (millis > 0) {
      sleeps.add(millis);
      now += millis * 1_000_000L;
    }
  }

  public void advanceMillis(long millis) {
    now += millis * 1_000_000L;
  }
}
