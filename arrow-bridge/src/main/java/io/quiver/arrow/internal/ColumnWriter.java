package io.quiver.arrow.internal;

import io.quiver.client.internal.tsblock.TsBlockReader;
import io.quiver.arrow.ResultConversionException;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import org.apache.arrow.vector.FieldVector;

/**
 * Writes one output column of a query result into its Arrow vector, from the TsBlock columns that
 * hold it, block after block, each at its first row in the vector. Values are read big-endian from
 * the block's array and written by address into the vector's buffers, whose capacity {@link
 * #allocate} ensures for the whole fetch before any write. Nulls keep their slot in Arrow (a zeroed
 * value or an empty string, validity bit 0).
 *
 * <p>Three ways in, one per shape a TsBlock column can take:
 *
 * <ul>
 *   <li>{@link #plain}: encodings 0 to 3, null information then the values (packed: only non-null
 *       positions have one, except BYTE_ARRAY booleans, which cover every position);
 *   <li>{@link #constant}: a run-length column, one value (or null) repeated;
 *   <li>{@link #located}: anything else (dictionary columns), given where each position's value
 *       is in the block ({@link ValueLocator}).
 * </ul>
 */
abstract class ColumnWriter {
  final String name;
  final DataType type;
  final FieldVector vector;
  /** The result row of vector row 0 of the current fetch, for error messages. */
  long firstRow;

  ColumnWriter(String name, DataType type, FieldVector vector) {
    this.name = name;
    this.type = type;
    this.vector = vector;
  }

  /**
   * Makes room for {@code rows} rows. {@code keep} rows already written stay as they are; with
   * {@code keep == 0} the vector gets new, uninitialised buffers ({@link Buffers}), so memory a
   * caller took from the previous batch (by transfer or slice) is never written to.
   */
  abstract void allocate(int rows, int keep);

  /** Reads a plain column of {@code n} positions at the cursor into rows {@code row..row+n-1}. */
  abstract void plain(TsBlockReader in, int row, int n);

  /** Writes the value at {@code loc} (null if {@code loc < 0}) into rows {@code row..row+n-1}. */
  abstract void constant(byte[] a, int loc, int row, int n);

  /** Writes the value at {@code loc[i]} (null if negative) into row {@code row + i}, for i below n. */
  abstract void located(byte[] a, int[] loc, int row, int n);

  /** Sets the vector's value count once every block of the fetch is written. */
  abstract void finish(int rows);

  /** The error of a malformed block, as the Arrow decoder reports it. */
  static ResultConversionException malformed(String what) {
    return new ResultConversionException("the query result is not a well-formed TsBlock: " + what, null, -1);
  }

  /** The TsBlock physical type code this column arrives in (0 BOOLEAN ... 5 TEXT). */
  static byte physicalType(DataType type) {
    switch (type) {
      case BOOLEAN:
        return 0;
      case INT32:
      case DATE:
        return 1;
      case INT64:
      case TIMESTAMP:
        return 2;
      case FLOAT:
        return 3;
      case DOUBLE:
        return 4;
      default:
        return 5;
    }
  }

  ResultConversionException error(int row, String what) {
    long resultRow = row < 0 ? -1 : firstRow + row;
    return new ResultConversionException("query result column '" + name + "' (" + type + ")"
        + (resultRow >= 0 ? " row " + resultRow : "") + ": " + what, name, resultRow);
  }

  /** A writer for a column of this IoTDB type into its vector (made from the result schema). */
  static ColumnWriter of(String name, DataType type, FieldVector vector) {
    return of(name, type, vector, null);
  }

  /**
   * As {@link #of(String, DataType, FieldVector)}; with {@code microsFrom} not null, TIMESTAMP
   * values counted in that precision are written as microseconds ({@link MicrosTimeWriter}).
   */
  static ColumnWriter of(String name, DataType type, FieldVector vector, TimePrecision microsFrom) {
    if (type == DataType.TIMESTAMP && microsFrom != null) {
      return new MicrosTimeWriter(name, type, vector, microsFrom);
    }
    switch (type) {
      case BOOLEAN:
        return new BitWriter(name, type, vector);
      case INT32:
      case FLOAT:
      case DATE:
        return new Fixed4Writer(name, type, vector);
      case INT64:
      case TIMESTAMP:
      case DOUBLE:
        return new Fixed8Writer(name, type, vector);
      default:
        return new VarWidthWriter(name, type, vector);
    }
  }
}
