package io.quiver.arrow.internal;

import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow schema of a query result: one nullable field per output column, named as the server
 * names it, typed by the column's IoTDB type (the table is in {@link io.quiver.arrow.ArrowQuery}),
 * with the IoTDB type name kept in the field metadata under {@value #IOTDB_TYPE} (so TEXT and
 * STRING, both Utf8, stay apart).
 */
public final class ResultSchema {
  /** The field metadata key holding the column's IoTDB type name ("STRING", "TEXT", ...). */
  public static final String IOTDB_TYPE = "iotdb.type";

  private ResultSchema() {}

  /** The schema of a result with these columns. */
  public static Schema of(List<String> names, List<DataType> types, TimePrecision precision, ZoneId zone) {
    return of(names, types, precision, zone, false);
  }

  /**
   * As {@link #of(List, List, TimePrecision, ZoneId)}, but TIMESTAMP columns are
   * Timestamp(MICROSECOND, "UTC") whatever the server's precision (the unit and zone Spark's {@code
   * ArrowColumnVector} reads).
   */
  public static Schema ofMicrosUtc(List<String> names, List<DataType> types) {
    return of(names, types, TimePrecision.MICROSECONDS, ZoneOffset.UTC, true);
  }

  private static Schema of(List<String> names, List<DataType> types, TimePrecision precision, ZoneId zone,
      boolean microsUtc) {
    List<Field> fields = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      ArrowType type = microsUtc && types.get(i) == DataType.TIMESTAMP
          ? new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")
          : arrowType(types.get(i), precision, zone);
      fields.add(new Field(names.get(i),
          new FieldType(true, type, null, Map.of(IOTDB_TYPE, types.get(i).name())), null));
    }
    return new Schema(fields);
  }

  /** The Arrow type a column of IoTDB type {@code type} is read as. */
  public static ArrowType arrowType(DataType type, TimePrecision precision, ZoneId zone) {
    switch (type) {
      case BOOLEAN:
        return ArrowType.Bool.INSTANCE;
      case INT32:
        return new ArrowType.Int(32, true);
      case INT64:
        return new ArrowType.Int(64, true);
      case FLOAT:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case TEXT:
      case STRING:
        return ArrowType.Utf8.INSTANCE;
      case BLOB:
        return ArrowType.Binary.INSTANCE;
      case DATE:
        return new ArrowType.Date(DateUnit.DAY);
      case TIMESTAMP:
        return new ArrowType.Timestamp(timeUnit(precision), arrowZone(zone));
      default:
        throw new IllegalArgumentException("no Arrow type for IoTDB type " + type);
    }
  }

  static TimeUnit timeUnit(TimePrecision precision) {
    switch (precision) {
      case MILLISECONDS:
        return TimeUnit.MILLISECOND;
      case MICROSECONDS:
        return TimeUnit.MICROSECOND;
      default:
        return TimeUnit.NANOSECOND;
    }
  }

  /**
   * The zone as Arrow spells it: a region id ("Asia/Shanghai") as it is, a fixed offset as
   * "+HH:MM", also under a prefix such as "UTC+08:00" (Java writes UTC as "Z", which not every
   * Arrow reader takes).
   */
  public static String arrowZone(ZoneId zone) {
    if (zone.getId().matches("(UTC|GMT|UT)[+-].*")) {
      zone = zone.normalized(); // "UTC+8" (ZoneId "UTC+08:00"): a fixed offset, which Arrow spells +08:00
    }
    if (zone instanceof ZoneOffset) {
      ZoneOffset offset = (ZoneOffset) zone;
      return offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId();
    }
    return zone.getId();
  }
}
