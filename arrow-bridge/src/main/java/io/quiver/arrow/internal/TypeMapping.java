package io.quiver.arrow.internal;

import io.quiver.client.DataType;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.Types.MinorType;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Chooses, once per column, the IoTDB type and the encoder for an Arrow vector, or rejects a type
 * IoTDB cannot store; the mapping table is in {@link io.quiver.arrow.ArrowTablet}.
 */
final class TypeMapping {
  private static final String SUPPORTED = "supported are Bool, Int (8 to 64 bits, signed or"
      + " unsigned), FloatingPoint (single, double), Utf8, LargeUtf8, Utf8View, Binary, LargeBinary,"
      + " BinaryView, FixedSizeBinary, Date, Timestamp and dictionary-encoded Utf8 or Binary";

  private TypeMapping() {}

  /**
   * The encoder of a value column.
   *
   * @param text send STRING values as TEXT
   * @param dictionaries the dictionaries of dictionary-encoded columns, or null
   * @throws io.quiver.client.InvalidBatchException naming the column and its Arrow type if IoTDB
   *     cannot store it
   */
  public static ColumnEncoder encoder(String table, FieldVector vector, int rows, boolean text,
      DictionaryProvider dictionaries) {
    Field field = vector.getField();
    String name = field.getName();
    DataType string = text ? DataType.TEXT : DataType.STRING;
    if (field.getDictionary() != null) {
      return dictionaryEncoder(table, vector, rows, string, dictionaries);
    }
    MinorType minor = vector.getMinorType();
    switch (minor) {
      case BIT:
        return new BooleanEncoder(table, name, vector, rows);
      case TINYINT:
        return new WideningEncoder(table, name, vector, rows, WideningEncoder.Source.INT8);
      case SMALLINT:
        return new WideningEncoder(table, name, vector, rows, WideningEncoder.Source.INT16);
      case UINT1:
        return new WideningEncoder(table, name, vector, rows, WideningEncoder.Source.UINT8);
      case UINT2:
        return new WideningEncoder(table, name, vector, rows, WideningEncoder.Source.UINT16);
      case UINT4:
        return new WideningEncoder(table, name, vector, rows, WideningEncoder.Source.UINT32);
      case INT:
        return new SwapEncoder(table, name, vector, rows, DataType.INT32);
      case BIGINT:
        return new SwapEncoder(table, name, vector, rows, DataType.INT64);
      case UINT8:
        return new UInt8Encoder(table, name, vector, rows);
      case FLOAT4:
        return new SwapEncoder(table, name, vector, rows, DataType.FLOAT);
      case FLOAT8:
        return new SwapEncoder(table, name, vector, rows, DataType.DOUBLE);
      case VARCHAR:
        return new VarWidthEncoder(table, name, vector, rows, string, false);
      case LARGEVARCHAR:
        return new VarWidthEncoder(table, name, vector, rows, string, true);
      case VIEWVARCHAR:
        return new ViewEncoder(table, name, vector, rows, string);
      case VARBINARY:
        return new VarWidthEncoder(table, name, vector, rows, DataType.BLOB, false);
      case LARGEVARBINARY:
        return new VarWidthEncoder(table, name, vector, rows, DataType.BLOB, true);
      case VIEWVARBINARY:
        return new ViewEncoder(table, name, vector, rows, DataType.BLOB);
      case FIXEDSIZEBINARY:
        return new FixedSizeBinaryEncoder(table, name, vector, rows,
            ((FixedSizeBinaryVector) vector).getByteWidth());
      case DATEDAY:
        return new DateEncoder(table, name, vector, rows, false);
      case DATEMILLI:
        return new DateEncoder(table, name, vector, rows, true);
      case TIMESTAMPSEC:
      case TIMESTAMPMILLI:
      case TIMESTAMPMICRO:
      case TIMESTAMPNANO:
      case TIMESTAMPSECTZ:
      case TIMESTAMPMILLITZ:
      case TIMESTAMPMICROTZ:
      case TIMESTAMPNANOTZ:
        return new TimestampEncoder(table, name, vector, rows,
            ((ArrowType.Timestamp) field.getType()).getUnit());
      default:
        throw Errors.invalid(table, name, -1, "its Arrow type " + field.getType()
            + " has no IoTDB equivalent; " + SUPPORTED);
    }
  }

  private static ColumnEncoder dictionaryEncoder(String table, FieldVector indices, int rows,
      DataType string, DictionaryProvider dictionaries) {
    String name = indices.getField().getName();
    DictionaryEncoding encoding = indices.getField().getDictionary();
    if (dictionaries == null) {
      throw Errors.invalid(table, name, -1, "it is dictionary-encoded (dictionary id "
          + encoding.getId() + "); pass the DictionaryProvider to the builder's dictionaries()");
    }
    Dictionary dictionary = dictionaries.lookup(encoding.getId());
    if (dictionary == null) {
      throw Errors.invalid(table, name, -1, "its dictionary id " + encoding.getId()
          + " is not in the DictionaryProvider given to the builder");
    }
    if (!(indices.getField().getType() instanceof ArrowType.Int)) {
      throw Errors.invalid(table, name, -1, "its dictionary indices are of the Arrow type "
          + indices.getField().getType() + "; dictionary indices must be integers");
    }
    ArrowType.Int indexType = (ArrowType.Int) indices.getField().getType();
    FieldVector values = dictionary.getVector();
    DataType type;
    boolean large;
    switch (values.getMinorType()) {
      case VARCHAR:
        type = string;
        large = false;
        break;
      case LARGEVARCHAR:
        type = string;
        large = true;
        break;
      case VARBINARY:
        type = DataType.BLOB;
        large = false;
        break;
      case LARGEVARBINARY:
        type = DataType.BLOB;
        large = true;
        break;
      default:
        throw Errors.invalid(table, name, -1, "its dictionary (id " + encoding.getId()
            + ") holds values of the Arrow type " + values.getField().getType()
            + "; dictionaries of Utf8, LargeUtf8, Binary or LargeBinary are supported");
    }
    int nulls = values.getNullCount();
    if (nulls > 0) {
      throw Errors.invalid(table, name, -1, "its dictionary (id " + encoding.getId() + ") holds "
          + nulls + " null entries; mark null rows in the index vector's validity instead");
    }
    return new DictionaryEncoder(table, name, indices, rows, type, indexType.getBitWidth() / 8,
        indexType.getIsSigned(), values, large);
  }

  /**
   * The time column: a Timestamp vector of any unit, with or without a zone, or an Int64 vector
   * already in the server's precision.
   *
   * @throws io.quiver.client.InvalidBatchException naming the column and its Arrow type otherwise
   */
  public static TimeColumn timeColumn(String table, FieldVector vector, int rows) {
    Field field = vector.getField();
    if (field.getDictionary() == null) {
      if (field.getType() instanceof ArrowType.Timestamp) {
        return new TimeColumn(table, field.getName(), vector, rows,
            ((ArrowType.Timestamp) field.getType()).getUnit());
      }
      if (vector.getMinorType() == MinorType.BIGINT) {
        return new TimeColumn(table, field.getName(), vector, rows, null);
      }
    }
    throw Errors.invalid(table, field.getName(), -1, "it is the time column but has the Arrow type "
        + field.getType() + (field.getDictionary() != null ? " (dictionary-encoded)" : "")
        + "; the time column must be a Timestamp (any unit) or an Int64 in the server's precision");
  }
}
