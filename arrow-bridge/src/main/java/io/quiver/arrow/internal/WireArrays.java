package io.quiver.arrow.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The native-order {@code VarHandle} for copying bitmap words byte for byte into a {@code byte[]}
 * (the request frame). Big-endian IoTDB values go through {@link io.quiver.client.spi.BigEndian}.
 */
final class WireArrays {
  /** Writes a word read with {@code MemoryUtil.getLong} back in the same byte order. */
  static final VarHandle LONG_NATIVE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private WireArrays() {}
}
