package io.quiver.client;

import java.util.Locale;

/**
 * The IoTDB data types of the table model, with the type codes IoTDB uses on the wire.
 *
 * <table>
 *   <caption>Types, wire codes and the bytes each row takes in an insert request</caption>
 *   <tr><th>type</th><th>code</th><th>bytes per row</th><th>Java value in a row {@link Tablet}</th></tr>
 *   <tr><td>BOOLEAN</td><td>0</td><td>1</td><td>Boolean</td></tr>
 *   <tr><td>INT32</td><td>1</td><td>4</td><td>Integer (Short, Byte)</td></tr>
 *   <tr><td>INT64</td><td>2</td><td>8</td><td>Long (Integer, Short, Byte)</td></tr>
 *   <tr><td>FLOAT</td><td>3</td><td>4</td><td>Float</td></tr>
 *   <tr><td>DOUBLE</td><td>4</td><td>8</td><td>Double (Float)</td></tr>
 *   <tr><td>TEXT</td><td>5</td><td>4 + length</td><td>String</td></tr>
 *   <tr><td>TIMESTAMP</td><td>8</td><td>8</td><td>Long in the server's precision, or Instant</td></tr>
 *   <tr><td>DATE</td><td>9</td><td>4 (yyyymmdd)</td><td>LocalDate, years 1000 to 9999</td></tr>
 *   <tr><td>BLOB</td><td>10</td><td>4 + length</td><td>byte[]</td></tr>
 *   <tr><td>STRING</td><td>11</td><td>4 + length</td><td>String</td></tr>
 * </table>
 */
public enum DataType {
  BOOLEAN(0, 1),
  INT32(1, 4),
  INT64(2, 8),
  FLOAT(3, 4),
  DOUBLE(4, 8),
  TEXT(5, -1),
  TIMESTAMP(8, 8),
  DATE(9, 4),
  BLOB(10, -1),
  STRING(11, -1);

  private static final DataType[] BY_CODE = new DataType[12];

  static {
    for (DataType t : values()) {
      BY_CODE[t.code] = t;
    }
  }

  private final byte code;
  private final int fixedWidth;

  DataType(int code, int fixedWidth) {
    this.code = (byte) code;
    this.fixedWidth = fixedWidth;
  }

  /** The type code IoTDB uses in insert requests and TsBlock headers. */
  public byte code() {
    return code;
  }

  /** Bytes per row in an insert request, or -1 for the variable-width types (TEXT, STRING, BLOB). */
  public int fixedWidth() {
    return fixedWidth;
  }

  /** True for TEXT, STRING and BLOB: each value is a 4-byte length and its bytes. */
  public boolean isVariableWidth() {
    return fixedWidth < 0;
  }

  /**
   * The type with this wire code.
   *
   * @throws IllegalArgumentException for a code that is not a table-model type (6 VECTOR and 7
   *     UNKNOWN are internal to IoTDB)
   */
  public static DataType fromCode(int code) {
    DataType t = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    if (t == null) {
      throw new IllegalArgumentException("no IoTDB table-model data type has the code " + code);
    }
    return t;
  }

  /**
   * The type with this name, as IoTDB reports it in query metadata ("INT32", "STRING", ...).
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static DataType fromName(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown IoTDB data type '" + name + "'", e);
    }
  }
}
