package io.quiver.spark.internal;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Spark SQL types and IoTDB types, both ways.
 *
 * <table>
 *   <caption>Writes: the IoTDB type a Spark column is sent as</caption>
 *   <tr><th>Spark</th><th>IoTDB</th></tr>
 *   <tr><td>boolean</td><td>BOOLEAN</td></tr>
 *   <tr><td>byte, short, int</td><td>INT32</td></tr>
 *   <tr><td>long</td><td>INT64</td></tr>
 *   <tr><td>float, double</td><td>FLOAT, DOUBLE</td></tr>
 *   <tr><td>string</td><td>STRING (TEXT if the table's column is TEXT)</td></tr>
 *   <tr><td>binary</td><td>BLOB</td></tr>
 *   <tr><td>date</td><td>DATE</td></tr>
 *   <tr><td>timestamp, timestamp_ntz</td><td>TIMESTAMP (microseconds, converted to the server's
 *       precision)</td></tr>
 *   <tr><td>decimal, array, map, struct, interval, variant, ...</td><td>refused before any row,
 *       naming the column</td></tr>
 * </table>
 *
 * Reads: BOOLEAN boolean, INT32 int, INT64 long, FLOAT float, DOUBLE double, TEXT/STRING string,
 * BLOB binary, DATE date, TIMESTAMP and the time column timestamp (or long with {@code
 * timeAs=long}).
 */
public final class TypeMapping {
  private TypeMapping() {}

  /** The IoTDB type a Spark column is sent as, or null if it cannot be stored. */
  public static io.quiver.client.DataType toIoTDB(DataType t) {
    if (t instanceof BooleanType) {
      return io.quiver.client.DataType.BOOLEAN;
    }
    if (t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType) {
      return io.quiver.client.DataType.INT32;
    }
    if (t instanceof LongType) {
      return io.quiver.client.DataType.INT64;
    }
    if (t instanceof FloatType) {
      return io.quiver.client.DataType.FLOAT;
    }
    if (t instanceof DoubleType) {
      return io.quiver.client.DataType.DOUBLE;
    }
    if (t instanceof StringType) {
      return io.quiver.client.DataType.STRING;
    }
    if (t instanceof BinaryType) {
      return io.quiver.client.DataType.BLOB;
    }
    if (t instanceof DateType) {
      return io.quiver.client.DataType.DATE;
    }
    if (t instanceof TimestampType || t instanceof TimestampNTZType) {
      return io.quiver.client.DataType.TIMESTAMP;
    }
    return null;
  }

  /** Why a Spark type is refused, for the error message. */
  public static String refusal(DataType t) {
    if (t instanceof DecimalType) {
      return "IoTDB has no decimal type; cast it to double (or string) first";
    }
    if (t instanceof ArrayType || t instanceof MapType || t instanceof StructType) {
      return "IoTDB columns hold single values; flatten it or serialise it to a string or binary first";
    }
    return "IoTDB cannot store it; cast it to one of boolean, int, long, float, double, string, binary, "
        + "date, timestamp";
  }

  /** The Spark type an IoTDB column is read as. */
  public static DataType toSpark(io.quiver.client.DataType t, boolean timeAsLong) {
    switch (t) {
      case BOOLEAN:
        return DataTypes.BooleanType;
      case INT32:
        return DataTypes.IntegerType;
      case INT64:
        return DataTypes.LongType;
      case FLOAT:
        return DataTypes.FloatType;
      case DOUBLE:
        return DataTypes.DoubleType;
      case TEXT:
      case STRING:
        return DataTypes.StringType;
      case BLOB:
        return DataTypes.BinaryType;
      case DATE:
        return DataTypes.DateType;
      case TIMESTAMP:
        return timeAsLong ? DataTypes.LongType : DataTypes.TimestampType;
      default:
        throw new IllegalArgumentException("no Spark type for IoTDB type " + t);
    }
  }
}
