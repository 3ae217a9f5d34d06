package io.quiver.client;

/**
 * The role of a column in an IoTDB table. The wire code is what an insert request carries per
 * column: TAG=0, FIELD=1, ATTRIBUTE=2 (the order of tsfile's {@code ColumnCategory}).
 */
public enum ColumnCategory {
  /** Identifies the device: a row's device is its table plus its tag values. */
  TAG(0),
  /** A measured value. */
  FIELD(1),
  /** A per-device property; IoTDB keeps the last non-null value written for each device. */
  ATTRIBUTE(2);

  private final byte code;

  ColumnCategory(int code) {
    this.code = (byte) code;
  }

  /** The byte an insert request carries for this category. */
  public byte code() {
    return code;
  }
}
