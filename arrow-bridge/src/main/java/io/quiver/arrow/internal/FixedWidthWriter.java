package io.quiver.arrow.internal;

import io.quiver.client.DataType;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/** The buffers of a fixed-width vector (Bit, Int, BigInt, Float4, Float8, DateDay, TimeStamp). */
abstract class FixedWidthWriter extends ColumnWriter {
  long validity;
  long data;

  FixedWidthWriter(String name, DataType type, FieldVector vector) {
    super(name, type, vector);
  }

  @Override
  final void allocate(int rows, int keep) {
    BaseFixedWidthVector v = (BaseFixedWidthVector) vector;
    if (keep == 0) {
      Buffers.fixedWidth(v, rows, v instanceof BitVector ? -1 : v.getTypeWidth());
    } else {
      while (v.getValueCapacity() < rows) {
        v.reAlloc();
      }
    }
    if (v.getValueCapacity() < rows) {
      throw new IllegalStateException("column '" + name + "': " + rows + " rows asked, " + v.getValueCapacity()
          + " allocated");
    }
    validity = v.getValidityBuffer().memoryAddress();
    data = v.getDataBuffer().memoryAddress();
  }

  @Override
  void finish(int rows) {
    ArrowBits.clearTail(validity, rows);
    vector.setValueCount(rows);
  }
}
