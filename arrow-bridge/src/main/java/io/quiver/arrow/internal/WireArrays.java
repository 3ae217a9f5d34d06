package io.quiver.arrow.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The {@code VarHandle}s that write multi-byte values into a {@code byte[]} (the request frame):
 * big-endian for IoTDB values, native order for copying bitmap words byte for byte.
 */
final class WireArrays {
  static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  /** Writes a word read with {@code MemoryUtil.getLong} back in the same byte order. */
  static final VarHandle LONG_NATIVE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private WireArrays() {}
}
