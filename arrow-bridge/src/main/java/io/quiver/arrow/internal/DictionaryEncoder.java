package io.quiver.arrow.internal;

import io.quiver.client.spi.BigEndian;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;

/**
 * A dictionary-encoded column whose dictionary holds Utf8 or LargeUtf8 (→ STRING or TEXT), or
 * Binary or LargeBinary (→ BLOB) values: each row's value is looked up through its index and
 * written out in full (IoTDB has no dictionary on the insert path).
 *
 * <p>Wire layout, per row: the looked-up value's byte length as a big-endian int32, then its bytes;
 * a null row (a null index) is the length 0 and no bytes.
 *
 * <p>The root holds the index vector (signed or unsigned, 8 to 64 bits); the dictionary vector comes
 * from the {@code DictionaryProvider}. Indices point anywhere, so each one is checked against the
 * dictionary's size, and the entry's offsets against its data buffer, as it is read; each write is
 * checked against the size computed beforehand.
 */
final class DictionaryEncoder extends ColumnEncoder {
  private final FieldVector dictionary;
  private final int indexWidth;
  private final boolean indexSigned;
  private final boolean largeOffsets;

  /**
   * @param indices the index vector in the root
   * @param indexWidth 1, 2, 4 or 8 bytes
   * @param dictionary the dictionary's values: a VarChar, LargeVarChar, VarBinary or
   *     LargeVarBinary vector without nulls
   * @param largeOffsets true if the dictionary has int64 offsets
   */
  public DictionaryEncoder(String table, String name, FieldVector indices, int rows, DataType type,
      int indexWidth, boolean indexSigned, FieldVector dictionary, boolean largeOffsets) {
    super(table, name, indices, rows, type);
    this.indexWidth = indexWidth;
    this.indexSigned = indexSigned;
    this.dictionary = dictionary;
    this.largeOffsets = largeOffsets;
  }

  private DictionaryEncoder(DictionaryEncoder whole, int from, int rows) {
    super(whole, from, rows);
    this.indexWidth = whole.indexWidth;
    this.indexSigned = whole.indexSigned;
    this.dictionary = whole.dictionary;
    this.largeOffsets = whole.largeOffsets;
  }

  @Override
  public DictionaryEncoder withRows(int from, int rows) {
    return new DictionaryEncoder(this, from, rows);
  }

  /** The addresses and bounds of the index vector and the dictionary, fetched once per pass. */
  private final class Pass {
    final long valid = validityAddress();
    final long indices = dataAddress(vector.getDataBuffer(), indexWidth, "index data");
    final int entries = dictionary.getValueCount();
    final long offsets;
    final long data;
    final long dataCapacity;

    Pass() {
      long offsetBytes = (entries + 1L) * (largeOffsets ? 8 : 4);
      if (dictionary.getOffsetBuffer() == null || dictionary.getOffsetBuffer().capacity() < offsetBytes) {
        throw invalid(-1, "its dictionary's offset buffer is smaller than its " + entries
            + " entries need; the dictionary vector is malformed or was cleared");
      }
      offsets = dictionary.getOffsetBuffer().memoryAddress();
      data = dictionary.getDataBuffer().memoryAddress();
      dataCapacity = dictionary.getDataBuffer().capacity();
    }

    /** The dictionary index of a row, checked to name an entry. */
    long index(int row) {
      long a = indices + (long) row * indexWidth;
      long index;
      switch (indexWidth) {
        case 1:
          index = indexSigned ? MemoryUtil.getByte(a) : MemoryUtil.getByte(a) & 0xFFL;
          break;
        case 2:
          index = indexSigned ? MemoryUtil.getShort(a) : MemoryUtil.getShort(a) & 0xFFFFL;
          break;
        case 4:
          index = indexSigned ? MemoryUtil.getInt(a) : MemoryUtil.getInt(a) & 0xFFFF_FFFFL;
          break;
        default:
          index = MemoryUtil.getLong(a);
          break;
      }
      if (index < 0 || index >= entries) {
        throw invalid(row, "its dictionary index " + (indexSigned ? Long.toString(index)
            : Long.toUnsignedString(index)) + " is outside the dictionary's " + entries + " entries");
      }
      return index;
    }

    long offset(long entry) {
      return largeOffsets
          ? MemoryUtil.getLong(offsets + (entry << 3))
          : MemoryUtil.getInt(offsets + (entry << 2));
    }

    /** The start of a row's entry in the data buffer, its range checked. */
    long start(int row, long entry) {
      long s = offset(entry);
      long e = offset(entry + 1);
      if (s < 0 || e < s || e > dataCapacity) {
        throw invalid(row, "its dictionary entry " + entry + " spans bytes " + s + " to " + e
            + " of a data buffer of " + dataCapacity + "; the dictionary vector is malformed");
      }
      return s;
    }
  }

  @Override
  public long valuesSize() {
    if (rows == 0) {
      return 0;
    }
    Pass p = new Pass();
    long bytes = 0;
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      long present = Bits.word(p.valid, rows, k);
      while (present != 0) {
        int r = first + Long.numberOfTrailingZeros(present);
        long entry = p.index(r);
        bytes += p.offset(entry + 1) - p.start(r, entry);
        present &= present - 1;
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
    Pass p = new Pass();
    byte[] dst = out.array();
    int pos = out.position();
    int limit = (int) (pos + size);
    for (int k = 0, first = 0; first < rows; k++, first += 64) {
      int n = Math.min(64, rows - first);
      long w = Bits.word(p.valid, rows, k);
      for (int j = 0; j < n; j++) {
        int r = first + j;
        if (((w >>> j) & 1L) == 0) {
          BigEndian.INT.set(dst, pos, 0);
          pos += 4;
          continue;
        }
        long entry = p.index(r);
        long s = p.start(r, entry);
        int len = (int) (p.offset(entry + 1) - s);
        if (pos + 4L + len > limit) {
          throw invalid(r, "the vector changed while it was being written");
        }
        BigEndian.INT.set(dst, pos, len);
        ShortCopy.copy(p.data + s, p.data + p.dataCapacity, dst, pos + 4, len);
        pos += 4 + len;
      }
    }
    out.position(pos);
  }
}
