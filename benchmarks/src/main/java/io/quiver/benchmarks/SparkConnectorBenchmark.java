package io.quiver.benchmarks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_millis;

import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.spark.internal.SparkArrowRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.iotdb.isession.ITableSession;
import org.apache.iotdb.isession.SessionDataSet;
import org.apache.iotdb.session.TableSessionBuilder;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.tsfile.enums.ColumnCategory;
import org.apache.tsfile.enums.TSDataType;
import org.apache.tsfile.write.record.Tablet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * DataFrames into and out of IoTDB through Spark (embedded, {@code local[2]}, 4 input partitions),
 * end to end against a local IoTDB, the same cached DataFrame for every writer of a trial: {@code
 * rows} rows of {@code devices} devices, schema {@code narrow} (1 STRING TAG + 5 DOUBLE) or {@code
 * mixed} (1 STRING TAG + INT32, INT64, FLOAT, DOUBLE, BOOLEAN, STRING).
 *
 * <ul>
 *   <li>{@code writeQuiver}: {@code df.write.format("quiver")}: Spark's ArrowWriter fills Arrow
 *       batches of 50,000 rows, sent as ArrowTablets; each task's commit confirms its replay window
 *       (waits until its last insert is 3 s old, then one round trip).
 *   <li>{@code writeQuiverNoWindow}: the same with option {@code replayWindow=0}: no replay window,
 *       commits at once (what the wait costs, and the raw rate).
 *   <li>{@code writeQuiverPipelined}: {@code writeQuiver} with option {@code maxInFlightInserts=2}:
 *       a task fills its next Arrow batch while the server writes the last one (catches the
 *       pipeline no longer overlapping the two).
 *   <li>{@code loadArrowFile}: {@code ./quiver load} (the command-line jar, a process of its own, 2
 *       threads, JVM start included) of the same rows, written once per trial as one Arrow IPC file
 *       (batches of 50,000 rows, by Spark's ArrowWriter); its CPU is printed as {@code [load-cpu]}.
 *   <li>{@code writeOfficialPath}: the write path of IoTDB's own Spark table connector
 *       (apache/iotdb-extras {@code IoTDBDataWriter}) re-created: per task one official session,
 *       a tsfile {@code Tablet} of 1,024 rows filled cell by cell from Spark's InternalRows and
 *       sent when full.
 *   <li>{@code readQuiverP1/P2/P4}: {@code spark.read.format("quiver")} with 1, 2, 4 partitions,
 *       columnar batches turned into Spark rows and counted.
 *   <li>{@code readOfficialPath}: the official connector's read re-created: one partition, the
 *       official client's {@code SessionDataSet} row by row, a boxed row per record.
 * </ul>
 *
 * Scores are seconds per full write or read of the table (rows/s = rows / score). The fork's
 * process CPU per row (Spark and client together; the server is another process) is printed after
 * each invocation as {@code [cpu]} lines. Catches: a regression in the connector's write path (the
 * ratio to the official path drops), or in the columnar read (partitions stop scaling, or the
 * ratio to the row-by-row read drops).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Dio.netty.tryReflectionSetAccessible=true"})
public class SparkConnectorBenchmark {
  private static final String DB = "sparkbench";

  @Param({"5000000"})
  public long rows;

  @Param({"1000"})
  public int devices;

  @Param({"narrow", "mixed"})
  public String schema;

  private BenchServer server;
  private SparkSession spark;
  private Dataset<Row> source;
  private long cpuAtStart;
  private Path arrowDir;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    server = new BenchServer();
    spark = SparkSession.builder().master("local[2]").appName("quiver-spark-bench")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC").config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
    List<Column> cols = new ArrayList<>();
    cols.add(timestamp_millis(col("id").plus(1_700_000_000_000L)).as("time"));
    cols.add(concat(lit("d"), col("id").mod(devices).cast("string")).as("device"));
    if (schema.equals("narrow")) {
      for (int i = 0; i < 5; i++) {
        cols.add(col("id").multiply(0.5 + i).as("m" + i));
      }
    } else {
      cols.add(col("id").cast("int").as("i32"));
      cols.add(col("id").as("i64"));
      cols.add(col("id").cast("float").as("f32"));
      cols.add(col("id").multiply(0.25).as("f64"));
      cols.add(col("id").mod(2).equalTo(0).as("b"));
      cols.add(concat(lit("v"), col("id").mod(97).cast("string")).as("s"));
    }
    source = spark.range(0, rows, 1, 4).select(cols.toArray(new Column[0])).cache();
    source.count();
    try (TableSession s = admin()) {
      s.executeNonQueryStatement("CREATE DATABASE IF NOT EXISTS " + DB);
    }
    // the table the reads scan, kept between trials (and runs) while it holds this trial's rows
    if (params.getBenchmark().contains(".read") && readableRows() != rows) {
      try (TableSession s = admin()) {
        s.executeNonQueryStatement("DROP TABLE IF EXISTS " + DB + "." + readable());
      }
      quiverWrite(readable(), "errorifexists");
    }
    if (params.getBenchmark().endsWith(".loadArrowFile")) {
      arrowDir = writeArrowFiles();
    }
  }

  /** The table the reads scan: one per schema. */
  private String readable() {
    return "readable_" + schema;
  }

  private long readableRows() {
    try (TableSession s = admin();
        var rs = s.executeQueryStatement("SELECT count(*) AS n FROM " + DB + "." + readable())) {
      return rs.next() ? rs.getLong("n") : -1;
    } catch (RuntimeException e) {
      return -1; // no such table yet
    }
  }

  /** The source's rows as one Arrow IPC file (what {@code ./quiver load} takes), by Spark's ArrowWriter. */
  private Path writeArrowFiles() {
    try {
      Path dir = Files.createTempDirectory("quiver-spark-bench");
      new ArrowFileWriter(dir.toString(), source.schema()).call(source.queryExecution().toRdd().toJavaRDD()
          .toLocalIterator());
      return dir;
    } catch (Exception e) {
      throw new IllegalStateException("writing the Arrow file for quiver load", e);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    source.unpersist();
    spark.stop();
    if (arrowDir != null) {
      try (var files = Files.list(arrowDir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.delete(f);
        }
        Files.delete(arrowDir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    server.close();
  }

  private TableSession admin() {
    return TableSession.open(TableSessionConfig.builder().nodeUrls(server.endpoint()).build());
  }

  @Setup(Level.Invocation)
  public void recreateWriteTables() {
    try (TableSession s = admin()) {
      s.executeNonQueryStatement("DROP TABLE IF EXISTS " + DB + ".w_quiver");
      s.executeNonQueryStatement("DROP TABLE IF EXISTS " + DB + ".w_official");
      s.executeNonQueryStatement("DROP TABLE IF EXISTS " + DB + ".w_quiver0");
      s.executeNonQueryStatement("DROP TABLE IF EXISTS " + DB + ".w_quiver2");
      s.executeNonQueryStatement("DROP TABLE IF EXISTS " + DB + ".w_load");
    }
    // the same table for both writers, created by the connector from the DataFrame
    source.limit(0).write().format("quiver").option("url", server.endpoint()).option("table", DB + ".w_quiver")
        .option("tags", "device").save();
    for (String t : List.of("w_official", "w_quiver0", "w_quiver2", "w_load")) {
      source.limit(0).write().format("quiver").option("url", server.endpoint()).option("table", DB + "." + t)
          .option("tags", "device").save();
    }
    cpuAtStart = processCpuNanos();
  }

  @TearDown(Level.Invocation)
  public void reportCpu() {
    long cpu = processCpuNanos() - cpuAtStart;
    System.out.printf("[cpu] %s %.0f ns/row (process CPU, Spark and client)%n", schema, (double) cpu / rows);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private void quiverWrite(String table, String mode) {
    quiverWrite(table, mode, "3000");
  }

  private void quiverWrite(String table, String mode, String replayWindow) {
    quiverWrite(table, mode, replayWindow, 1);
  }

  private void quiverWrite(String table, String mode, String replayWindow, int inFlight) {
    source.write().format("quiver").option("url", server.endpoint()).option("table", DB + "." + table)
        .option("tags", "device").option("replayWindow", replayWindow)
        .option("maxInFlightInserts", String.valueOf(inFlight)).mode(mode).save();
  }

  @Benchmark
  public void writeQuiver() {
    quiverWrite("w_quiver", "append");
  }

  @Benchmark
  public void writeQuiverPipelined() {
    quiverWrite("w_quiver2", "append", "3000", 2);
  }

  @Benchmark
  public void writeQuiverNoWindow() {
    quiverWrite("w_quiver0", "append", "0");
  }

  @Benchmark
  public void loadArrowFile() throws IOException, InterruptedException {
    String home = System.getenv().getOrDefault("QUIVER_HOME", ".");
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "[load-cpu] %U s user %S s system %e s wall",
        "java", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-jar", home + "/cli/target/quiver-cli.jar", "load",
        "--url", server.endpoint(), "--table", DB + ".w_load", "--tags", "device"));
    try (var files = Files.list(arrowDir)) {
      files.sorted().forEach(f -> cmd.add(f.toString()));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("quiver load exited with " + p.exitValue() + ": " + cmd);
    }
  }

  @Benchmark
  public void writeOfficialPath() {
    source.queryExecution().toRdd().toJavaRDD()
        .foreachPartition(new OfficialWriter(server.endpoint(), "w_official", source.schema()));
  }

  private long quiverRead(int partitions) {
    return spark.read().format("quiver").option("url", server.endpoint()).option("table", DB + "." + readable())
        .option("partitions", String.valueOf(partitions)).load().queryExecution().toRdd().count();
  }

  private long check(long n) {
    if (n != rows) {
      throw new IllegalStateException("read " + n + " rows, expected " + rows);
    }
    return n;
  }

  @Benchmark
  public long readQuiverP1() {
    return check(quiverRead(1));
  }

  @Benchmark
  public long readQuiverP2() {
    return check(quiverRead(2));
  }

  @Benchmark
  public long readQuiverP4() {
    return check(quiverRead(4));
  }

  @Benchmark
  public long readOfficialPath() {
    JavaRDD<InternalRow> rdd = new JavaSparkContext(spark.sparkContext()).parallelize(List.of(0), 1)
        .mapPartitions(new OfficialReader(server.endpoint(), readable(), source.schema()));
    return check(rdd.count());
  }

  /** Writes rows to {@code dir/rows.arrow} (Arrow IPC file, batches of 50,000) with Spark's ArrowWriter. */
  static final class ArrowFileWriter implements VoidFunction<Iterator<InternalRow>> {
    private static final long serialVersionUID = 1L;
    private final String dir;
    private final StructType schema;

    ArrowFileWriter(String dir, StructType schema) {
      this.dir = dir;
      this.schema = schema;
    }

    @Override
    public void call(Iterator<InternalRow> rows) throws Exception {
      List<String> names = new ArrayList<>();
      for (StructField f : schema.fields()) {
        names.add(f.name());
      }
      Path file = Path.of(dir, "rows.arrow");
      try (RootAllocator allocator = new RootAllocator();
          SparkArrowRows batch = new SparkArrowRows(schema, names, allocator);
          FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        org.apache.arrow.vector.ipc.ArrowFileWriter writer = null;
        while (rows.hasNext()) {
          batch.write(rows.next());
          if (batch.rows() == 50_000 || !rows.hasNext()) {
            VectorSchemaRoot root = batch.finish();
            if (writer == null) {
              writer = new org.apache.arrow.vector.ipc.ArrowFileWriter(root, null, out);
              writer.start();
            }
            writer.writeBatch();
            batch.reset();
          }
        }
        if (writer != null) {
          writer.end();
          writer.close();
        }
      }
    }
  }

  /** IoTDBDataWriter's path: a 1,024-row tsfile Tablet filled cell by cell, per task. */
  static final class OfficialWriter implements VoidFunction<Iterator<InternalRow>> {
    private static final long serialVersionUID = 1L;
    private final String endpoint;
    private final String table;
    private final StructType schema;

    OfficialWriter(String endpoint, String table, StructType schema) {
      this.endpoint = endpoint;
      this.table = table;
      this.schema = schema;
    }

    @Override
    public void call(Iterator<InternalRow> rows) throws Exception {
      StructField[] f = schema.fields();
      List<String> names = new ArrayList<>();
      List<TSDataType> types = new ArrayList<>();
      List<ColumnCategory> cats = new ArrayList<>();
      for (int c = 1; c < f.length; c++) {
        names.add(f[c].name());
        types.add(tsType(f[c]));
        cats.add(f[c].name().equals("device") ? ColumnCategory.TAG : ColumnCategory.FIELD);
      }
      try (ITableSession session = new TableSessionBuilder().nodeUrls(List.of(endpoint)).database(DB).build()) {
        Tablet tablet = new Tablet(table, names, types, cats, 1024);
        while (rows.hasNext()) {
          InternalRow row = rows.next();
          int r = tablet.getRowSize();
          tablet.addTimestamp(r, row.getLong(0) / 1000);
          for (int c = 1; c < f.length; c++) {
            if (row.isNullAt(c)) {
              continue;
            }
            switch (types.get(c - 1)) {
              case STRING -> tablet.addValue(r, c - 1, row.getUTF8String(c).toString());
              case DOUBLE -> tablet.addValue(r, c - 1, row.getDouble(c));
              case FLOAT -> tablet.addValue(r, c - 1, row.getFloat(c));
              case INT32 -> tablet.addValue(r, c - 1, row.getInt(c));
              case INT64 -> tablet.addValue(r, c - 1, row.getLong(c));
              case BOOLEAN -> tablet.addValue(r, c - 1, row.getBoolean(c));
              default -> throw new IllegalStateException(types.get(c - 1).toString());
            }
          }
          if (tablet.getRowSize() == tablet.getMaxRowNumber()) {
            session.insert(tablet);
            tablet.reset();
          }
        }
        if (tablet.getRowSize() > 0) {
          session.insert(tablet);
        }
      }
    }

    private static TSDataType tsType(StructField f) {
      switch (f.dataType().typeName()) {
        case "string":
          return TSDataType.STRING;
        case "double":
          return TSDataType.DOUBLE;
        case "float":
          return TSDataType.FLOAT;
        case "integer":
          return TSDataType.INT32;
        case "long":
          return TSDataType.INT64;
        case "boolean":
          return TSDataType.BOOLEAN;
        default:
          throw new IllegalArgumentException(f.toString());
      }
    }
  }

  /** The official connector's read: one partition, the official client's rows, boxed values. */
  static final class OfficialReader implements FlatMapFunction<Iterator<Integer>, InternalRow> {
    private static final long serialVersionUID = 1L;
    private final String endpoint;
    private final String table;
    private final StructType schema;

    OfficialReader(String endpoint, String table, StructType schema) {
      this.endpoint = endpoint;
      this.table = table;
      this.schema = schema;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<Integer> ignored) throws Exception {
      StructField[] f = schema.fields();
      ITableSession session = new TableSessionBuilder().nodeUrls(List.of(endpoint)).database(DB).build();
      SessionDataSet rs = session.executeQueryStatement("SELECT * FROM " + table);
      SessionDataSet.DataIterator it = rs.iterator();
      return new Iterator<>() {
        private Boolean ahead;

        @Override
        public boolean hasNext() {
          try {
            if (ahead == null) {
              ahead = it.next();
              if (!ahead) {
                rs.close();
                session.close();
              }
            }
            return ahead;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }

        @Override
        public InternalRow next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          ahead = null;
          try {
            Object[] values = new Object[f.length];
            values[0] = it.getLong(1) * 1000;
            for (int c = 1; c < f.length; c++) {
              int i = c + 1;
              if (it.isNull(i)) {
                continue;
              }
              values[c] = switch (f[c].dataType().typeName()) {
                case "string" -> UTF8String.fromString(it.getString(i));
                case "double" -> it.getDouble(i);
                case "float" -> it.getFloat(i);
                case "integer" -> it.getInt(i);
                case "long" -> it.getLong(i);
                case "boolean" -> it.getBoolean(i);
                default -> throw new IllegalStateException(f[c].toString());
              };
            }
            return new GenericInternalRow(values);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      };
    }
  }
}
