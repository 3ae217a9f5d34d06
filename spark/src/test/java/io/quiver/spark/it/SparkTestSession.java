package io.quiver.spark.it;

import io.quiver.it.support.TestIoTDB;
import org.apache.spark.sql.SparkSession;

/**
 * The one embedded Spark of the test JVM: {@code local[2,4]} (two task threads; a failed task is
 * retried up to 4 times), no UI, UTC session zone, few shuffle partitions.
 */
final class SparkTestSession {
  private static SparkSession spark;

  private SparkTestSession() {}

  static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSession.builder()
          .appName("quiver-spark-it")
          .master("local[2,4]")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.session.timeZone", "UTC")
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(spark::stop, "quiver-it-stop-spark"));
    }
    return spark;
  }

  /** Reader and writer options pointing at the test IoTDB. */
  static String url() {
    return TestIoTDB.endpoint();
  }
}
