package io.quiver.arrow.internal;

import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

/**
 * Gives a vector new buffers for a batch, from the vector's allocator, without zeroing them: the
 * decoder writes every byte the vector exposes (every value slot and validity bit of its rows, every
 * offset, the tail bits of the last validity byte), and zeroing a batch's buffers first costs as
 * much memory traffic as filling them. The buffers are installed with {@code loadFieldBuffers}, as
 * Arrow's own readers do, and the vector releases its previous ones (memory a caller took from them
 * stays with the caller).
 *
 * <p>{@code loadFieldBuffers} replaces a validity buffer by a fresh all-valid or all-null one when
 * told the field has no nulls or only nulls; the null count passed is a placeholder strictly
 * between those, so the given buffer is kept (for a single row it may be replaced, which is fine:
 * the decoder writes the validity bits afterwards either way).
 */
final class Buffers {
  private Buffers() {}

  /** Validity bytes for {@code rows}, rounded up to whole 64-bit words. */
  private static long validityBytes(int rows) {
    return (rows + 63L) / 64 * 8;
  }

  private static ArrowFieldNode node(int rows) {
    return new ArrowFieldNode(rows, rows > 1 ? 1 : 0);
  }

  /**
   * A fixed-width vector: a validity buffer and a data buffer of {@code width} bytes per row
   * ({@code width < 0}: one bit per row, as a Bit vector).
   */
  static void fixedWidth(FieldVector v, int rows, int width) {
    BufferAllocator a = v.getAllocator();
    long dataBytes = width < 0 ? validityBytes(rows) : (long) rows * width;
    try (ArrowBuf validity = a.buffer(validityBytes(rows)); ArrowBuf data = a.buffer(dataBytes)) {
      v.loadFieldBuffers(node(rows), List.of(validity, data));
    }
  }

  /** A variable-width vector: validity, {@code rows + 1} int32 offsets, and {@code dataBytes} of data. */
  static void variableWidth(BaseVariableWidthVector v, int rows, long dataBytes) {
    BufferAllocator a = v.getAllocator();
    try (ArrowBuf validity = a.buffer(validityBytes(rows));
        ArrowBuf offsets = a.buffer(4L * (rows + 1));
        ArrowBuf data = a.buffer(dataBytes)) {
      v.loadFieldBuffers(node(rows), List.of(validity, offsets, data));
    }
  }
}
