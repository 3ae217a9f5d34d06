package io.quiver.examples;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.PoolStats;
import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionPool;
import io.quiver.client.TableSessionPoolConfig;
import io.quiver.client.Tablet;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The Java version of the IoTDB Python docs' table-model session-pool example: a {@link
 * TableSessionPool} shared by threads. One session creates the database and two tables; two
 * threads, each with a session of its own, insert into table0 and table1 (15 rows as a row {@link
 * Tablet}, a FLUSH, then 15 more as an {@link ArrowTablet}, as the Python example does with a
 * Tablet and a NumpyTablet); then one session queries both tables and another drops the database.
 *
 * <p>Run: {@code ./quiver example pool}, or {@code main} with an optional {@code host:port}.
 */
public final class SessionPoolExample {
  /** The database the example creates and drops; named so as not to touch anyone's data. */
  static final String DB = "quiver_example_pool";

  private static final int ROWS_PER_PART = 15;

  private SessionPoolExample() {}

  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : "127.0.0.1:6667";
    run(TableSessionPoolConfig.builder().nodeUrls(url).build(), System.out);
  }

  /**
   * What the example read back, and the pool's figures at the end.
   *
   * @param table0Rows rows read back from table0
   * @param table1Rows rows read back from table1
   * @param stats the pool's figures just before it closed
   */
  public record Result(int table0Rows, int table1Rows, PoolStats stats) {}

  /**
   * Runs the example against the server in {@code base}; the pool's database, size, fetch size and
   * wait timeout are the Python example's (database renamed).
   */
  public static Result run(TableSessionPoolConfig base, PrintStream out) {
    TableSessionPoolConfig config = base.toBuilder()
        .database(DB)
        .maxPoolSize(5)
        .fetchSize(1024)
        .waitTimeout(Duration.ofMillis(3000))
        .build();
    try (TableSessionPool pool = new TableSessionPool(config)) {
      out.println("session pool example: a pool of up to " + config.maxPoolSize() + " sessions on "
          + config.nodeUrls() + ", database " + DB);
      try {
        prepareData(pool, out);
        insertInTwoThreads(pool, out);
        int[] rows = queryData(pool, out);
        return new Result(rows[0], rows[1], pool.stats());
      } finally {
        deleteData(pool, out);
        out.println("pool figures: " + pool.stats());
      }
    }
  }

  private static void prepareData(TableSessionPool pool, PrintStream out) {
    out.println("create database");
    try (TableSession session = pool.getSession()) {
      session.executeNonQueryStatement("CREATE DATABASE IF NOT EXISTS " + DB);
      session.executeNonQueryStatement("USE \"" + DB + "\"");
      session.executeNonQueryStatement(
          "CREATE TABLE table0 (id1 STRING TAG, attr1 STRING ATTRIBUTE, m1 DOUBLE FIELD)");
      session.executeNonQueryStatement(
          "CREATE TABLE table1 (id1 STRING TAG, attr1 STRING ATTRIBUTE, m1 DOUBLE FIELD)");
      out.println("now the tables are:");
      try (SessionDataSet tables = session.executeQueryStatement("SHOW TABLES")) {
        ResultPrinter.print(tables, out, 20);
      }
    }
  }

  private static void insertInTwoThreads(TableSessionPool pool, PrintStream out) {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> inserts = new ArrayList<>();
      for (int num = 0; num < 2; num++) {
        int table = num;
        inserts.add(threads.submit(() -> insertData(pool, table, out)));
      }
      for (Future<?> f : inserts) {
        f.get(60, TimeUnit.SECONDS);
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("an insert thread failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the insert threads", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the insert threads did not finish within 60 s", e);
    } finally {
      threads.shutdownNow();
    }
  }

  /** One thread's work: a row Tablet of rows 0-14, a FLUSH, then an ArrowTablet of rows 15-29. */
  private static void insertData(TableSessionPool pool, int num, PrintStream out) {
    String table = "table" + num;
    out.println("insert data for " + table);
    try (TableSession session = pool.getSession()) {
      List<List<Object>> values = new ArrayList<>();
      List<Long> timestamps = new ArrayList<>();
      for (int row = 0; row < ROWS_PER_PART; row++) {
        timestamps.add((long) row);
        values.add(List.of("id:" + row, "attr:" + row, row * 1.0));
      }
      session.insert(new Tablet(table, List.of("id1", "attr1", "m1"),
          List.of(DataType.STRING, DataType.STRING, DataType.DOUBLE),
          List.of(ColumnCategory.TAG, ColumnCategory.ATTRIBUTE, ColumnCategory.FIELD), values, timestamps));
      session.executeNonQueryStatement("FLUSH");

      try (BufferAllocator allocator = new RootAllocator();
          VectorSchemaRoot root = arrowRows(allocator, ROWS_PER_PART, 2 * ROWS_PER_PART)) {
        session.insert(ArrowTablet.builder(table, root).tag("id1").attribute("attr1").build());
      }
    }
  }

  /** Rows {@code from} to {@code to - 1}: time = i, id1 = "id:i", attr1 = "attr:i", m1 = i. */
  private static VectorSchemaRoot arrowRows(BufferAllocator allocator, int from, int to) {
    TimeStampMilliVector time = new TimeStampMilliVector("time", allocator);
    VarCharVector id1 = new VarCharVector("id1", allocator);
    VarCharVector attr1 = new VarCharVector("attr1", allocator);
    Float8Vector m1 = new Float8Vector("m1", allocator);
    VectorSchemaRoot root = VectorSchemaRoot.of(time, id1, attr1, m1);
    root.allocateNew();
    for (int i = from; i < to; i++) {
      int r = i - from;
      time.setSafe(r, i);
      id1.setSafe(r, ("id:" + i).getBytes(StandardCharsets.UTF_8));
      attr1.setSafe(r, ("attr:" + i).getBytes(StandardCharsets.UTF_8));
      m1.setSafe(r, i);
    }
    root.setRowCount(to - from);
    return root;
  }

  private static int[] queryData(TableSessionPool pool, PrintStream out) {
    int[] rows = new int[2];
    try (TableSession session = pool.getSession()) {
      for (int num = 0; num < 2; num++) {
        out.println("get data from table" + num);
        try (SessionDataSet result = session.executeQueryStatement("SELECT * FROM table" + num + " ORDER BY time")) {
          rows[num] = ResultPrinter.print(result, out, 100);
        }
      }
    }
    return rows;
  }

  private static void deleteData(TableSessionPool pool, PrintStream out) {
    try (TableSession session = pool.getSession()) {
      session.executeNonQueryStatement("DROP DATABASE IF EXISTS " + DB);
      out.println("data has been deleted. now the databases are:");
      try (SessionDataSet databases = session.executeQueryStatement("SHOW DATABASES")) {
        ResultPrinter.print(databases, out, 50);
      }
    }
  }
}
