package io.quiver.arrow.internal;

import io.quiver.client.spi.BigEndian;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Utf8View → STRING (or TEXT), BinaryView → BLOB.
 *
 * <p>Wire layout, per row: the byte length as a big-endian int32, then the bytes; a null row is the
 * length 0 and no bytes.
 *
 * <p>Arrow layout: one 16-byte view per row, {@code length:int32} then either the bytes inline
 * (length up to 12) or {@code prefix:4 bytes, buffer index:int32, offset:int32} into one of the
 * vector's data buffers. Views point anywhere, so each long value's buffer index and range is
 * checked as it is read (a few compares per value), and each write against the size computed
 * beforehand.
 */
final class ViewEncoder extends ColumnEncoder {
  private static final int VIEW = 16;
  private static final int INLINE = 12;

  /**
   * @param type STRING, TEXT or BLOB
   */
  public ViewEncoder(String table, String name, FieldVector vector, int rows, DataType type) {
    super(table, name, vector, rows, type);
  }

  private ViewEncoder(ViewEncoder whole, int from, int rows) {
    super(whole, from, rows);
  }

  @Override
  public ViewEncoder withRows(int from, int rows) {
    return new ViewEncoder(this, from, rows);
  }

  private long viewsAddress() {
    checkValueCount();
    return dataAddress(vector.getDataBuffer(), VIEW, "view");
  }

  @Override
  public long valuesSize() {
    if (rows == 0) {
      return 0;
    }
    long views = viewsAddress();
    long valid = validityAddress();
    long bytes = 0;
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(valid, rows, k);
      for (int j = 0; j < n; j++) {
        int len = MemoryUtil.getInt(views + (long) (first + j) * VIEW) & -(int) ((w >>> j) & 1L);
        bytes += len;
      }
    }
    return 4L * rows + bytes;
  }

  @Override
  public void writeValues(WireBuffer out, TimePrecision precision) {
    if (rows == 0) {
      return;
    }
    long size = valuesSize();
    out.ensureRemaining(size);
    long views = viewsAddress();
    long viewsLimit = vector.getDataBuffer().memoryAddress() + vector.getDataBuffer().capacity();
    long valid = validityAddress();
    List<ArrowBuf> buffers = ((BaseVariableWidthViewVector) vector).getDataBuffers();
    int bufferCount = buffers.size();
    byte[] dst = out.array();
    int pos = out.position();
    int limit = (int) (pos + size);
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(valid, rows, k);
      for (int j = 0; j < n; j++) {
        int r = first + j;
        long view = views + (long) r * VIEW;
        int len = MemoryUtil.getInt(view) & -(int) ((w >>> j) & 1L);
        long src;
        long srcLimit;
        if (len <= INLINE) {
          if (len < 0) {
            throw invalid(r, "its view has the length " + len + "; the vector is malformed");
          }
          src = view + 4;
          srcLimit = viewsLimit;
        } else {
          int index = MemoryUtil.getInt(view + 8);
          int offset = MemoryUtil.getInt(view + 12);
          if (index < 0 || index >= bufferCount) {
            throw invalid(r, "its view points to data buffer " + index + " of " + bufferCount
                + "; the vector is malformed");
          }
          ArrowBuf buffer = buffers.get(index);
          if (offset < 0 || (long) offset + len > buffer.capacity()) {
            throw invalid(r, "its view points to bytes " + offset + " to " + ((long) offset + len)
                + " of a data buffer of " + buffer.capacity() + "; the vector is malformed");
          }
          src = buffer.memoryAddress() + offset;
          srcLimit = buffer.memoryAddress() + buffer.capacity();
        }
        if (pos + 4L + len > limit) {
          throw invalid(r, "the vector changed while it was being written");
        }
        BigEndian.INT.set(dst, pos, len);
        ShortCopy.copy(src, srcLimit, dst, pos + 4, len);
        pos += 4 + len;
      }
    }
    out.position(pos);
  }
}
