package io.quiver.it.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.arrow.ArrowDeviceBatch;
import io.quiver.arrow.ArrowTablet;
import io.quiver.client.QuiverException;
import io.quiver.client.ReplayStats;
import io.quiver.client.Session;
import io.quiver.client.SessionConfig;
import io.quiver.it.support.DedicatedIoTDB;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iotdb.isession.SessionDataSet;
import org.apache.tsfile.read.common.RowRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The tree model through a DataNode crash: a tree {@link Session} ingests 200 Arrow tablets of
 * 10,000 rows (3 measurements: DOUBLE, INT64, FLOAT; every row its own time), the DataNode is
 * killed with SIGKILL once tablet 150 is acknowledged and started again 5 s later, and every row
 * Quiver acknowledged must be on the server afterwards, counted per tablet by the official {@code
 * Session}. Both insert paths: {@code insertTablet} (one device, an {@link ArrowTablet}) and
 * {@code insertTablets} (ten devices in one request, an {@link ArrowDeviceBatch} over a device
 * column).
 *
 * <p>IoTDB 2.0.10 acknowledges inserts before its write-ahead log is synced, so a kill loses what
 * it acknowledged in its last moment; the replay window (on by default) re-sends the tree frames
 * it kept after the reconnect, as it does for table frames ({@code DataNodeCrashIT}, which also
 * shows the loss with the window off). Runs: the node back within the session's retry budget (the
 * insert that met the kill waits) for each path, and the node down longer than the budget for
 * {@code insertTablets} (inserts fail, the loop tries them again a second later, as a loader does).
 *
 * <p>Own instance "it-tree-crash" (client port 25667), wiped at start and stopped at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TreeDataNodeCrashIT {
  private static final String DB = "root.tree_crash";
  private static final int TABLET_ROWS = 10_000;
  private static final int TABLETS = 200;
  private static final int DEVICES = 10;
  /** The kill is sent when this tablet is acknowledged; the ingest goes on meanwhile. */
  private static final int KILL_AFTER_TABLET = 150;
  /**
   * A pause after each tablet before the kill, so it comes at least 3.75 s in: longer than the
   * replay window, whose oldest frames must have left by then.
   */
  private static final long PACE_MS = 25;
  private static final long T0 = 1_700_000_000_000L;
  private static final Duration DOWN = Duration.ofSeconds(5);

  private static DedicatedIoTDB server;
  private static BufferAllocator allocator;
  private static VectorSchemaRoot root;
  private static int runs;
  private static final List<String> figures = new ArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    server = DedicatedIoTDB.start("it-tree-crash", Map.of());
    allocator = new RootAllocator();
    root = VectorSchemaRoot.create(new Schema(List.of(
        Field.nullable("time", new ArrowType.Timestamp(
            org.apache.arrow.vector.types.TimeUnit.MILLISECOND, null)),
        Field.nullable("dev", ArrowType.Utf8.INSTANCE),
        Field.nullable("v", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
        Field.nullable("n", new ArrowType.Int(64, true)),
        Field.nullable("f", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)))),
        allocator);
    root.allocateNew();
    fillShared();
    org.apache.iotdb.session.Session official = official();
    try {
      official.executeNonQueryStatement("CREATE DATABASE " + DB);
    } finally {
      official.close();
    }
  }

  @AfterAll
  static void stopServer() {
    System.out.println("[quiver-it] tree DataNode crash runs (acknowledged rows missing"
        + " afterwards):");
    figures.forEach(f -> System.out.println("[quiver-it]   " + f));
    try {
      if (root != null) {
        root.close();
      }
      if (allocator != null) {
        allocator.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private static org.apache.iotdb.session.Session official() throws Exception {
    String[] hp = server.endpoint().split(":");
    org.apache.iotdb.session.Session s = new org.apache.iotdb.session.Session.Builder().host(hp[0])
        .port(Integer.parseInt(hp[1])).build();
    s.open(false);
    return s;
  }

  private static SessionConfig.Builder config() {
    return SessionConfig.builder().nodeUrls(server.endpoint())
        .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(60));
  }

  /** The columns every tablet shares: ten devices (row r on device r % 10) and field values. */
  private static void fillShared() {
    VarCharVector dev = (VarCharVector) root.getVector("dev");
    Float8Vector v = (Float8Vector) root.getVector("v");
    Float4Vector f = (Float4Vector) root.getVector("f");
    for (int r = 0; r < TABLET_ROWS; r++) {
      dev.setSafe(r, ("d" + (r % DEVICES)).getBytes(StandardCharsets.UTF_8));
      v.setSafe(r, r * 0.5);
      f.setSafe(r, r);
    }
  }

  /** Makes tablet {@code k}: times T0 + k * 10,000 + row (and n = time). */
  private static void fill(int k) {
    TimeStampMilliVector time = (TimeStampMilliVector) root.getVector("time");
    BigIntVector n = (BigIntVector) root.getVector("n");
    long first = T0 + (long) k * TABLET_ROWS;
    for (int r = 0; r < TABLET_ROWS; r++) {
      time.setSafe(r, first + r);
      n.setSafe(r, first + r);
    }
    root.setRowCount(TABLET_ROWS);
  }

  /** How a tablet is written: its rows under {@code base} (a device, or a prefix of devices). */
  private interface Path {
    void insert(Session session, String base);
  }

  /** {@code insertTablet}: every row into device {@code base.d} (the device column as TEXT). */
  private static final Path ONE_DEVICE = (s, base) ->
      s.insertTablet(ArrowTablet.builder(base + ".d", root).asText("dev").build());

  /** {@code insertTablets}: rows grouped by the device column, devices {@code base.d0..d9}. */
  private static final Path MANY_DEVICES = (s, base) ->
      s.insertTablets(ArrowDeviceBatch.builder(root, "dev").prefix(base).build(), false);

  /** What one run measured. */
  private record Run(String label, long acknowledgedRows, long missingRows, int failedInserts,
      ReplayStats replay, double killAfterSeconds, Duration down, double seconds) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%-50s acknowledged %,9d  missing %,7d  failed inserts %2d"
              + "  replayed %,9d rows (%3d frames)  killed %.1f s in  node down %.1f s  run %.1f s",
          label, acknowledgedRows, missingRows, failedInserts, replay.replayedRows(),
          replay.replayedFrames(), killAfterSeconds, down.toMillis() / 1000.0, seconds);
    }
  }

  /**
   * Writes the 200 tablets through one session along {@code path}, killing the DataNode once
   * tablet {@link #KILL_AFTER_TABLET} is acknowledged and starting it {@link #DOWN} later. A failed
   * (retryable) insert is tried again a second later until acknowledged. Then counts, per tablet,
   * the rows on the server.
   */
  private static Run ingestThroughACrash(String label, Path path, SessionConfig config)
      throws Exception {
    long t0 = System.nanoTime();
    String base = DB + ".run" + (++runs);
    ExecutorService crasher = Executors.newSingleThreadExecutor();
    Future<Duration> crash = null;
    boolean[] acknowledged = new boolean[TABLETS];
    int failedInserts = 0;
    long ingestStart = System.nanoTime();
    long killedAt = 0;
    try (Session s = Session.open(config)) {
      for (int k = 0; k < TABLETS; k++) {
        fill(k);
        for (int attempt = 1; ; attempt++) {
          try {
            path.insert(s, base);
            break;
          } catch (QuiverException e) {
            failedInserts++;
            if (!e.isRetryable() || attempt >= 300) {
              throw new AssertionError(label + ": tablet " + k + " failed for good: "
                  + e.getMessage(), e);
            }
            if (failedInserts <= 2) {
              System.out.println("[quiver-it] " + label + ": tablet " + k
                  + " not acknowledged, trying again in 1 s: " + e.getMessage());
            }
            Thread.sleep(1000);
          }
        }
        acknowledged[k] = true;
        if (k < KILL_AFTER_TABLET) {
          Thread.sleep(PACE_MS);
        }
        if (k == KILL_AFTER_TABLET) {
          killedAt = System.nanoTime();
          crash = crasher.submit(() -> {
            server.killDataNode();
            long down = System.nanoTime();
            Thread.sleep(DOWN.toMillis());
            server.startDataNode();
            return Duration.ofNanos(System.nanoTime() - down);
          });
        }
      }
      ReplayStats replay = s.replayStats();
      Duration down = crash.get(10, TimeUnit.MINUTES);
      s.close();
      long[] counts = countPerTablet(base);
      long missing = 0;
      long acknowledgedRows = 0;
      for (int k = 0; k < TABLETS; k++) {
        assertTrue(counts[k] <= TABLET_ROWS,
            label + ": tablet " + k + " has " + counts[k] + " rows");
        if (acknowledged[k]) {
          acknowledgedRows += TABLET_ROWS;
          missing += TABLET_ROWS - counts[k];
        }
      }
      Run run = new Run(label, acknowledgedRows, missing, failedInserts, replay,
          (killedAt - ingestStart) / 1e9, down, (System.nanoTime() - t0) / 1e9);
      figures.add(run.toString());
      System.out.println("[quiver-it] " + run);
      return run;
    } finally {
      crasher.shutdownNow();
    }
  }

  /**
   * Rows on the server per tablet (its 10,000 ms of time), read with the official session: {@code
   * count(v)} per 10,000 ms window over every device under {@code base}, summed across devices;
   * the other two measurements must hold as many values in total.
   */
  private static long[] countPerTablet(String base) throws Exception {
    long[] counts = new long[TABLETS];
    long end = T0 + (long) TABLETS * TABLET_ROWS;
    org.apache.iotdb.session.Session official = official();
    try {
      String from = base + ".**";
      long sum = 0;
      try (SessionDataSet ds = official.executeQueryStatement("select count(v) from " + from
          + " group by ([" + T0 + ", " + end + "), " + TABLET_ROWS + "ms)")) {
        while (ds.hasNext()) {
          RowRecord r = ds.next();
          long k = (r.getTimestamp() - T0) / TABLET_ROWS;
          for (org.apache.tsfile.read.common.Field f : r.getFields()) {
            if (f != null && f.getDataType() != null) {
              counts[(int) k] += f.getLongV();
            }
          }
          sum += counts[(int) k];
        }
      }
      for (String m : List.of("n", "f")) {
        long total = 0;
        try (SessionDataSet ds = official.executeQueryStatement("select count(" + m + ") from "
            + from)) {
          for (org.apache.tsfile.read.common.Field f : ds.next().getFields()) {
            total += f.getLongV();
          }
        }
        assertEquals(sum, total, "count(" + m + ") under " + base + " agrees with count(v)");
      }
    } finally {
      official.close();
    }
    return counts;
  }

  /**
   * Retries for up to 5 min: the node is down 5 s and takes 5 to 20 s more to start, longer on a
   * busy machine.
   */
  private static SessionConfig backWithinTheBudget() {
    return config().maxRetry(80).retryInterval(Duration.ofMillis(200))
        .retryBudget(Duration.ofMinutes(5)).build();
  }

  private static void assertNoLossAndAReplay(Run run) {
    assertTrue(run.replay().replayedFrames() > 0, "the reconnect replayed the window: " + run);
    assertTrue(run.replay().replayedFrames() < KILL_AFTER_TABLET,
        "the frames the server had outlived by the window left it before the kill: " + run);
    assertEquals(0, run.replay().droppedFrames(), "the window never overflowed: " + run);
    assertEquals(0, run.missingRows(), "acknowledged rows missing: " + run);
  }

  @Order(1)
  @Test
  void insertTabletLosesNoAcknowledgedRowWhenTheNodeIsBackWithinTheRetryBudget() throws Exception {
    Run run = ingestThroughACrash("insertTablet, one device, back within the budget", ONE_DEVICE,
        backWithinTheBudget());
    assertEquals(0, run.failedInserts(), "the session's own retries rode out the crash: " + run);
    assertNoLossAndAReplay(run);
  }

  @Order(2)
  @Test
  void insertTabletsLosesNoAcknowledgedRowWhenTheNodeIsBackWithinTheRetryBudget() throws Exception {
    Run run = ingestThroughACrash("insertTablets, 10 devices, back within the budget",
        MANY_DEVICES, backWithinTheBudget());
    assertEquals(0, run.failedInserts(), "the session's own retries rode out the crash: " + run);
    assertNoLossAndAReplay(run);
  }

  @Order(3)
  @Test
  void insertTabletsLosesNoAcknowledgedRowWhenTheNodeIsDownLongerThanTheRetryBudget()
      throws Exception {
    SessionConfig config = config().maxRetry(2).retryInterval(Duration.ofMillis(200))
        .retryBudget(Duration.ofSeconds(2)).build();
    Run run = ingestThroughACrash("insertTablets, 10 devices, down longer than the budget",
        MANY_DEVICES, config);
    assertTrue(run.failedInserts() > 0, "inserts failed while the node was down: " + run);
    assertTrue(run.replay().replayedFrames() > 0,
        "the reconnect after the failures replayed the window: " + run);
    assertEquals(0, run.missingRows(), "acknowledged rows missing: " + run);
  }
}
