package io.quiver.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.quiver.client.TimePrecision;
import io.quiver.client.spi.InsertBatch;
import io.quiver.client.spi.WireBuffer;
import java.util.Arrays;

/** Encodes batches as a session does, into a fresh small WireBuffer, and compares the bytes. */
final class Wire {
  private Wire() {}

  /** The timestamps and values blobs of a batch. */
  static final class Encoded {
    final byte[] times;
    final byte[] values;

    Encoded(byte[] times, byte[] values) {
      this.times = times;
      this.values = values;
    }
  }

  /**
   * Writes the batch into a new 16-byte buffer (so every write must grow it) after one byte of
   * "header" (so nothing starts at index 0), checking the sizes the batch declares.
   */
  static Encoded encode(InsertBatch batch, TimePrecision precision) {
    WireBuffer buf = new WireBuffer(16);
    buf.putByte((byte) 0x5A);
    int t0 = buf.position();
    batch.writeTimestamps(buf, precision);
    assertEquals(8L * batch.rowCount(), buf.position() - t0, "bytes of timestamps written");
    long declared = batch.valuesSize();
    int v0 = buf.position();
    batch.writeValues(buf, precision);
    assertEquals(declared, buf.position() - v0, "valuesSize() vs bytes of values written");
    byte[] a = buf.array();
    return new Encoded(Arrays.copyOfRange(a, t0, v0), Arrays.copyOfRange(a, v0, buf.position()));
  }

  /** Asserts that two batches describe the same columns and encode to the same bytes. */
  static void assertSameRequest(InsertBatch expected, InsertBatch actual, TimePrecision precision,
      String context) {
    assertEquals(expected.tableName(), actual.tableName(), context + ": table");
    assertEquals(expected.rowCount(), actual.rowCount(), context + ": rows");
    assertEquals(expected.columnCount(), actual.columnCount(), context + ": columns");
    for (int i = 0; i < expected.columnCount(); i++) {
      assertEquals(expected.columnName(i), actual.columnName(i), context + ": name of column " + i);
      assertEquals(expected.dataType(i), actual.dataType(i), context + ": type of column " + i);
      assertEquals(expected.category(i), actual.category(i), context + ": category of column " + i);
    }
    Encoded e = encode(expected, precision);
    Encoded a = encode(actual, precision);
    assertSameBytes(e.times, a.times, context + ", " + precision + ", timestamps");
    assertSameBytes(e.values, a.values, context + ", " + precision + ", values");
  }

  static void assertSameBytes(byte[] expected, byte[] actual, String context) {
    int n = Math.min(expected.length, actual.length);
    for (int i = 0; i < n; i++) {
      if (expected[i] != actual[i]) {
        fail(context + ": first difference at byte " + i + " of " + expected.length + ": expected "
            + hex(expected, i) + " but was " + hex(actual, i));
      }
    }
    if (expected.length != actual.length) {
      fail(context + ": expected " + expected.length + " bytes but was " + actual.length);
    }
  }

  private static String hex(byte[] a, int at) {
    StringBuilder s = new StringBuilder();
    for (int i = Math.max(0, at - 4); i < Math.min(a.length, at + 8); i++) {
      s.append(i == at ? "[" : "").append(String.format("%02x", a[i])).append(i == at ? "] " : " ");
    }
    return s.toString().trim();
  }
}
