package io.quiver.spark.internal;

import io.quiver.client.ColumnCategory;
import io.quiver.client.TimePrecision;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What a read asks the server: the columns (pruned), the time range and the TAG conditions Spark
 * pushed, and a limit; {@link #sql(TimeRange)} writes the statement of one partition. Filters
 * taken here are evaluated by the server exactly (time comparisons, {@code tag = 'v'}, {@code tag
 * IN (...)}), so Spark does not evaluate them again; any other filter stays with Spark.
 */
public final class ScanPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TableInfo table;
  private final TimePrecision precision;
  private final boolean timeAsLong;
  private StructType columns;
  private TimeRange time = TimeRange.ALL;
  /** TAG column -> the values it may take (a conjunction of IN lists, intersected). */
  private final Map<String, Set<String>> tags = new LinkedHashMap<>();
  private final List<Filter> pushed = new ArrayList<>();
  private int limit = -1;

  public ScanPlan(TableInfo table, TimePrecision precision, boolean timeAsLong) {
    this.table = table;
    this.precision = precision;
    this.timeAsLong = timeAsLong;
    this.columns = table.sparkSchema(timeAsLong);
  }

  /** Takes the filters the server can evaluate; returns those Spark must still evaluate. */
  public Filter[] push(Filter[] filters) {
    List<Filter> rest = new ArrayList<>();
    for (Filter f : filters) {
      if (pushTime(f) || pushTag(f)) {
        pushed.add(f);
      } else {
        rest.add(f);
      }
    }
    // IS NOT NULL holds by itself for the time column, and for a TAG that has a condition here
    // (NULL = 'v' and NULL IN (...) are not true): Spark adds these, and keeping them would make it
    // read the columns they name
    List<Filter> left = new ArrayList<>();
    for (Filter f : rest) {
      if (f instanceof IsNotNull n && (n.attribute().equalsIgnoreCase(table.timeColumn())
          || (table.column(n.attribute()) != null && tags.containsKey(table.column(n.attribute()).name())))) {
        pushed.add(f);
      } else {
        left.add(f);
      }
    }
    return left.toArray(new Filter[0]);
  }

  private boolean pushTime(Filter f) {
    String attribute;
    Object value;
    String op;
    if (f instanceof GreaterThan g) {
      attribute = g.attribute();
      value = g.value();
      op = ">";
    } else if (f instanceof GreaterThanOrEqual g) {
      attribute = g.attribute();
      value = g.value();
      op = ">=";
    } else if (f instanceof LessThan l) {
      attribute = l.attribute();
      value = l.value();
      op = "<";
    } else if (f instanceof LessThanOrEqual l) {
      attribute = l.attribute();
      value = l.value();
      op = "<=";
    } else if (f instanceof EqualTo e) {
      attribute = e.attribute();
      value = e.value();
      op = "=";
    } else {
      return false;
    }
    if (!attribute.equalsIgnoreCase(table.timeColumn())) {
      return false;
    }
    TimeRange r;
    if (timeAsLong && value instanceof Long v) {
      r = TimeRange.ofCount(op, v);
    } else if (!timeAsLong && (value instanceof Timestamp || value instanceof Instant)) {
      Instant i = value instanceof Timestamp t ? t.toInstant() : (Instant) value;
      long micros = Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000);
      r = switch (op) {
        case ">" -> TimeRange.aboveMicros(micros, precision);
        case ">=" -> TimeRange.atLeastMicros(micros, precision);
        case "<" -> TimeRange.belowMicros(micros, precision);
        case "<=" -> TimeRange.atMostMicros(micros, precision);
        default -> TimeRange.equalMicros(micros, precision);
      };
    } else {
      return false;
    }
    time = time.intersect(r);
    return true;
  }

  private boolean pushTag(Filter f) {
    String attribute;
    Object[] values;
    if (f instanceof EqualTo e) {
      attribute = e.attribute();
      values = new Object[] {e.value()};
    } else if (f instanceof In in) {
      attribute = in.attribute();
      values = in.values();
    } else {
      return false;
    }
    TableInfo.Column c = table.column(attribute);
    if (c == null || c.category() != ColumnCategory.TAG) {
      return false;
    }
    Set<String> set = new LinkedHashSet<>();
    for (Object v : values) {
      if (!(v instanceof String s)) {
        return false;
      }
      set.add(s);
    }
    tags.merge(c.name(), set, (a, b) -> {
      Set<String> both = new LinkedHashSet<>(a);
      both.retainAll(b);
      return both;
    });
    return true;
  }

  public Filter[] pushed() {
    return pushed.toArray(new Filter[0]);
  }

  public void prune(StructType required) {
    this.columns = required;
  }

  public void limit(int limit) {
    this.limit = limit;
  }

  public StructType columns() {
    return columns;
  }

  public TimeRange time() {
    return time;
  }

  public TableInfo table() {
    return table;
  }

  public boolean timeAsLong() {
    return timeAsLong;
  }

  /** True when the pushed filters exclude every row (no query is needed). */
  public boolean matchesNothing() {
    return time.isEmpty() || tags.values().stream().anyMatch(Set::isEmpty);
  }

  /** The conditions other than time, or null. */
  String tagSql() {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : tags.entrySet()) {
      List<String> literals = new ArrayList<>();
      e.getValue().forEach(v -> literals.add(Sql.literal(v)));
      parts.add(Sql.quote(e.getKey()) + (literals.size() == 1 ? " = " + literals.get(0)
          : " IN (" + String.join(", ", literals) + ")"));
    }
    return parts.isEmpty() ? null : String.join(" AND ", parts);
  }

  /** The WHERE clause (with its keyword) for this time range, or "". */
  String where(TimeRange range) {
    return where(range, null);
  }

  /** The WHERE clause for this time range and a further condition (or null), or "". */
  String where(TimeRange range, String condition) {
    List<String> parts = new ArrayList<>();
    if (condition != null) {
      parts.add(condition);
    }
    String t = range.sql(Sql.quote(table.timeColumn()));
    if (t != null) {
      parts.add(t);
    }
    String g = tagSql();
    if (g != null) {
      parts.add(g);
    }
    return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
  }

  /** The statement that reads one partition: the pruned columns (the time column if none). */
  public String sql(TimeRange range) {
    return sql(range, null);
  }

  /**
   * The statement that reads the rows of one partition: those in {@code range} that also meet
   * {@code condition} (a device partition's, see {@link #deviceCondition}; null for none).
   */
  public String sql(TimeRange range, String condition) {
    List<String> names = new ArrayList<>();
    for (StructField f : columns.fields()) {
      names.add(Sql.quote(f.name()));
    }
    if (names.isEmpty()) {
      names.add(Sql.quote(table.timeColumn()));
    }
    return "SELECT " + String.join(", ", names) + " FROM " + Sql.quote(table.table()) + where(range, condition)
        + (limit >= 0 ? " LIMIT " + limit : "");
  }

  /**
   * The TAG column a device-partitioned read splits on: {@code device} names the table's first
   * TAG, anything else must name one of its TAGs.
   *
   * @throws IllegalArgumentException naming the option if there is no such TAG
   */
  public String partitionTag(String partitionBy) {
    List<TableInfo.Column> tagColumns = new ArrayList<>();
    for (TableInfo.Column c : table.columns()) {
      if (c.category() == ColumnCategory.TAG) {
        tagColumns.add(c);
      }
    }
    if (partitionBy.equalsIgnoreCase("device")) {
      if (tagColumns.isEmpty()) {
        throw new IllegalArgumentException("quiver: option partitionBy=device, but table '" + table.table()
            + "' has no TAG column; use partitionBy=time");
      }
      return tagColumns.get(0).name();
    }
    TableInfo.Column c = table.column(partitionBy);
    if (c == null || c.category() != ColumnCategory.TAG) {
      List<String> names = new ArrayList<>();
      tagColumns.forEach(t -> names.add(t.name()));
      throw new IllegalArgumentException("quiver: option 'partitionBy' is '" + partitionBy + "'; use time, device "
          + "or a TAG column of table '" + table.table() + "' (its TAGs: " + names + ")");
    }
    return c.name();
  }

  /**
   * Splits the values {@code values} of TAG {@code tag} (null: the devices without it) into at
   * most {@code n} groups of about equal size, and gives each group's condition: every device
   * falls in exactly one. Values are dealt round-robin in their sorted order.
   */
  public static List<String> deviceConditions(String tag, List<String> values, int n) {
    List<String> sorted = new ArrayList<>(new java.util.TreeSet<>(values.stream()
        .filter(java.util.Objects::nonNull).toList()));
    boolean nulls = values.stream().anyMatch(java.util.Objects::isNull);
    int groups = Math.max(1, Math.min(n, sorted.size() + (nulls ? 1 : 0)));
    List<List<String>> split = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      split.add(new ArrayList<>());
    }
    for (int i = 0; i < sorted.size(); i++) {
      split.get(i % groups).add(sorted.get(i));
    }
    List<String> out = new ArrayList<>();
    String column = Sql.quote(tag);
    for (int g = 0; g < groups; g++) {
      List<String> parts = new ArrayList<>();
      List<String> literals = new ArrayList<>();
      split.get(g).forEach(v -> literals.add(Sql.literal(v)));
      if (!literals.isEmpty()) {
        parts.add(literals.size() == 1 ? column + " = " + literals.get(0)
            : column + " IN (" + String.join(", ", literals) + ")");
      }
      if (nulls && g == groups - 1) {
        parts.add(column + " IS NULL");
      }
      if (parts.isEmpty()) {
        continue;
      }
      out.add(parts.size() == 1 ? parts.get(0) : "(" + String.join(" OR ", parts) + ")");
    }
    return out;
  }

  /** The statement listing the table's devices (metadata only: no rows are read). */
  public String devicesSql() {
    return "SHOW DEVICES FROM " + Sql.quote(table.table());
  }

  /** The statement that finds the bounds of the rows this scan reads. */
  public String boundsSql() {
    String t = Sql.quote(table.timeColumn());
    return "SELECT min(" + t + "), max(" + t + ") FROM " + Sql.quote(table.table()) + where(time);
  }
}
