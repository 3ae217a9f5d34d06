package io.quiver.spark.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ScanPlanTest {
  private static final TableInfo TABLE = new TableInfo("t", "time", List.of(
      new TableInfo.Column("region", DataType.STRING, ColumnCategory.TAG),
      new TableInfo.Column("model", DataType.STRING, ColumnCategory.ATTRIBUTE),
      new TableInfo.Column("temp", DataType.DOUBLE, ColumnCategory.FIELD)));

  private static ScanPlan plan() {
    return new ScanPlan(TABLE, TimePrecision.MILLISECONDS, false);
  }

  @Test
  void aFullScanSelectsEveryColumnWithoutConditions() {
    assertEquals("SELECT \"time\", \"region\", \"model\", \"temp\" FROM \"t\"", plan().sql(TimeRange.ALL));
  }

  @Test
  void timeAndTagFiltersGoToTheServerAndTheRestStaysWithSpark() {
    ScanPlan p = plan();
    Filter other = new GreaterThan("temp", 1.0);
    Filter notNull = new IsNotNull("temp");
    Filter onAttribute = new EqualTo("model", "m1");
    Filter[] rest = p.push(new Filter[] {new IsNotNull("time"), new IsNotNull("region"),
        new GreaterThanOrEqual("time", Timestamp.from(Instant.ofEpochMilli(1_000))),
        new LessThan("time", Instant.ofEpochMilli(2_000)),
        new In("region", new Object[] {"north", "south"}), other, notNull, onAttribute});
    assertArrayEquals(new Filter[] {other, notNull, onAttribute}, rest);
    assertEquals(5, p.pushed().length, "the IS NOT NULLs of time and of a tag with a condition are implied");
    p.prune(new StructType().add("temp", DataTypes.DoubleType));
    p.limit(10);
    assertEquals("SELECT \"temp\" FROM \"t\" WHERE \"time\" >= 1000 AND \"time\" < 2000 AND \"region\" IN "
        + "('north', 'south') LIMIT 10", p.sql(p.time()));
    assertEquals("SELECT min(\"time\"), max(\"time\") FROM \"t\" WHERE \"time\" >= 1000 AND \"time\" < 2000 "
        + "AND \"region\" IN ('north', 'south')", p.boundsSql());
  }

  @Test
  void conditionsOnOneTagIntersectAndQuotesAreEscaped() {
    ScanPlan p = plan();
    p.push(new Filter[] {new In("region", new Object[] {"a'b", "c"}), new EqualTo("region", "a'b")});
    assertTrue(p.sql(p.time()).endsWith("WHERE \"region\" = 'a''b'"), p.sql(p.time()));
    p.push(new Filter[] {new EqualTo("region", "zzz")});
    assertTrue(p.matchesNothing());
  }

  @Test
  void contradictoryTimeFiltersMatchNothing() {
    ScanPlan p = plan();
    p.push(new Filter[] {new GreaterThan("time", Instant.ofEpochMilli(5)),
        new LessThan("time", Instant.ofEpochMilli(5))});
    assertTrue(p.matchesNothing());
  }

  @Test
  void anEmptyProjectionStillSelectsTheTimeColumn() {
    ScanPlan p = plan();
    p.prune(new StructType());
    assertEquals("SELECT \"time\" FROM \"t\"", p.sql(TimeRange.ALL));
  }

  @Test
  void withTimeAsLongOnlyLongBoundsArePushed() {
    ScanPlan p = new ScanPlan(TABLE, TimePrecision.MILLISECONDS, true);
    Filter ts = new GreaterThan("time", Instant.ofEpochMilli(5));
    assertArrayEquals(new Filter[] {ts}, p.push(new Filter[] {new GreaterThan("time", 7L), ts}));
    assertEquals(new TimeRange(8, Long.MAX_VALUE), p.time());
  }

  @Test
  void devicePartitionsCoverEveryValueOnceWithTheNullDevicesInTheLast() {
    List<String> values = new java.util.ArrayList<>(List.of("d3", "d1", "d2", "d4", "d5"));
    values.add(null);
    List<String> groups = ScanPlan.deviceConditions("region", values, 3);
    assertEquals(List.of("\"region\" IN ('d1', 'd4')", "\"region\" IN ('d2', 'd5')",
        "(\"region\" = 'd3' OR \"region\" IS NULL)"), groups);
    assertEquals(List.of("\"region\" = 'a'"), ScanPlan.deviceConditions("region", List.of("a", "a"), 4),
        "no more partitions than devices");
    ScanPlan p = plan();
    p.push(new Filter[] {new EqualTo("region", "d1")});
    assertEquals("SELECT \"time\", \"region\", \"model\", \"temp\" FROM \"t\" WHERE \"region\" IN "
        + "('d1', 'd4') AND \"region\" = 'd1'", p.sql(p.time(), groups.get(0)));
  }

  @Test
  void partitionByNamesATagOrTakesTheFirstForDevice() {
    assertEquals("region", plan().partitionTag("device"));
    assertEquals("region", plan().partitionTag("REGION"));
    String m = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> plan().partitionTag("model")).getMessage();
    assertTrue(m.contains("'partitionBy'") && m.contains("[region]"), m);
    TableInfo noTags = new TableInfo("n", "time", List.of(new TableInfo.Column("v", DataType.DOUBLE,
        ColumnCategory.FIELD)));
    assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new ScanPlan(noTags, TimePrecision.MILLISECONDS, false).partitionTag("device")).getMessage()
        .contains("no TAG column"));
  }
}
