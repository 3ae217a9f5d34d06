package io.quiver.arrow.internal;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.InvalidBatchException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/**
 * Checks a root against an {@code ArrowTablet}'s settings, once, and maps each column to its
 * encoder: the time column found, names unique regardless of case, every named column present,
 * TAG, ATTRIBUTE and TEXT columns holding strings, every vector as long as the root. Reads no
 * values.
 */
final class SchemaCheck {
  private final String tableName;
  private final VectorSchemaRoot root;
  private final Map<String, ColumnCategory> categories;
  private final Map<String, String> spelling;
  private final List<String> textColumns;

  SchemaCheck(String tableName, VectorSchemaRoot root, Map<String, ColumnCategory> categories,
      Map<String, String> spelling, List<String> textColumns) {
    this.tableName = tableName;
    this.root = root;
    this.categories = categories;
    this.spelling = spelling;
    this.textColumns = textColumns;
  }

  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  ArrowColumns check(String timeColumn, boolean allText, DictionaryProvider dictionaries) {
    if (tableName == null || tableName.isBlank()) {
      throw new InvalidBatchException("ArrowTablet: the table name is empty", null, -1);
    }
    if (root == null) {
      throw Errors.invalid(tableName, null, -1, "the VectorSchemaRoot is null");
    }
    if (!MemoryUtil.LITTLE_ENDIAN) {
      throw new UnsupportedOperationException(
          "ArrowTablet reads Arrow memory as little-endian and this platform is big-endian");
    }
    int rows = root.getRowCount();
    List<FieldVector> vectors = root.getFieldVectors();
    Map<String, FieldVector> byKey = indexByName(vectors, rows);

    String timeKey = key(timeColumn == null ? "time" : timeColumn);
    FieldVector timeVector = byKey.get(timeKey);
    if (timeVector == null) {
      throw Errors.invalid(tableName, timeColumn == null ? "time" : timeColumn, -1,
          "there is no such time column among " + names(vectors)
              + (timeColumn == null ? "; name the time column with time(\"...\")" : ""));
    }
    if (containsKey(textColumns, timeKey)) {
      throw Errors.invalid(tableName, timeVector.getField().getName(), -1, "it is the time column"
          + " and cannot also be sent as TEXT");
    }
    if (categories.containsKey(timeKey)) {
      throw Errors.invalid(tableName, timeVector.getField().getName(), -1, "it is the time column"
          + " and cannot also be a " + categories.get(timeKey));
    }
    checkNamed(byKey, categories.keySet(), "a category");
    checkNamed(byKey, textColumns, "asText");

    TimeColumn time = TypeMapping.timeColumn(tableName, timeVector, rows);
    List<ColumnEncoder> columns = new ArrayList<>(vectors.size());
    List<ColumnCategory> cats = new ArrayList<>(vectors.size());
    for (FieldVector v : vectors) {
      if (v == timeVector) {
        continue;
      }
      String name = v.getField().getName();
      String key = key(name);
      if (key.equals("time")) {
        throw Errors.invalid(tableName, name, -1, "the column '" + time.name()
            + "' is the time column, and IoTDB reserves the name 'time' for it; rename this one");
      }
      boolean text = allText || containsKey(textColumns, key);
      ColumnEncoder encoder = TypeMapping.encoder(tableName, v, rows, text, dictionaries);
      DataType type = encoder.dataType();
      boolean stringType = type == DataType.STRING || type == DataType.TEXT;
      if (text && !stringType && !allText) {
        throw Errors.invalid(tableName, name, -1, "asText() was asked but its Arrow type "
            + v.getField().getType() + " maps to " + type + ", not STRING");
      }
      ColumnCategory category = categories.getOrDefault(key, ColumnCategory.FIELD);
      if (category != ColumnCategory.FIELD && !stringType) {
        throw Errors.invalid(tableName, name, -1, "it is a " + category + " but its Arrow type "
            + v.getField().getType() + " maps to " + type + "; TAG and ATTRIBUTE columns must"
            + " hold strings (Utf8, LargeUtf8, Utf8View or dictionary-encoded Utf8)");
      }
      columns.add(encoder);
      cats.add(category);
    }
    return new ArrowColumns(rows, time, columns.toArray(new ColumnEncoder[0]),
        cats.toArray(new ColumnCategory[0]));
  }

  private Map<String, FieldVector> indexByName(List<FieldVector> vectors, int rows) {
    Map<String, FieldVector> byKey = new HashMap<>();
    for (FieldVector v : vectors) {
      String name = v.getField().getName();
      if (name == null || name.isBlank()) {
        throw Errors.invalid(tableName, null, -1, "a column of the root has an empty name");
      }
      FieldVector before = byKey.putIfAbsent(key(name), v);
      if (before != null) {
        throw Errors.invalid(tableName, name, -1, "the root also has the column '"
            + before.getField().getName() + "'; IoTDB names are case-insensitive, so rename one");
      }
      if (v.getValueCount() != rows) {
        throw Errors.invalid(tableName, name, -1, "the vector holds " + v.getValueCount()
            + " values but the root has " + rows + " rows; call root.setRowCount(n) after"
            + " filling the vectors");
      }
    }
    return byKey;
  }

  private void checkNamed(Map<String, FieldVector> byKey, Iterable<String> named, String what) {
    for (String n : named) {
      if (!byKey.containsKey(key(n))) {
        String shown = spelling.getOrDefault(key(n), n);
        throw Errors.invalid(tableName, shown, -1, "it is given " + what
            + " but the root has no such column; its columns are " + names(root.getFieldVectors()));
      }
    }
  }

  private static boolean containsKey(List<String> names, String key) {
    for (String n : names) {
      if (key(n).equals(key)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> names(List<FieldVector> vectors) {
    List<String> names = new ArrayList<>(vectors.size());
    for (FieldVector v : vectors) {
      names.add(v.getField().getName());
    }
    return names;
  }
}
