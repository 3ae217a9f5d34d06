package io.quiver.client.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link InFlightFrames} and {@link ReplayWindow#addToReplay}: copies of pipelined frames, the
 * acknowledged ones leaving, and the rest joining a window as frames to replay, byte for byte,
 * those set aside before those still in flight, after the window's own unconfirmed frames.
 */
class InFlightFramesTest {
  private static final long SECOND = 1_000_000_000L;

  private static byte[] frame(int id, int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (id * 17 + i);
    }
    return b;
  }

  private static List<byte[]> replayAll(ReplayWindow w) throws IOException {
    List<byte[]> sent = new ArrayList<>();
    while (w.unconfirmed() > 0) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      w.writeNext(out::write);
      sent.add(out.toByteArray());
      w.confirmNext(0);
    }
    return sent;
  }

  @Test
  void theCopyIsTakenWhenSentSoReusingTheSendBufferChangesNothing() throws IOException {
    InFlightFrames f = new InFlightFrames();
    byte[] buffer = frame(1, 40);
    f.add(buffer, 40, 4, "t", "db", 0);
    buffer[0] = 99; // the connection writes its next request into the same buffer
    ReplayWindow w = new ReplayWindow(3 * SECOND, 1 << 20, 64);
    f.moveTo(w);
    assertArrayEquals(frame(1, 40), replayAll(w).get(0));
  }

  @Test
  void answeredFramesLeaveAndTheRestJoinTheWindowSetAsideFirstAfterItsOwnFrames() throws IOException {
    ReplayWindow w = new ReplayWindow(3 * SECOND, 1 << 20, 64);
    byte[] acked = frame(0, 30);
    w.add(acked, 0, 30, 3, "t", "db", 0);
    InFlightFrames f = new InFlightFrames();
    for (int id = 1; id <= 4; id++) {
      f.add(frame(id, 20 + id), 20 + id, id, "t" + id, "db", 0);
    }
    f.answered(); // frame 1 acknowledged
    f.setAside(); // frame 2: the server asked to retry it
    assertEquals(2, f.inFlight());
    assertEquals(1, f.setAsideCount());
    assertEquals(0, f.moveTo(w));
    assertTrue(f.isEmpty());
    assertEquals(4, w.frames());
    assertEquals(3, w.unconfirmed(), "the acknowledged frame stays confirmed");
    assertEquals(3 + 2 + 3 + 4, w.rows());
    w.markAllUnconfirmed();
    List<byte[]> sent = replayAll(w);
    assertArrayEquals(acked, sent.get(0));
    assertArrayEquals(frame(2, 22), sent.get(1));
    assertArrayEquals(frame(3, 23), sent.get(2));
    assertArrayEquals(frame(4, 24), sent.get(3));
  }

  @Test
  void aFrameTooLargeForTheWindowIsCountedAsDroppedNotKept() {
    ReplayWindow w = new ReplayWindow(3 * SECOND, 100, 64);
    assertEquals(1, w.addToReplay(frame(1, 200), 0, 200, 7, "t", "db", 0));
    assertEquals(0, w.frames());
    assertEquals(7, w.droppedRows());
  }

  @Test
  void recycledCopiesGrowOnlyWhenAFrameIsLarger() throws IOException {
    InFlightFrames f = new InFlightFrames();
    f.add(frame(1, 50), 50, 1, "t", "db", 0);
    f.answered();
    f.add(frame(2, 10), 10, 1, "t", "db", 0);
    ReplayWindow w = new ReplayWindow(3 * SECOND, 1 << 20, 64);
    f.moveTo(w);
    assertArrayEquals(frame(2, 10), replayAll(w).get(0), "only the frame's own length is replayed");
  }
}
