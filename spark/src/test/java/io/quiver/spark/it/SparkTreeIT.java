package io.quiver.spark.it;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.iotdb.isession.SessionDataSet;
import org.apache.iotdb.session.Session;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tree model through the connector, embedded Spark against the test IoTDB: a DataFrame with a
 * device column written to {@code root.spark_tree.*} devices (option {@code deviceColumn}), read
 * back by the official tree session and by a tree query through the connector (option {@code
 * query}); wrong input refused before any row is written.
 */
class SparkTreeIT {
  private static final String SG = "root.spark_tree";
  private static final long ROWS = 20_000;
  private static final int DEVICES = 10;
  private static final long T0 = 1_700_000_000_000L;
  private static SparkSession spark;
  private static Dataset<Row> source;

  @BeforeAll
  static void writeToDevices() throws Exception {
    spark = SparkTestSession.get();
    dropDatabase();
    source = spark.range(0, ROWS, 1, 2)
        .select(timestamp_millis(col("id").plus(T0)).as("time"),
            concat(lit("d"), col("id").mod(DEVICES).cast("string")).as("device"),
            col("id").multiply(0.5).as("s1"), concat(lit("v"), col("id").cast("string")).as("s2"),
            col("id").as("n"));
    source.write().format("quiver").option("url", SparkTestSession.url()).option("deviceColumn", "device")
        .option("prefix", SG).mode("append").save();
  }

  @AfterAll
  static void tearDown() throws Exception {
    dropDatabase();
  }

  private static Session official() throws Exception {
    String[] hostPort = SparkTestSession.url().split(":");
    Session s = new Session.Builder().host(hostPort[0]).port(Integer.parseInt(hostPort[1])).build();
    s.open(false);
    return s;
  }

  private static void dropDatabase() throws Exception {
    try (Session s = official()) {
      try {
        s.executeNonQueryStatement("DELETE DATABASE " + SG);
      } catch (Exception e) {
        if (!String.valueOf(e.getMessage()).contains("not exist") && !String.valueOf(e.getMessage()).contains("508")) {
          throw e;
        }
      }
    }
  }

  @Test
  void theOfficialTreeSessionReadsEveryRowOfEveryDevice() throws Exception {
    try (Session s = official()) {
      for (int d = 0; d < DEVICES; d++) {
        try (SessionDataSet rs = s.executeQueryStatement("SELECT count(s1), count(s2), sum(n) FROM " + SG + ".d" + d)) {
          assertTrue(rs.hasNext());
          var r = rs.next();
          long count = ROWS / DEVICES;
          long sum = 0;
          for (long id = d; id < ROWS; id += DEVICES) {
            sum += id;
          }
          assertEquals(count, r.getFields().get(0).getLongV(), "count(s1) of d" + d);
          assertEquals(count, r.getFields().get(1).getLongV(), "count(s2) of d" + d);
          assertEquals((double) sum, r.getFields().get(2).getDoubleV(), "sum(n) of d" + d);
        }
      }
      try (SessionDataSet rs = s.executeQueryStatement("SELECT s1, s2, n FROM " + SG + ".d3 WHERE time = "
          + (T0 + 13))) {
        var r = rs.next();
        assertEquals(6.5, r.getFields().get(0).getDoubleV());
        assertEquals("v13", r.getFields().get(1).getStringValue());
        assertEquals(13, r.getFields().get(2).getLongV());
      }
    }
  }

  @Test
  void aTreeQueryReadsBackTheRowsWritten() {
    Dataset<Row> back = spark.read().format("quiver").option("url", SparkTestSession.url())
        .option("query", "SELECT s1, s2, n FROM " + SG + ".** ALIGN BY DEVICE").load();
    StructType schema = back.schema();
    assertEquals(List.of("Time", "Device", "s1", "s2", "n"), List.of(schema.fieldNames()), schema.toString());
    assertEquals(DataTypes.TimestampType, schema.apply("Time").dataType());
    assertEquals(DataTypes.DoubleType, schema.apply("s1").dataType());
    assertEquals(DataTypes.StringType, schema.apply("s2").dataType());
    assertEquals(DataTypes.LongType, schema.apply("n").dataType());
    assertTrue(back.queryExecution().executedPlan().toString().contains("ColumnarToRow"));
    Dataset<Row> expected = source.select(col("time").as("Time"), concat(lit(SG + "."), col("device")).as("Device"),
        col("s1"), col("s2"), col("n"));
    assertEquals(ROWS, back.count());
    assertEquals(0, back.exceptAll(expected).count());
    assertEquals(0, expected.exceptAll(back).count());
  }

  @Test
  void treeWritesRefuseOtherSaveModesAndAMissingDeviceColumnBeforeWriting() throws Exception {
    Exception e = assertThrows(Exception.class, () -> source.limit(5).write().format("quiver")
        .option("url", SparkTestSession.url()).option("deviceColumn", "device").option("prefix", "root.spark_tree_no")
        .save());
    assertTrue(String.valueOf(e.getMessage()).contains("mode(\"append\")"), e.getMessage());
    e = assertThrows(Exception.class, () -> source.limit(5).write().format("quiver")
        .option("url", SparkTestSession.url()).option("deviceColumn", "dev").option("prefix", "root.spark_tree_no")
        .mode("append").save());
    assertTrue(String.valueOf(e.getMessage()).contains("'deviceColumn' names 'dev'"), e.getMessage());
    try (Session s = official(); SessionDataSet rs = s.executeQueryStatement("SHOW DATABASES root.spark_tree_no")) {
      assertTrue(!rs.hasNext(), "nothing was written");
    }
  }
}
