package io.quiver.client.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.apache.thrift.transport.TTransportException;
import org.junit.jupiter.api.Test;

/** Reading response frames, and what the first answer of a connection says when it is no frame. */
class FramedTransportTest {

  private static FramedTransport over(int... input) {
    byte[] bytes = new byte[input.length];
    for (int i = 0; i < input.length; i++) {
      bytes[i] = (byte) input[i];
    }
    return new FramedTransport(new ByteArrayInputStream(bytes), new ByteArrayOutputStream(), () -> {}, "h:1", 1 << 20);
  }

  @Test
  void readsAFrameAndRemembersThatTheServerAnswered() throws Exception {
    FramedTransport t = over(0, 0, 0, 3, 7, 8, 9);
    assertFalse(t.hasReceivedFrame());
    byte[] got = new byte[3];
    assertEquals(3, t.read(got, 0, 3));
    assertArrayEquals(new byte[] {7, 8, 9}, got);
    assertTrue(t.hasReceivedFrame());
  }

  /** What a TLS IoTDB sent a plaintext client: a fatal "unexpected_message" alert, then EOF. */
  @Test
  void aTlsAlertAsTheFirstAnswerSaysTheServerUsesTls() {
    FramedTransport t = over(0x15, 3, 3, 0, 2, 2, 10);
    TTransportException e = assertThrows(TTransportException.class, () -> t.read(new byte[4], 0, 4));
    assertEquals(TTransportException.CORRUPTED_DATA, e.getType());
    assertTrue(e.getMessage().contains("TLS alert") && e.getMessage().contains("useSsl(true)"), e.getMessage());
    assertFalse(t.hasReceivedFrame());
  }

  @Test
  void anOversizedFirstFrameSaysThePortDoesNotSpeakFramedThrift() {
    FramedTransport t = over(0x7f, 0, 0, 0);
    TTransportException e = assertThrows(TTransportException.class, () -> t.read(new byte[4], 0, 4));
    assertEquals(TTransportException.CORRUPTED_DATA, e.getType());
    assertTrue(e.getMessage().contains("first answer") && e.getMessage().contains("TLS port"), e.getMessage());
  }

  @Test
  void theEndOfTheStreamBeforeAnyAnswerIsEndOfFile() {
    FramedTransport t = over();
    TTransportException e = assertThrows(TTransportException.class, () -> t.read(new byte[4], 0, 4));
    assertEquals(TTransportException.END_OF_FILE, e.getType());
    assertTrue(e.getMessage().contains("closed the connection"), e.getMessage());
  }

  @Test
  void theFrameJustSentStaysInTheBufferAndAStoredCopyIsSentAgainAsItIs() throws Exception {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    FramedTransport t = new FramedTransport(new ByteArrayInputStream(new byte[0]), wire, () -> {}, "h:1", 1 << 20);
    t.write(new byte[] {1, 2, 3, 4, 5}, 0, 5);
    t.flush();
    byte[] first = wire.toByteArray();
    assertArrayEquals(new byte[] {0, 0, 0, 5, 1, 2, 3, 4, 5}, first);
    assertEquals(first.length, t.lastFrameLength());
    ReplayWindow window = new ReplayWindow(1_000_000_000L, 1 << 20);
    window.add(t.frame().array(), 0, t.lastFrameLength(), 1, "t", null, 0);
    window.markAllUnconfirmed();
    wire.reset();
    t.sendStored(window);
    assertArrayEquals(first, wire.toByteArray(), "the stored frame goes out byte for byte, length included");
  }
}
