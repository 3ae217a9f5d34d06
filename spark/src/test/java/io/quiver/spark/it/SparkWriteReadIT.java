package io.quiver.spark.it;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.it.support.Databases;
import io.quiver.spark.internal.QueryLog;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.iotdb.isession.ITableSession;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector at scale and at its edges, embedded Spark ({@code local[2,4]}) against the test
 * IoTDB: a 1,000,000-row write (100 devices) read back exactly by the official client, a repeated
 * write and a write whose task fails once, reads with 1 and 4 partitions, what a filtered read
 * asks the server, and bad input refused before any row is written.
 */
class SparkWriteReadIT {
  private static final String DB = "spark_it";
  private static final long ROWS = 1_000_000;
  private static final int DEVICES = 100;
  private static final long T0 = 1_700_000_000_000L;
  private static SparkSession spark;
  private static Dataset<Row> source;
  private static Map<String, long[]> expected;

  @BeforeAll
  static void writeTheMillionRows() {
    spark = SparkTestSession.get();
    Databases.recreate(DB);
    source = spark.range(0, ROWS, 1, 4)
        .select(timestamp_millis(col("id").plus(T0)).as("time"),
            concat(lit("d"), col("id").mod(DEVICES).cast("string")).as("device"),
            col("id").as("n"), col("id").multiply(0.5).as("v"));
    expected = new TreeMap<>();
    for (Row r : source.groupBy("device").agg(count("*"), sum("n")).collectAsList()) {
      expected.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)});
    }
    writer(source, "big").option("tags", "device").save(); // errorifexists: creates the table
  }

  @AfterAll
  static void tearDown() {
    Databases.drop(DB);
  }

  private static DataFrameWriter<Row> writer(Dataset<Row> df, String table) {
    return df.write().format("quiver").option("url", SparkTestSession.url()).option("database", DB)
        .option("table", table);
  }

  private static DataFrameReader reader(String table) {
    return spark.read().format("quiver").option("url", SparkTestSession.url()).option("database", DB)
        .option("table", table);
  }

  /** count(*) and sum(n) per device, as the official client reads them. */
  private static Map<String, long[]> perDevice(String table) throws Exception {
    Map<String, long[]> out = new TreeMap<>();
    try (ITableSession official = Databases.official(DB);
        org.apache.iotdb.isession.SessionDataSet rs = official.executeQueryStatement(
            "SELECT device, count(*), sum(n) FROM " + table + " GROUP BY device")) {
      org.apache.iotdb.isession.SessionDataSet.DataIterator it = rs.iterator();
      while (it.next()) {
        out.put(it.getString(1), new long[] {it.getLong(2), (long) it.getDouble(3)});
      }
    }
    return out;
  }

  private static void assertExact(String table) throws Exception {
    Map<String, long[]> got = perDevice(table);
    assertEquals(expected.keySet(), got.keySet(), table + ": devices");
    long total = 0;
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      long[] g = got.get(e.getKey());
      assertEquals(e.getValue()[0], g[0], table + " " + e.getKey() + ": rows");
      assertEquals(e.getValue()[1], g[1], table + " " + e.getKey() + ": sum(n)");
      total += g[0];
    }
    assertEquals(ROWS, total, table + ": rows");
  }

  @Test
  void aMillionRowsArriveExactlyAndAWriteRepeatedLeavesTheSameTable() throws Exception {
    assertExact("big");
    writer(source, "big").mode("append").save();
    assertExact("big");
  }

  @Test
  void encodedInsertsOneInFlightAtATimeArriveExactly() throws Exception {
    // The other writes pipeline (the default, 2 in flight); this one waits for each answer.
    writer(source, "one_in_flight").option("tags", "device").option("batchRows", "20000")
        .option("maxInFlightInserts", "1").option("encodeInserts", "true").save();
    assertExact("one_in_flight");
  }

  @Test
  void aTaskThatFailsOnceAndIsRetriedLeavesAnExactTable() throws Exception {
    writer(source, "retried").option("tags", "device").option("batchRows", "50000")
        .option("testFailFirstAttemptAfterRows", "100000").save();
    assertExact("retried");
  }

  @Test
  void readsWithOneAndFourPartitionsReturnTheSameRows() {
    Dataset<Row> one = reader("big").load();
    Dataset<Row> four = reader("big").option("partitions", "4").load();
    assertEquals(1, one.javaRDD().getNumPartitions());
    assertEquals(4, four.javaRDD().getNumPartitions());
    assertEquals(ROWS, one.count());
    assertEquals(ROWS, four.count());
    assertEquals(0, one.exceptAll(four).count());
    assertEquals(0, four.exceptAll(one).count());
    assertEquals(0, four.exceptAll(source).count(), "the rows read are the rows written");
  }

  @Test
  void readsSplitByDeviceKeepEachDeviceInOnePartitionAndReadEveryRow() {
    Dataset<Row> byDevice = reader("big").option("partitions", "4").option("partitionBy", "device").load();
    assertEquals(4, byDevice.javaRDD().getNumPartitions());
    List<Row> perDevice = byDevice.withColumn("task", org.apache.spark.sql.functions.spark_partition_id())
        .groupBy("device").agg(count("*"), sum("n"), org.apache.spark.sql.functions.countDistinct(col("task")))
        .collectAsList();
    assertEquals(DEVICES, perDevice.size());
    for (Row r : perDevice) {
      long[] want = expected.get(r.getString(0));
      assertEquals(want[0], r.getLong(1), "count of " + r.getString(0));
      assertEquals(want[1], r.getLong(2), "sum(n) of " + r.getString(0));
      assertEquals(1L, r.getLong(3), r.getString(0) + " is read by one partition");
    }
    Exception e = assertThrows(Exception.class, () -> reader("big").option("partitions", "2")
        .option("partitionBy", "v").load().count());
    assertTrue(messageChain(e).contains("'partitionBy' is 'v'"), messageChain(e));
  }

  @Test
  void timeAndTagFiltersPruningAndLimitArePushedToTheServer() {
    List<String> sent = new CopyOnWriteArrayList<>();
    Consumer<String> listener = sent::add;
    QueryLog.addListener(listener);
    try {
      Timestamp from = new Timestamp(T0 + 1_000);
      Timestamp to = new Timestamp(T0 + 5_000);
      Dataset<Row> filtered = reader("big").option("partitions", "2").load()
          .where(col("time").geq(from).and(col("time").lt(to)).and(col("device").isin("d1", "d2")))
          .select("n");
      String plan = filtered.queryExecution().executedPlan().toString();
      String where = "WHERE \"time\" >= " + (T0 + 1_000) + " AND \"time\" < " + (T0 + 5_000)
          + " AND \"device\" IN ('d1', 'd2')";
      assertTrue(plan.contains("QuiverScan") && plan.contains("SELECT \"n\" FROM \"big\" " + where), plan);
      assertTrue(plan.contains("ColumnarToRow"), "a columnar scan: " + plan);
      long want = source.where(col("time").geq(from).and(col("time").lt(to)).and(col("device").isin("d1", "d2")))
          .count();
      assertEquals(80, want);
      assertEquals(want, filtered.collectAsList().size()); // rows of "n" (a count() would read no column)
      assertTrue(sent.stream().anyMatch(s -> s.startsWith("SELECT \"n\" FROM \"big\" WHERE") && s.contains(
          "\"device\" IN ('d1', 'd2')")), "sent: " + sent);

      sent.clear();
      List<Row> seven = reader("big").load().select("device", "v").limit(7).collectAsList();
      assertEquals(7, seven.size());
      assertTrue(sent.stream().anyMatch(s -> s.equals("SELECT \"device\", \"v\" FROM \"big\" LIMIT 7")),
          "sent: " + sent);
    } finally {
      QueryLog.removeListener(listener);
    }
  }

  private static String messageChain(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }

  private static List<String> tables() {
    List<String> names = new ArrayList<>();
    try (TableSession s = Databases.quiver(DB); SessionDataSet rows = s.executeQueryStatement("SHOW TABLES")) {
      while (rows.next()) {
        names.add(rows.getString(0));
      }
    }
    return names;
  }

  @Test
  void badInputFailsBeforeAnyRowIsWritten() {
    Dataset<Row> withDecimal = source.limit(10).withColumn("price", col("v").cast(DataTypes.createDecimalType(10, 2)));
    Exception e = assertThrows(Exception.class, () -> writer(withDecimal, "bad_type").option("tags", "device").save());
    assertTrue(messageChain(e).contains("column 'price'") && messageChain(e).contains("decimal"), messageChain(e));

    e = assertThrows(Exception.class, () -> writer(source.limit(10), "missing").mode("append").save());
    assertTrue(messageChain(e).contains("'missing' does not exist"), messageChain(e));

    e = assertThrows(Exception.class, () -> writer(source.limit(10), "bad_password").option("tags", "device")
        .option("password", "wrong").save());
    boolean authentication = false;
    for (Throwable c = e; c != null; c = c.getCause()) {
      authentication |= c instanceof io.quiver.client.AuthenticationException;
    }
    assertTrue(authentication, messageChain(e));

    e = assertThrows(Exception.class, () -> writer(source.limit(10), "big").save());
    assertTrue(messageChain(e).contains("already exists"), messageChain(e));

    List<String> tables = tables();
    for (String t : List.of("bad_type", "missing", "bad_password")) {
      assertTrue(!tables.contains(t), t + " was created: " + tables);
    }
  }
}
