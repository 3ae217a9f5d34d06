package io.quiver.client.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
  private static final long SECOND = 1_000_000_000L;

  /** A frame whose bytes encode its number, so a replayed frame can be told apart. */
  private static byte[] frame(int id, int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (id * 31 + i);
    }
    return b;
  }

  private static void add(ReplayWindow w, int id, int length, long ackNanos) {
    byte[] f = frame(id, length);
    w.add(f, 0, f.length, id * 10, "t" + id, "db", ackNanos);
  }

  /** Replays every unconfirmed frame, confirming each at {@code now}; returns their bytes in order. */
  private static List<byte[]> replayAll(ReplayWindow w, long now) throws IOException {
    List<byte[]> sent = new ArrayList<>();
    while (w.unconfirmed() > 0) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      w.writeNext(out::write);
      sent.add(out.toByteArray());
      w.confirmNext(now);
    }
    return sent;
  }

  @Test
  void framesLeaveOnlyOnceTheServerWasSeenAliveAWindowAfterTheirAcknowledgement() {
    ReplayWindow w = new ReplayWindow(3 * SECOND, 1 << 20, 256);
    add(w, 1, 100, 10 * SECOND);
    add(w, 2, 100, 11 * SECOND);
    add(w, 3, 100, 12 * SECOND);
    w.expire(12 * SECOND + SECOND / 2);
    assertEquals(3, w.frames(), "nothing is 3 s old yet");
    w.expire(13 * SECOND);
    assertEquals(2, w.frames(), "frame 1 was acknowledged 3 s before the server was seen alive");
    assertEquals(200, w.bytes());
    assertEquals(50, w.rows());
    w.expire(15 * SECOND - 1);
    assertEquals(1, w.frames());
    w.expire(15 * SECOND);
    assertEquals(0, w.frames());
    assertEquals(0, w.bytes());
    assertEquals(0, w.droppedFrames(), "expiry is not a drop");
  }

  @Test
  void whileFramesWaitForAReplayNothingExpiresHoweverLate() throws IOException {
    ReplayWindow w = new ReplayWindow(3 * SECOND, 1 << 20, 256);
    add(w, 1, 100, 10 * SECOND);
    add(w, 2, 100, 11 * SECOND);
    w.markAllUnconfirmed();
    w.expire(1000 * SECOND);
    assertEquals(2, w.frames(), "a broken connection proves nothing about durability");
    replayAll(w, 1000 * SECOND);
    w.expire(1002 * SECOND);
    assertEquals(2, w.frames(), "replayed frames start their window again at the new acknowledgement");
    w.expire(1003 * SECOND);
    assertEquals(0, w.frames());
    assertEquals(2, w.replayedFrames());
    assertEquals(30, w.replayedRows());
  }

  @Test
  void replaySendsEveryFrameByteForByteOldestFirstAcrossChunkBoundaries() throws IOException {
    ReplayWindow w = new ReplayWindow(3 * SECOND, 1 << 20, 64);
    int[] lengths = {10, 64, 200, 1, 63, 129};
    for (int i = 0; i < lengths.length; i++) {
      add(w, i, lengths[i], i);
    }
    w.markAllUnconfirmed();
    assertEquals("t0", w.nextTable());
    assertEquals("db", w.nextDatabase());
    assertEquals(0, w.nextRows());
    List<byte[]> sent = replayAll(w, 100);
    assertEquals(lengths.length, sent.size());
    for (int i = 0; i < lengths.length; i++) {
      assertArrayEquals(frame(i, lengths[i]), sent.get(i), "frame " + i);
    }
  }

  @Test
  void aFullWindowDropsTheOldestFramesEarlyAndCountsThem() throws IOException {
    ReplayWindow w = new ReplayWindow(3 * SECOND, 1000, 128);
    for (int i = 0; i < 10; i++) {
      assertEquals(0, w.add(frame(i, 100), 0, 100, 7, "t", null, i));
    }
    assertEquals(1000, w.bytes());
    assertEquals(2, w.add(frame(10, 150), 0, 150, 7, "t", null, 10), "room for 150 bytes takes 2 frames");
    assertEquals(9, w.frames());
    assertEquals(950, w.bytes());
    assertEquals(2, w.droppedFrames());
    assertEquals(14, w.droppedRows());
    assertTrue(w.bytesAllocated() <= 1000 + 2 * 128, "memory stays near the cap: " + w.bytesAllocated());
    w.markAllUnconfirmed();
    List<byte[]> sent = replayAll(w, 20);
    assertArrayEquals(frame(2, 100), sent.get(0), "the oldest frames kept come first");
    assertArrayEquals(frame(10, 150), sent.get(8));
  }

  @Test
  void aFrameLargerThanTheCapIsNotKeptAndCountedAsDropped() {
    ReplayWindow w = new ReplayWindow(3 * SECOND, 1000, 128);
    add(w, 1, 100, 0);
    assertEquals(1, w.add(new byte[1001], 0, 1001, 5, "t", null, 1));
    assertEquals(1, w.frames(), "the frames already kept stay");
    assertEquals(1, w.droppedFrames());
    assertEquals(5, w.droppedRows());
  }

  @Test
  void chunksAreReusedAsFramesExpireAndReleasedWhenTheWindowEmpties() {
    ReplayWindow w = new ReplayWindow(SECOND, 1 << 20, 1024);
    long t = 0;
    // A steady stream: 300 bytes every 100 ms, the server seen alive at every insert.
    for (int i = 0; i < 1000; i++) {
      w.expire(t);
      add(w, i, 300, t);
      t += SECOND / 10;
    }
    // About 10 frames (3000 bytes, 3 to 4 chunks) are in the window at any time.
    assertTrue(w.frames() >= 10 && w.frames() <= 11, "frames held: " + w.frames());
    assertTrue(w.chunksAllocated() <= 8, "chunks are recycled, not allocated per frame: " + w.chunksAllocated());
    assertTrue(w.bytesAllocated() <= 8 * 1024, "memory held: " + w.bytesAllocated());
    w.expire(t + SECOND);
    assertEquals(0, w.frames());
    assertEquals(0, w.bytesAllocated(), "an empty window holds no memory");
  }

  @Test
  void aRefusedFrameLeavesAndTheRestAreStillReplayedInOrder() throws IOException {
    ReplayWindow w = new ReplayWindow(3 * SECOND, 1 << 20, 64);
    for (int i = 0; i < 4; i++) {
      add(w, i, 50, i);
    }
    w.markAllUnconfirmed();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.writeNext(out::write);
    w.confirmNext(10);
    assertEquals("t1", w.nextTable());
    w.refuseNext();
    assertEquals(1, w.refusedFrames());
    assertEquals(10, w.refusedRows());
    assertEquals(2, w.unconfirmed());
    List<byte[]> rest = replayAll(w, 11);
    assertArrayEquals(frame(2, 50), rest.get(0));
    assertArrayEquals(frame(3, 50), rest.get(1));
    assertEquals(3, w.frames());
  }

  @Test
  void aNewFrameCannotBeKeptWhileOthersWaitForTheirReplay() {
    ReplayWindow w = new ReplayWindow(3 * SECOND, 1 << 20, 64);
    add(w, 1, 10, 0);
    w.markAllUnconfirmed();
    assertThrows(IllegalStateException.class, () -> add(w, 2, 10, 1));
  }

  @Test
  void theMetadataRingGrowsPastItsFirstSizeAndKeepsOrder() throws IOException {
    ReplayWindow w = new ReplayWindow(SECOND, 1 << 20, 4096);
    // Wrap the ring first: expire some so that head moves, then grow it.
    for (int i = 0; i < 10; i++) {
      add(w, i, 8, i);
    }
    w.expire(SECOND + 4);
    assertEquals(5, w.frames());
    for (int i = 10; i < 60; i++) {
      add(w, i, 8, i);
    }
    w.markAllUnconfirmed();
    List<byte[]> sent = replayAll(w, 100);
    assertEquals(55, sent.size());
    for (int i = 0; i < 55; i++) {
      assertArrayEquals(frame(i + 5, 8), sent.get(i), "frame " + (i + 5));
    }
  }

  @Test
  void absorbedFramesFollowTheOwnOnesUnconfirmedAndInOrder() throws IOException {
    ReplayWindow own = new ReplayWindow(3 * SECOND, 1 << 20, 256);
    add(own, 1, 300, 10 * SECOND);
    ReplayWindow given = new ReplayWindow(3 * SECOND, 1 << 20, 128);
    add(given, 2, 500, 10 * SECOND);
    add(given, 3, 40, 11 * SECOND);

    own.absorb(given);

    assertEquals(0, given.frames(), "the given-up window is left empty");
    assertEquals(3, own.frames());
    assertEquals(2, own.unconfirmed(), "only the absorbed frames wait for a replay");
    assertEquals("t2", own.nextTable());
    assertEquals(20, own.nextRows());
    List<byte[]> sent = replayAll(own, 12 * SECOND);
    assertEquals(2, sent.size());
    assertArrayEquals(frame(2, 500), sent.get(0), "bytes spanning several chunks of both logs arrive whole");
    assertArrayEquals(frame(3, 40), sent.get(1));
    add(own, 4, 10, 13 * SECOND);
    assertEquals(4, own.frames(), "after the replay new frames are kept again");
  }

  @Test
  void absorbingRespectsTheByteCapByDroppingTheOldestFramesAndCountingThem() {
    ReplayWindow own = new ReplayWindow(3 * SECOND, 1000, 256);
    add(own, 1, 600, 10 * SECOND);
    ReplayWindow given = new ReplayWindow(3 * SECOND, 1000, 256);
    add(given, 2, 600, 10 * SECOND);
    own.absorb(given);
    assertEquals(1, own.frames());
    assertEquals(1, own.droppedFrames());
    assertEquals(10, own.droppedRows(), "frame 1 (10 rows) made room");
    assertEquals(1, own.unconfirmed());
    assertEquals("t2", own.nextTable());
  }
}
