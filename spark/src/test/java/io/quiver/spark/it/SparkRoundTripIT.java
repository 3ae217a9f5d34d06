package io.quiver.spark.it;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.it.support.Databases;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.iotdb.isession.ITableSession;
import org.apache.iotdb.isession.SessionDataSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.tsfile.read.common.RowRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Spark type the connector writes goes DataFrame -> IoTDB -> DataFrame unchanged (bytes and
 * shorts come back as ints, the IoTDB type they are stored as), and the official IoTDB client
 * reads the same values; the table is created from the DataFrame (save mode errorifexists).
 */
class SparkRoundTripIT {
  private static final String DB = "spark_types";
  private static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    Databases.recreate(DB);
  }

  @AfterAll
  static void tearDown() {
    Databases.drop(DB);
  }

  private static final StructType SCHEMA = new StructType()
      .add("time", DataTypes.TimestampType, false)
      .add("device", DataTypes.StringType)
      .add("model", DataTypes.StringType)
      .add("b", DataTypes.BooleanType)
      .add("i8", DataTypes.ByteType)
      .add("i16", DataTypes.ShortType)
      .add("i32", DataTypes.IntegerType)
      .add("i64", DataTypes.LongType)
      .add("f32", DataTypes.FloatType)
      .add("f64", DataTypes.DoubleType)
      .add("s", DataTypes.StringType)
      .add("bin", DataTypes.BinaryType)
      .add("d", DataTypes.DateType)
      .add("ts", DataTypes.TimestampType);

  private static List<Row> rows() {
    return List.of(
        RowFactory.create(Timestamp.valueOf("2024-01-01 00:00:00.001"), "d1", "m1", true, (byte) -128,
            (short) 32767, Integer.MIN_VALUE, Long.MAX_VALUE, Float.NaN, -0.0, "温度 ✓", new byte[] {0, (byte) 0xFF},
            Date.valueOf("1000-01-01"), Timestamp.valueOf("1969-12-31 23:59:59.999")),
        RowFactory.create(Timestamp.valueOf("2024-01-01 00:00:00.002"), "d2", null, false, (byte) 7,
            (short) -1, 0, -1L, Float.NEGATIVE_INFINITY, Double.MAX_VALUE, "", new byte[0],
            Date.valueOf("9999-12-31"), Timestamp.valueOf("2262-04-11 23:47:16.854")),
        RowFactory.create(Timestamp.valueOf("2024-01-01 00:00:00.003"), "d1", "m1", null, null, null, null, null,
            null, null, null, null, null, null));
  }

  @Test
  void everyTypeRoundTripsAndTheOfficialClientReadsTheSameValues() throws Exception {
    Dataset<Row> df = spark.createDataFrame(rows(), SCHEMA);
    df.write().format("quiver").option("url", SparkTestSession.url()).option("database", DB)
        .option("table", "all_types").option("tags", "device").option("attributes", "model").save();

    Dataset<Row> back = spark.read().format("quiver").option("url", SparkTestSession.url())
        .option("database", DB).option("table", "all_types").load().orderBy("time");
    assertEquals(DataTypes.IntegerType, back.schema().apply("i8").dataType());
    assertEquals(DataTypes.TimestampType, back.schema().apply("time").dataType());
    List<Row> got = back.select("time", "device", "model", "b", "i8", "i16", "i32", "i64", "f32", "f64", "s",
        "bin", "d", "ts").collectAsList();
    List<Row> want = rows();
    assertEquals(want.size(), got.size());
    for (int r = 0; r < want.size(); r++) {
      for (int c = 0; c < SCHEMA.size(); c++) {
        Object w = want.get(r).get(c);
        Object g = got.get(r).get(c);
        String where = "row " + r + " column " + SCHEMA.fields()[c].name();
        if (w instanceof Byte || w instanceof Short) {
          w = ((Number) w).intValue();
        }
        if (w instanceof byte[] wb) {
          assertArrayEquals(wb, (byte[]) g, where);
        } else if (w instanceof Float wf && wf.isNaN()) {
          assertTrue(((Float) g).isNaN(), where);
        } else {
          assertEquals(w, g, where);
        }
      }
    }

    try (ITableSession official = Databases.official(DB);
        SessionDataSet rs = official.executeQueryStatement(
            "SELECT time, device, model, i32, i64, f64, s, bin, d, ts FROM all_types ORDER BY time")) {
      SessionDataSet.DataIterator it = rs.iterator();
      assertTrue(it.next());
      assertEquals(Timestamp.valueOf("2024-01-01 00:00:00.001").getTime(), it.getLong(1));
      assertEquals("d1", it.getString(2));
      assertEquals("m1", it.getString(3));
      assertEquals(Integer.MIN_VALUE, it.getInt(4));
      assertEquals(Long.MAX_VALUE, it.getLong(5));
      assertEquals(-0.0, it.getDouble(6));
      assertEquals("温度 ✓", it.getString(7));
      assertArrayEquals(new byte[] {0, (byte) 0xFF}, it.getBlob(8).getValues());
      assertEquals(LocalDate.of(1000, 1, 1), it.getDate(9));
      assertEquals(Timestamp.valueOf("1969-12-31 23:59:59.999").getTime(), it.getLong(10));
      assertTrue(it.next());
      assertEquals("d2", it.getString(2));
      assertTrue(it.isNull(3));
      assertTrue(it.next());
      assertTrue(it.isNull(4));
      assertFalse(it.next());
    }
  }

  @Test
  void timeAsLongReadsTheServersCounts() {
    Dataset<Row> df = spark.createDataFrame(rows(), SCHEMA).select("time", "device", "i64");
    df.write().format("quiver").option("url", SparkTestSession.url()).option("table", DB + ".as_long")
        .option("tags", "device").save();
    List<Row> got = spark.read().format("quiver").option("url", SparkTestSession.url())
        .option("table", DB + ".as_long").option("timeAs", "long").load().orderBy("time").collectAsList();
    assertEquals(DataTypes.LongType, got.get(0).schema().apply("time").dataType());
    assertEquals(Timestamp.valueOf("2024-01-01 00:00:00.001").getTime(), got.get(0).getLong(0));
    assertEquals(3, got.size());
    assertNull(got.get(2).get(2));
    assertEquals(List.of(-1L), Arrays.asList(got.get(1).get(2)));
  }

  @Test
  void everyTypeReadsTheSameSplitByDeviceAsInOnePartition() {
    Dataset<Row> df = spark.createDataFrame(rows(), SCHEMA).drop("model");
    df.write().format("quiver").option("url", SparkTestSession.url()).option("table", DB + ".by_device")
        .option("tags", "device").save();
    Dataset<Row> one = spark.read().format("quiver").option("url", SparkTestSession.url())
        .option("table", DB + ".by_device").load();
    Dataset<Row> split = spark.read().format("quiver").option("url", SparkTestSession.url())
        .option("table", DB + ".by_device").option("partitions", "4").option("partitionBy", "device").load();
    assertEquals(2, split.javaRDD().getNumPartitions(), "one partition per device at most (d1, d2)");
    // binary columns cannot be compared by exceptAll: compared as hex
    Dataset<Row> a = one.withColumn("bin", org.apache.spark.sql.functions.hex(col("bin")));
    Dataset<Row> b = split.withColumn("bin", org.apache.spark.sql.functions.hex(col("bin")));
    assertEquals(3, b.count());
    assertEquals(0, a.exceptAll(b).count());
    assertEquals(0, b.exceptAll(a).count());
  }
}
