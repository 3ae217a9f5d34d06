package io.quiver.cli.load;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.InvalidBatchException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * What each column of the file becomes in IoTDB: the time column, and for every other column its
 * category and the IoTDB type it is sent as. It is found by building an {@link ArrowTablet} over
 * the file's still empty root, so the mapping and its checks are exactly the ones every batch will
 * get (see the type table in {@link ArrowTablet}); nothing is read from the file's rows.
 *
 * @param timeColumn the time column's name as the file spells it
 * @param timeArrowType the time column's Arrow type, for messages
 * @param columns the other columns, in the file's order
 */
record ColumnPlan(String timeColumn, String timeArrowType, List<Column> columns) {

  /**
   * A column besides the time.
   *
   * @param name the name as the file spells it
   * @param arrowType the Arrow type, for messages ("Utf8 (dictionary-encoded)" for a dictionary)
   * @param type the IoTDB type it is sent as
   * @param category TAG, ATTRIBUTE or FIELD
   */
  record Column(String name, String arrowType, DataType type, ColumnCategory category) {}

  /**
   * Plans the columns of the source's schema for the options' time column, tags and attributes.
   *
   * @throws LoadException naming the column, for a time, tag or attribute column the file does not
   *     have, and for every check of {@link ArrowTablet.Builder#build()} (an unsupported Arrow type,
   *     a TAG that does not hold strings, a time column of the wrong type, ...)
   */
  static ColumnPlan of(ArrowSource source, LoadOptions options) {
    VectorSchemaRoot root = source.root();
    List<String> names = new ArrayList<>();
    for (FieldVector v : root.getFieldVectors()) {
      names.add(v.getField().getName());
    }
    String where = source.path() + ": ";
    String time = find(names, options.timeColumn());
    if (time == null) {
      throw new LoadException(where + "there is no column '" + options.timeColumn()
          + "' to take the time from; name the time column with --time COLUMN (the file's columns: "
          + String.join(", ", names) + ")");
    }
    for (String t : options.tags()) {
      if (find(names, t) == null) {
        throw new LoadException(where + "--tags names the column '" + t + "', which the file does"
            + " not have; its columns are: " + String.join(", ", names));
      }
    }
    for (String a : options.attributes()) {
      if (find(names, a) == null) {
        throw new LoadException(where + "--attributes names the column '" + a + "', which the file"
            + " does not have; its columns are: " + String.join(", ", names));
      }
    }
    ArrowTablet tablet;
    try {
      tablet = builder(options.table(), root, source.dictionaries(), options).build();
    } catch (InvalidBatchException e) {
      throw new LoadException(where + "its columns cannot be loaded as they are: " + e.getMessage(), e);
    }
    List<Column> columns = new ArrayList<>(tablet.columnCount());
    for (int i = 0; i < tablet.columnCount(); i++) {
      String name = tablet.columnName(i);
      columns.add(new Column(name, arrowType(root.getVector(name).getField(), source.dictionaries()),
          tablet.dataType(i), tablet.category(i)));
    }
    Field timeField = root.getVector(time).getField();
    return new ColumnPlan(time, arrowType(timeField, source.dictionaries()), List.copyOf(columns));
  }

  /** The tablet builder for a root of the file: the table, time column and categories set. */
  static ArrowTablet.Builder builder(String table, VectorSchemaRoot root,
      DictionaryProvider dictionaries, LoadOptions options) {
    return ArrowTablet.builder(table, root)
        .time(options.timeColumn())
        .tag(options.tags().toArray(new String[0]))
        .attribute(options.attributes().toArray(new String[0]))
        .dictionaries(dictionaries);
  }

  /** The column of that name, ignoring case, or null. */
  Column column(String name) {
    for (Column c : columns) {
      if (c.name().equalsIgnoreCase(name)) {
        return c;
      }
    }
    return null;
  }

  private static String find(List<String> names, String wanted) {
    for (String n : names) {
      if (n.equalsIgnoreCase(wanted)) {
        return n;
      }
    }
    return null;
  }

  private static String arrowType(Field field, DictionaryProvider dictionaries) {
    DictionaryEncoding encoding = field.getDictionary();
    if (encoding == null) {
      return field.getType().toString();
    }
    Dictionary dictionary = dictionaries == null ? null : dictionaries.lookup(encoding.getId());
    String values = dictionary == null ? "?" : dictionary.getVector().getField().getType().toString();
    return values + " (dictionary-encoded)";
  }
}
