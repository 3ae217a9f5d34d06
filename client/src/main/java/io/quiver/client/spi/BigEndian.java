package io.quiver.client.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The one place that reads and writes IoTDB's big-endian multi-byte values in a {@code byte[]}
 * (request frames, TsBlocks), through byte-array view {@code VarHandle}s: no per-value objects,
 * no JVM flags. For bulk writers that work on {@link WireBuffer#array()} directly, and readers of
 * result blocks.
 */
public final class BigEndian {
  private BigEndian() {}

  /** {@code int} views of a {@code byte[]}, big-endian; for loops that want the handle itself. */
  public static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  /** {@code long} views of a {@code byte[]}, big-endian. */
  public static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  public static int getInt(byte[] a, int at) {
    return (int) INT.get(a, at);
  }

  public static long getLong(byte[] a, int at) {
    return (long) LONG.get(a, at);
  }

  public static void putInt(byte[] a, int at, int v) {
    INT.set(a, at, v);
  }

  public static void putLong(byte[] a, int at, long v) {
    LONG.set(a, at, v);
  }
}
