package io.quiver.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link OwnedWindow} on a fake clock: a full window warns at most once per interval; a new
 * connection adopts the whole window to replay; a given-up connection's frames are absorbed after
 * the window's own; with the window off nothing is kept and expiring does nothing.
 */
class OwnedWindowTest {
  private static final long SECOND = 1_000_000_000L;
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private static final Endpoint B = new Endpoint("127.0.0.1", 6668);
  private long now = SECOND;

  private OwnedWindow owned(long maxBytes) {
    return new OwnedWindow(A, new ReplayWindow(3 * SECOND, maxBytes), () -> now);
  }

  @Test
  void aFullWindowWarnsAtMostOncePerInterval() {
    OwnedWindow w = owned(100);
    byte[] frame = new byte[60];
    assertFalse(w.keep(frame, 60, 1, "t", "db"), "room for the first");
    assertTrue(w.keep(frame, 60, 1, "t", "db"), "the first frame left early: warned");
    now += SECOND;
    assertFalse(w.keep(frame, 60, 1, "t", "db"), "dropped again within the interval: not warned");
    now += OwnedWindow.DROP_WARNING_INTERVAL_NANOS;
    assertTrue(w.keep(frame, 60, 1, "t", "db"), "warned again once the interval passed");
    assertEquals(3, w.get().droppedFrames());
  }

  @Test
  void anAdoptedWindowIsAllToReplayAndADetachedOneLeavesNone() {
    OwnedWindow old = owned(1 << 20);
    old.keep(new byte[10], 10, 5, "t", "db");
    old.get().expire(0); // nothing outlived yet
    ReplayWindow handed = old.detach();
    assertNull(old.get());
    OwnedWindow fresh = new OwnedWindow(B, null, () -> now);
    fresh.adopt(handed);
    assertSame(handed, fresh.get());
    assertEquals(1, fresh.unconfirmed());
    fresh.adopt(null);
    assertSame(handed, fresh.get(), "nothing to take keeps what it has");
  }

  @Test
  void absorbedFramesComeAfterTheWindowsOwnAndAWindowIsMadeWhenOff() {
    OwnedWindow given = owned(1 << 20);
    given.keep(new byte[10], 10, 7, "given", "db");
    OwnedWindow off = new OwnedWindow(A, null, () -> now);
    off.absorb(given.get(), B);
    assertEquals(1, off.get().frames());
    assertEquals("given", off.get().nextTable());
    OwnedWindow own = owned(1 << 20);
    own.keep(new byte[10], 10, 3, "own", "db");
    own.absorb(owned(1 << 20).get(), B);
    assertEquals(1, own.get().frames(), "an empty window adds nothing");
  }

  @Test
  void withTheWindowOffNothingIsKeptOrExpired() {
    OwnedWindow off = new OwnedWindow(A, null, () -> now);
    off.expire(now);
    assertEquals(0, off.unconfirmed());
    assertNull(off.detach());
  }
}
