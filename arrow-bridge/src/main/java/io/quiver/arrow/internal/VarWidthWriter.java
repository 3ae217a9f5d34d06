package io.quiver.arrow.internal;

import io.quiver.client.internal.tsblock.TsBlockReader;
import io.quiver.client.DataType;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;

/**
 * TEXT and STRING (Utf8, VarChar) and BLOB (Binary, VarBinary): TsBlock BINARY_ARRAY values, an
 * int32 big-endian length then the bytes per non-null position, copied in bulk into the vector's
 * data buffer with int32 offsets; a null slot is empty. The data buffer grows (doubling) as
 * values arrive; a new batch starts with the previous batch's bytes per row as its estimate.
 *
 * <p>A run-length column (a TAG, one value per device and block) writes its value once and then
 * doubles the written run with memory copies, so it costs an offset per row, not a copy call.
 */
final class VarWidthWriter extends ColumnWriter {
  private static final int INITIAL_BYTES_PER_ROW = 16;

  private long validity;
  private long offsets;
  private long data;
  private long capacity;
  /** The end of the written bytes: the offset after the last row written. */
  private long end;
  private double bytesPerRow = INITIAL_BYTES_PER_ROW;

  VarWidthWriter(String name, DataType type, FieldVector vector) {
    super(name, type, vector);
  }

  private BaseVariableWidthVector v() {
    return (BaseVariableWidthVector) vector;
  }

  @Override
  void allocate(int rows, int keep) {
    BaseVariableWidthVector v = v();
    if (keep == 0) {
      Buffers.variableWidth(v, rows, Math.max(64L, (long) Math.ceil(bytesPerRow * rows)));
    } else {
      while (v.getValueCapacity() < rows) {
        v.reallocValidityAndOffsetBuffers();
      }
    }
    if (v.getValueCapacity() < rows) {
      throw new IllegalStateException("column '" + name + "': " + rows + " rows asked, " + v.getValueCapacity()
          + " allocated");
    }
    validity = v.getValidityBuffer().memoryAddress();
    offsets = v.getOffsetBuffer().memoryAddress();
    refreshData();
    if (keep == 0) {
      end = 0;
      MemoryUtil.putInt(offsets, 0);
    } else {
      end = MemoryUtil.getInt(offsets + 4L * keep);
    }
  }

  private void refreshData() {
    data = v().getDataBuffer().memoryAddress();
    capacity = v().getDataBuffer().capacity();
  }

  /** Makes the data buffer hold at least {@code needed} bytes. */
  private void ensure(long needed, int row) {
    if (needed <= capacity) {
      return;
    }
    if (needed > Integer.MAX_VALUE) {
      throw error(row, "the values of one batch exceed the 2 GiB an Arrow " + vector.getMinorType()
          + " vector holds; read the result in batches (ArrowQuery.stream) or with a smaller fetch size");
    }
    v().reallocDataBuffer(Math.max(needed, Math.min(Integer.MAX_VALUE, capacity * 2)));
    refreshData();
    if (capacity < needed) {
      throw new IllegalStateException("column '" + name + "': " + needed + " bytes asked, " + capacity + " allocated");
    }
  }

  private void offset(int row, long value) {
    MemoryUtil.putInt(offsets + 4L * (row + 1), (int) value);
  }

  @Override
  void plain(TsBlockReader in, int row, int n) {
    int flags = in.nullFlags(n);
    byte[] a = in.a;
    int p = in.p;
    int stop = in.end;
    long at = end;
    for (int i = 0; i < n; i++) {
      if (flags >= 0 && (a[flags + (i >>> 3)] & (0x80 >>> (i & 7))) != 0) {
        offset(row + i, at);
        continue;
      }
      if (stop - p < 4) {
        throw ColumnWriter.malformed("column '" + name + "': the length of value " + i + " is missing");
      }
      int len = (int) TsBlockReader.INT_BE.get(a, p);
      p += 4;
      if (len < 0 || len > stop - p) {
        throw ColumnWriter.malformed("column '" + name + "': value " + i + " has length " + len + " but the block"
            + " has " + (stop - p) + " bytes left");
      }
      ensure(at + len, row + i);
      MemoryUtil.copyToMemory(a, p, data + at, len);
      p += len;
      at += len;
      offset(row + i, at);
    }
    in.p = p;
    end = at;
    ArrowBits.validity(validity, row, a, flags, n);
  }

  @Override
  void constant(byte[] a, int loc, int row, int n) {
    long at = end;
    if (loc < 0) {
      for (int i = 0; i < n; i++) {
        offset(row + i, at);
      }
      ArrowBits.fill(validity, row, n, false);
      return;
    }
    int len = (int) TsBlockReader.INT_BE.get(a, loc);
    long total = (long) len * n;
    ensure(at + total, row);
    if (len > 0) {
      MemoryUtil.copyToMemory(a, loc + 4, data + at, len);
      for (long done = len; done < total; done <<= 1) {
        MemoryUtil.copyMemory(data + at, data + at + done, Math.min(done, total - done));
      }
    }
    for (int i = 0; i < n; i++) {
      at += len;
      offset(row + i, at);
    }
    end = at;
    ArrowBits.fill(validity, row, n, true);
  }

  @Override
  void located(byte[] a, int[] loc, int row, int n) {
    long at = end;
    for (int i = 0; i < n; i++) {
      int l = loc[i];
      if (l >= 0) {
        int len = (int) TsBlockReader.INT_BE.get(a, l);
        ensure(at + len, row + i);
        MemoryUtil.copyToMemory(a, l + 4, data + at, len);
        at += len;
      }
      offset(row + i, at);
      ArrowBits.put(validity, (long) row + i, l < 0 ? 0 : 1, 1);
    }
    end = at;
  }

  @Override
  void finish(int rows) {
    ArrowBits.clearTail(validity, rows);
    if (rows > 0) {
      bytesPerRow = Math.max(1.0, (double) end / rows);
    }
    v().setLastSet(rows - 1);
    vector.setValueCount(rows);
  }
}
