package io.quiver.client.internal.tsblock;

/**
 * One value column of a decoded TsBlock, held in primitive arrays indexed by position: no object
 * per value. A run-length-encoded column keeps its single value ({@link #isConstant()}); a
 * dictionary column keeps its dictionary and the id of each position. Binary values live in one
 * byte array, value {@code i} at {@code [offsets[i], offsets[i+1])}.
 *
 * <p>The {@link #physicalType()} is the TsBlock's physical type code (0 BOOLEAN, 1 INT32, 2 INT64, 3
 * FLOAT, 4 DOUBLE, 5 TEXT); the logical type (DATE, TIMESTAMP, STRING, BLOB) comes from the query's
 * metadata.
 */
public final class DecodedColumn {
  final byte physicalType;
  final int positionCount;
  /** Per stored value: true = null. Null when no value is null. */
  boolean[] nulls;
  boolean[] bools;
  int[] ints;
  long[] longs;
  float[] floats;
  double[] doubles;
  byte[] bytes;
  int[] offsets;
  /** RLE: every position reads stored value 0. */
  boolean constant;
  /** DICTIONARY: position i reads stored value ids[i]. */
  int[] ids;

  DecodedColumn(byte physicalType, int positionCount) {
    this.physicalType = physicalType;
    this.positionCount = positionCount;
  }

  public byte physicalType() {
    return physicalType;
  }

  public int positionCount() {
    return positionCount;
  }

  /** True if this column holds one value repeated at every position. */
  public boolean isConstant() {
    return constant;
  }

  /** The stored-value index that position {@code i} reads. */
  public int index(int i) {
    return constant ? 0 : ids != null ? ids[i] : i;
  }

  public boolean isNull(int i) {
    return nulls != null && nulls[index(i)];
  }

  public boolean getBoolean(int i) {
    return bools[index(i)];
  }

  public int getInt(int i) {
    return ints[index(i)];
  }

  public long getLong(int i) {
    return longs[index(i)];
  }

  public float getFloat(int i) {
    return floats[index(i)];
  }

  public double getDouble(int i) {
    return doubles[index(i)];
  }

  /** The binary values' shared byte array. */
  public byte[] binaryData() {
    return bytes;
  }

  /** The start of position i's bytes in {@link #binaryData()}. */
  public int binaryOffset(int i) {
    return offsets[index(i)];
  }

  /** The length of position i's bytes. */
  public int binaryLength(int i) {
    int k = index(i);
    return offsets[k + 1] - offsets[k];
  }
}
