package io.quiver.examples;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Generates an Arrow batch (time, a device TAG, five DOUBLE sensors) and inserts it as one {@link
 * ArrowTablet}, then checks the count on the server and prints rows per second.
 *
 * <p>Run: part of {@code ./quiver demo}; or {@code main} with {@code host:port} and a row count.
 */
public final class ArrowIngestExample {
  static final String DB = "quiver_example_arrow";

  private ArrowIngestExample() {}

  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : "127.0.0.1:6667";
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    run(TableSessionConfig.builder().nodeUrls(url).build(), rows, System.out);
  }

  /** Result of a run: rows written, and rows per second of the insert call. */
  public record Result(long rows, double rowsPerSecond) {}

  /** Inserts {@code rows} generated rows as one ArrowTablet; drops its database afterwards. */
  public static Result run(TableSessionConfig base, int rows, PrintStream out) {
    TableSessionConfig config = base.toBuilder().database(null).build();
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = generate(allocator, rows);
        TableSession session = TableSession.open(config)) {
      session.executeNonQueryStatement("CREATE DATABASE IF NOT EXISTS " + DB);
      try {
        session.executeNonQueryStatement("USE " + DB);
        session.executeNonQueryStatement("CREATE TABLE sensors (device STRING TAG,"
            + " s0 DOUBLE FIELD, s1 DOUBLE FIELD, s2 DOUBLE FIELD, s3 DOUBLE FIELD, s4 DOUBLE FIELD)");
        ArrowTablet tablet = ArrowTablet.builder("sensors", root).tag("device").build();
        long t0 = System.nanoTime();
        session.insert(tablet);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long count;
        try (SessionDataSet rs = session.executeQueryStatement("SELECT count(*) FROM sensors")) {
          rs.next();
          count = rs.getLong(0);
        }
        if (count != rows) {
          throw new IllegalStateException("inserted " + rows + " rows but the server counts " + count);
        }
        double rate = rows / seconds;
        out.printf(Locale.ROOT, "inserted one ArrowTablet of %,d rows (time + 1 TAG + 5 DOUBLE) in %.2f s:"
            + " %,.0f rows/s; the server counts %,d rows%n", rows, seconds, rate, count);
        return new Result(count, rate);
      } finally {
        session.executeNonQueryStatement("DROP DATABASE IF EXISTS " + DB);
      }
    }
  }

  /** Time in ms, 100 devices, five random walks. */
  static VectorSchemaRoot generate(BufferAllocator allocator, int rows) {
    TimeStampMilliVector time = new TimeStampMilliVector("time", allocator);
    VarCharVector device = new VarCharVector("device", allocator);
    Float8Vector[] sensors = new Float8Vector[5];
    time.allocateNew(rows);
    device.allocateNew(10L * rows, rows);
    byte[][] names = new byte[100][];
    for (int d = 0; d < names.length; d++) {
      names[d] = String.format(Locale.ROOT, "device-%03d", d).getBytes(StandardCharsets.UTF_8);
    }
    SplittableRandom random = new SplittableRandom(1);
    long start = 1_700_000_000_000L;
    for (int r = 0; r < rows; r++) {
      time.set(r, start + r / names.length);
      device.setSafe(r, names[r % names.length]);
    }
    time.setValueCount(rows);
    device.setValueCount(rows);
    for (int s = 0; s < sensors.length; s++) {
      sensors[s] = new Float8Vector("s" + s, allocator);
      sensors[s].allocateNew(rows);
      double v = 20;
      for (int r = 0; r < rows; r++) {
        v += random.nextDouble() - 0.5;
        sensors[s].set(r, v);
      }
      sensors[s].setValueCount(rows);
    }
    VectorSchemaRoot root = new VectorSchemaRoot(java.util.List.of(time, device, sensors[0], sensors[1],
        sensors[2], sensors[3], sensors[4]));
    root.setRowCount(rows);
    return root;
  }
}
