package io.quiver.examples;

import io.quiver.arrow.ArrowDeviceBatch;
import io.quiver.arrow.ArrowQuery;
import io.quiver.client.DataType;
import io.quiver.client.Session;
import io.quiver.client.SessionConfig;
import io.quiver.client.SessionDataSet;
import io.quiver.client.Tablet;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The tree model end to end: create a database and time series (aligned and not) with SQL, insert
 * a row {@link Tablet} for one device and one Arrow batch for several devices (a {@code device}
 * column; one {@code insertTablets} request), query (raw, ALIGN BY DEVICE, an aggregation, into
 * Arrow), then delete the database.
 *
 * <p>Run: {@code java -cp cli/target/quiver-cli.jar io.quiver.examples.TreeSessionExample
 * [HOST:PORT]}.
 */
public final class TreeSessionExample {
  static final String DATABASE = "root.quiver_example_tree";

  private TreeSessionExample() {}

  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : "127.0.0.1:6667";
    run(SessionConfig.builder().nodeUrls(url).build(), System.out);
  }

  /**
   * Runs the example.
   *
   * @return the number of rows counted at the end over all devices, before the delete
   */
  public static long run(SessionConfig config, PrintStream out) {
    try (Session session = Session.open(config);
        BufferAllocator allocator = new RootAllocator()) {
      // schema through SQL; a first insert would also create what it needs
      session.executeNonQueryStatement("CREATE DATABASE " + DATABASE);
      session.executeNonQueryStatement(
          "CREATE ALIGNED TIMESERIES " + DATABASE + ".plant.boiler(temperature DOUBLE, status TEXT)");
      session.executeNonQueryStatement(
          "CREATE TIMESERIES " + DATABASE + ".wf.turbine0.speed WITH DATATYPE=DOUBLE, ENCODING=GORILLA");

      // one device from a row tablet: the device path is the tablet's name
      Tablet boiler = Tablet.builder(DATABASE + ".plant.boiler")
          .field("temperature", DataType.DOUBLE).field("status", DataType.TEXT)
          .row(1L, 90.5, "ok").row(2L, 91.0, "ok").row(3L, null, "maintenance")
          .build();
      session.insertAlignedTablet(boiler);
      out.println("inserted 3 rows into " + DATABASE + ".plant.boiler (aligned)");

      // several devices from one Arrow batch, in one request
      try (VectorSchemaRoot turbines = turbines(allocator, 4, 5)) {
        session.insertTablets(
            ArrowDeviceBatch.builder(turbines, "device").prefix(DATABASE + ".wf").build(), false);
        out.println("inserted " + turbines.getRowCount() + " rows for 4 turbines in one insertTablets");
      }

      try (SessionDataSet rows = session.executeQueryStatement("select * from " + DATABASE + ".plant.boiler")) {
        out.println(rows.getColumnNames());
        ResultPrinter.print(rows, out, 10);
      }
      try (SessionDataSet rows = session.executeQueryStatement(
          "select speed from " + DATABASE + ".wf.* where time < 2 align by device")) {
        ResultPrinter.print(rows, out, 10);
      }
      try (VectorSchemaRoot arrow = ArrowQuery.readAll(session,
          "select avg(speed) from " + DATABASE + ".wf.* group by level = 3", allocator)) {
        out.print(arrow.contentToTSVString());
      }
      long total = 0;
      try (SessionDataSet count = session.executeQueryStatement(
          "select count(*) from " + DATABASE + ".** align by device")) {
        while (count.next()) {
          for (int c = 1; c < count.columnCount(); c++) {
            if (!count.isNull(c)) {
              total += count.getLong(c);
            }
          }
        }
      }
      out.println(total + " values in all");
      session.executeNonQueryStatement("DELETE DATABASE " + DATABASE);
      out.println("deleted " + DATABASE);
      return total;
    }
  }

  /** time, device (turbine0..), speed: {@code perDevice} rows for each of {@code devices}. */
  static VectorSchemaRoot turbines(BufferAllocator allocator, int devices, int perDevice) {
    Schema schema = new Schema(List.of(
        Field.notNullable("time", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
        Field.notNullable("device", new ArrowType.Utf8()),
        Field.nullable("speed", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    TimeStampMilliVector time = (TimeStampMilliVector) root.getVector("time");
    VarCharVector device = (VarCharVector) root.getVector("device");
    Float8Vector speed = (Float8Vector) root.getVector("speed");
    int r = 0;
    for (int t = 0; t < perDevice; t++) {
      for (int d = 0; d < devices; d++) {
        time.setSafe(r, t);
        device.setSafe(r, ("turbine" + d).getBytes(StandardCharsets.UTF_8));
        speed.setSafe(r, 10.0 * d + t);
        r++;
      }
    }
    root.setRowCount(r);
    return root;
  }
}
