package io.quiver.spark.example;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_millis;

import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code quiver} Spark data source, end to end against a running IoTDB: a DataFrame made in
 * Spark written into a new table and read back (4 partitions, a pushed filter); then a CSV file
 * and a Parquet file (written by Spark from the CSV) loaded into IoTDB through Spark, the route for
 * data that is not Arrow IPC.
 *
 * <pre>
 * ./quiver server start          # if no IoTDB answers at 127.0.0.1:6667
 * spark/run-example.sh [HOST:PORT] [CSV FILE]
 * </pre>
 */
public final class SparkExample {
  private static final String DB = "spark_example";

  private SparkExample() {}

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "127.0.0.1:6667";
    Path csv = Path.of(args.length > 1 ? args[1] : "spark/example-data/readings.csv");
    try (TableSession s = TableSession.open(TableSessionConfig.builder().nodeUrls(url).build())) {
      s.executeNonQueryStatement("DROP DATABASE IF EXISTS " + DB);
      s.executeNonQueryStatement("CREATE DATABASE " + DB);
    }
    SparkSession spark = SparkSession.builder().appName("quiver-spark-example").master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.session.timeZone", "UTC")
        .config("spark.datasource.quiver.url", url)            // every quiver read and write uses it
        .config("spark.sql.warehouse.dir", Files.createTempDirectory("spark-warehouse").toString())
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      // 1. A DataFrame into a new table (mode errorifexists, the default, creates it) and back.
      Dataset<Row> readings = spark.range(0, 100_000, 1, 4).select(
          timestamp_millis(col("id").multiply(1000).plus(1_735_689_600_000L)).as("time"),
          concat(lit("dev"), col("id").mod(10).cast("string")).as("device"),
          col("id").mod(7).multiply(1.5).as("value"));
      readings.write().format("quiver").option("table", DB + ".readings").option("tags", "device").save();

      Dataset<Row> back = spark.read().format("quiver").option("table", DB + ".readings")
          .option("partitions", "4").load()
          .where(col("device").isin("dev1", "dev2").and(col("time").lt(Timestamp.valueOf("2025-01-01 06:00:00"))));
      System.out.println("rows read back for dev1, dev2 before 06:00: " + back.count());
      back.groupBy("device").agg(avg("value")).orderBy("device").show();
      System.out.println("the scan Spark ran (filters pushed into the SQL sent to IoTDB):");
      back.explain();

      // 2. A CSV file into IoTDB.
      Dataset<Row> fromCsv = spark.read().option("header", "true").option("inferSchema", "true")
          .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ssX").csv(csv.toString());
      fromCsv.printSchema();
      fromCsv.write().format("quiver").option("table", DB + ".stations_csv")
          .option("tags", "station").option("attributes", "region").save();

      // 3. A Parquet file (Spark writes one from the CSV here) into IoTDB.
      Path parquet = Files.createTempDirectory("quiver-example").resolve("readings.parquet");
      fromCsv.write().parquet(parquet.toString());
      spark.read().parquet(parquet.toString()).write().format("quiver").option("table", DB + ".stations_parquet")
          .option("tags", "station").option("attributes", "region").save();

      for (String table : new String[] {"stations_csv", "stations_parquet"}) {
        Dataset<Row> t = spark.read().format("quiver").option("table", DB + "." + table).load();
        System.out.println(table + ": " + t.count() + " rows");
        t.orderBy("time", "station").show(4);
      }
    } finally {
      spark.stop();
    }
  }
}
