package io.quiver.client;

import io.quiver.client.internal.Dialect;
import io.quiver.client.internal.EncodedRows;
import io.quiver.client.internal.session.SessionWiring;
import io.quiver.client.internal.tree.DeviceBatch;
import io.quiver.client.internal.tree.TreePaths;
import io.quiver.client.internal.tree.TreeTablet;
import io.quiver.client.internal.tree.TreeTablets;
import io.quiver.client.spi.BlockCursor;
import io.quiver.client.spi.DeviceRows;
import io.quiver.client.spi.InsertBatch;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A session on IoTDB's tree model ({@code root.<database>.<device>.<measurement>} series), as the
 * Python client's {@code Session}: inserts of one device ({@link #insertTablet}, {@link
 * #insertAlignedTablet}) or many in one request ({@link #insertTablets}), single rows ({@link
 * #insertRecord}), statements and queries.
 *
 * <pre>{@code
 * try (Session session = Session.open(SessionConfig.builder().host("127.0.0.1").port(6667).build())) {
 *   session.executeNonQueryStatement("CREATE ALIGNED TIMESERIES root.eg.etth(s1 DOUBLE, s2 TEXT)");
 *   session.insertAlignedTablet(Tablet.builder("root.eg.etth")       // the device path
 *       .field("s1", DataType.DOUBLE).field("s2", DataType.TEXT).row(1L, 1.5, "a").build());
 *   try (SessionDataSet rows = session.executeQueryStatement("select * from root.eg.etth")) {
 *     rows.getColumnNames();                                           // [Time, root.eg.etth.s1, ...]
 *   }
 * }
 * }</pre>
 *
 * <p>A tree session is the table session's core opened in the tree dialect: the same connection
 * with failover, retries, replay window after a reconnect, frame splitting, TLS and compression
 * (see {@link TableSession} and the README). Only the requests differ: a batch's table name is the
 * device path and every column a measurement (categories are ignored), written as {@code
 * TSInsertTabletReq}/{@code TSInsertTabletsReq}. Device paths and measurement names are checked
 * before any byte is sent ({@link InvalidBatchException} naming the path and column).
 *
 * <p>Query results show the time as a leading {@code Time} column (TIMESTAMP: {@code
 * getTimestamp("Time")}, {@code getLong(0)} for the raw value) unless the server says the result
 * has none (aggregations without GROUP BY, SHOW ...), and name columns as the server does (full
 * paths such as {@code root.eg.etth.s1}; {@code Device} first under ALIGN BY DEVICE).
 *
 * <p>Errors: as {@link TableSession}'s. A type the series already has differently is refused by
 * the server with status 507 naming the series; the other measurements (and devices) of that
 * request are written anyway (the server's behaviour), which the message of the {@link
 * StatementException} says.
 *
 * <p>Not thread-safe; use one per thread, or a {@link SessionPool}.
 */
public final class Session implements QuiverSession {
  private final SessionConfig config;
  private final TableSession core;
  private EncodedRows encoded;

  private Session(SessionConfig config, TableSession core) {
    this.config = config;
    this.core = core;
  }

  /**
   * Connects and opens a tree-dialect session on the first node that answers.
   *
   * @throws ConnectionException if no configured node answers
   * @throws AuthenticationException if the server refuses the user name or password
   */
  public static Session open(SessionConfig config) {
    Objects.requireNonNull(config, "config");
    return new Session(config, TableSession.open(config.core(), SessionWiring.of(config.core(), Dialect.TREE)));
  }

  /** As {@link #open(SessionConfig)}, with the network and clock given (unit tests). */
  static Session open(SessionConfig config, SessionWiring wiring) {
    return new Session(config, TableSession.open(config.core(), wiring));
  }

  /** A pooled session over a borrowed core session (its close hands the core back). */
  static Session over(SessionConfig config, TableSession core) {
    return new Session(config, core);
  }

  public SessionConfig config() {
    return config;
  }

  /**
   * Writes one device's rows, non-aligned (Python's {@code insert_tablet}): a row {@link
   * Tablet}, an {@code ArrowTablet} or any {@link InsertBatch} whose table name is the device path
   * ({@code root.sg.d1}) and whose columns are its measurements. Rows are sent in time order (a
   * stable sort when they are not). Retries, frame splitting and the replay window as {@link
   * TableSession#insert}.
   *
   * @throws InvalidBatchException before anything is sent: a bad path or measurement name, a
   *     duplicate measurement, bad data
   * @throws StatementException if the server refuses the rows (507 for a type the series has
   *     differently: the message names the series)
   */
  public void insertTablet(InsertBatch tablet) {
    insert(tablet, false);
  }

  /** As {@link #insertTablet}, into an aligned device (Python's {@code insert_aligned_tablet}). */
  public void insertAlignedTablet(InsertBatch tablet) {
    insert(tablet, true);
  }

  private void insert(InsertBatch tablet, boolean aligned) {
    Objects.requireNonNull(tablet, "tablet");
    if (tablet.rowCount() == 0) {
      return;
    }
    TreePaths.check(new DeviceBatch(tablet.tableName(), tablet));
    try {
      core.insert(new TreeTablet(tablet, aligned));
    } catch (StatementException e) {
      throw partlyWritten(e, "measurements");
    }
  }

  /** IoTDB's status when some values of a tree insert were refused and the rest written. */
  private static final int PARTLY_WRITTEN = 507;

  /**
   * A 507 answer says so: IoTDB 2.0.10 writes every other measurement (and device) of the request
   * and refuses only the values named in its message (docs/tree-model.md, section 1).
   */
  private static StatementException partlyWritten(StatementException e, String others) {
    if (e.statusCode() != PARTLY_WRITTEN) {
      return e;
    }
    return new StatementException("the server refused some values and wrote the request's other " + others
        + " (IoTDB writes all but the values its message names)", e.statusCode(), e.serverMessage(),
        e.isRetryable(), e);
  }

  /**
   * Writes many devices' rows in as few requests as the server's frame limit allows ({@code
   * insertTablets}, Python's {@code insert_tablets}); each tablet's table name is its device path.
   * Every path and name is checked before the first byte is sent. When more than one request is
   * needed and one fails after others were acknowledged, a {@link PartialInsertException} counts
   * the rows acknowledged.
   */
  public void insertTablets(List<? extends InsertBatch> tablets) {
    insertTablets(tablets, false);
  }

  /** As {@link #insertTablets(List)}, every device aligned. */
  public void insertAlignedTablets(List<? extends InsertBatch> tablets) {
    insertTablets(tablets, true);
  }

  private void insertTablets(List<? extends InsertBatch> tablets, boolean aligned) {
    Objects.requireNonNull(tablets, "tablets");
    List<DeviceBatch> devices = new ArrayList<>(tablets.size());
    for (InsertBatch t : tablets) {
      Objects.requireNonNull(t, "a tablet in the list is null");
      if (t.rowCount() > 0) {
        devices.add(new DeviceBatch(t.tableName(), t));
      }
    }
    send(devices, aligned);
  }

  /**
   * Writes the rows of many devices from one batch, in one request when it fits (see {@link
   * #insertTablets(List)}): {@code rows} gives the devices and their rows (the Arrow bridge's
   * {@code ArrowDeviceBatch} from a device column). The batch is encoded once, in one pass, and
   * each device's rows are selected from the encoded bytes.
   */
  public void insertTablets(DeviceRows rows, boolean aligned) {
    Objects.requireNonNull(rows, "rows");
    InsertBatch all = rows.batch();
    if (all.rowCount() == 0) {
      return;
    }
    for (int g = 0; g < rows.deviceCount(); g++) {
      TreePaths.check(new DeviceBatch(rows.devicePath(g), all));
    }
    if (encoded == null) {
      encoded = new EncodedRows();
    }
    EncodedRows e = encoded.encode(all, core.timePrecision());
    int[] order = rows.rows();
    List<DeviceBatch> devices = new ArrayList<>(rows.deviceCount());
    for (int g = 0; g < rows.deviceCount(); g++) {
      int from = rows.start(g);
      int to = rows.end(g);
      if (to > from) {
        int[] picked = Arrays.copyOfRange(order, from, to);
        devices.add(new DeviceBatch(rows.devicePath(g), e.select(picked, picked.length)));
      }
    }
    send(devices, aligned);
  }

  /**
   * Sends devices packed into requests under the server's frame limit, in order; a device too
   * large alone goes as its own {@code insertTablet}, cut by rows.
   */
  private void send(List<DeviceBatch> devices, boolean aligned) {
    if (devices.isEmpty()) {
      return;
    }
    for (DeviceBatch d : devices) {
      TreePaths.check(d);
    }
    long limit = (long) core.serverMaxFrameSize() - (core.serverMaxFrameSize() >> 3);
    List<InsertBatch> requests = new ArrayList<>();
    List<DeviceBatch> pending = new ArrayList<>();
    long size = 256;
    for (DeviceBatch d : devices) {
      long bound = TreeTablets.frameBound(d);
      if (bound + 256 > limit) {
        requests.add(new TreeTablet(d.batch(), aligned));
        continue;
      }
      if (size + bound > limit && !pending.isEmpty()) {
        requests.add(new TreeTablets(pending, aligned));
        pending = new ArrayList<>();
        size = 256;
      }
      pending.add(d);
      size += bound;
    }
    if (!pending.isEmpty()) {
      requests.add(new TreeTablets(pending, aligned));
    }
    long total = 0;
    for (InsertBatch r : requests) {
      total += r.rowCount();
    }
    long acknowledged = 0;
    for (InsertBatch r : requests) {
      try {
        try {
          core.insert(r);
        } catch (StatementException e) {
          throw partlyWritten(e, "measurements and devices");
        }
      } catch (PartialInsertException e) {
        throw new PartialInsertException(devices.size() + " devices", acknowledged + e.acknowledgedRows(),
            acknowledged + e.acknowledgedPrefixRows(), total, "", e);
      } catch (QuiverException e) {
        if (acknowledged == 0) {
          throw e;
        }
        throw new PartialInsertException(devices.size() + " devices", acknowledged, acknowledged, total, "", e);
      }
      acknowledged += r.rowCount();
    }
  }

  /**
   * Writes one row of one device (Python's {@code insert_record}): parallel lists of measurement
   * names, types and values (a null value leaves that measurement out of the row).
   */
  public void insertRecord(String devicePath, long time, List<String> measurements, List<DataType> types,
      List<?> values) {
    insertTablet(record(devicePath, time, measurements, types, values));
  }

  /** As {@link #insertRecord}, into an aligned device. */
  public void insertAlignedRecord(String devicePath, long time, List<String> measurements, List<DataType> types,
      List<?> values) {
    insertAlignedTablet(record(devicePath, time, measurements, types, values));
  }

  /**
   * Writes rows of many devices in one request (Python's {@code insert_records}): parallel lists,
   * one entry per row.
   *
   * @throws IllegalArgumentException if the lists differ in length
   */
  public void insertRecords(List<String> devicePaths, List<Long> times, List<List<String>> measurements,
      List<List<DataType>> types, List<List<?>> values) {
    int n = devicePaths.size();
    if (times.size() != n || measurements.size() != n || types.size() != n || values.size() != n) {
      throw new IllegalArgumentException("insertRecords: " + n + " device paths, " + times.size() + " times, "
          + measurements.size() + " measurement lists, " + types.size() + " type lists and " + values.size()
          + " value lists; give one of each per row");
    }
    List<Tablet> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(record(devicePaths.get(i), times.get(i), measurements.get(i), types.get(i), values.get(i)));
    }
    insertTablets(rows);
  }

  private static Tablet record(String devicePath, long time, List<String> measurements, List<DataType> types,
      List<?> values) {
    Objects.requireNonNull(devicePath, "devicePath");
    if (measurements.size() != types.size() || types.size() != values.size()) {
      throw new IllegalArgumentException("insertRecord into '" + devicePath + "': " + measurements.size()
          + " measurements, " + types.size() + " types and " + values.size() + " values; give one of each");
    }
    Tablet.Builder b = Tablet.builder(devicePath);
    List<Object> row = new ArrayList<>();
    for (int i = 0; i < measurements.size(); i++) {
      if (values.get(i) != null) {
        b.field(measurements.get(i), types.get(i));
        row.add(values.get(i));
      }
    }
    return b.row(time, row.toArray()).build();
  }

  @Override
  public void executeNonQueryStatement(String sql) {
    core.executeNonQueryStatement(sql);
  }

  @Override
  public SessionDataSet executeQueryStatement(String sql) {
    return core.executeQueryStatement(sql);
  }

  @Override
  public SessionDataSet executeQueryStatement(String sql, long timeoutMs) {
    return core.executeQueryStatement(sql, timeoutMs);
  }

  @Override
  public BlockCursor openQueryCursor(String sql, long timeoutMs, int fetchSize) {
    return core.openQueryCursor(sql, timeoutMs, fetchSize);
  }

  @Override
  public TimePrecision timePrecision() {
    return core.timePrecision();
  }

  @Override
  public ZoneId timeZone() {
    return core.timeZone();
  }

  /** The server's version, as it reported when the session opened. Does no I/O. */
  public String serverVersion() {
    return core.serverVersion();
  }

  /** What redirection did for this session (see {@link TableSession#redirectStats()}). No I/O. */
  public RedirectStats redirectStats() {
    return core.redirectStats();
  }

  /** The replay window's figures (see {@link TableSession#replayStats()}). */
  public ReplayStats replayStats() {
    return core.replayStats();
  }

  /** See {@link TableSession#flush()}: waits for the answers of pipelined inserts. */
  public void flush() {
    core.flush();
  }

  /** See {@link TableSession#awaitReplayWindow()}. */
  public void awaitReplayWindow() {
    core.awaitReplayWindow();
  }

  /** Result sets and raw cursors not yet read to the end nor closed. */
  public int openResultCount() {
    return core.openResultCount();
  }

  @Override
  public boolean isClosed() {
    return core.isClosed();
  }

  /**
   * Closes the session as {@link TableSession#close()} does; a session borrowed from a {@link
   * SessionPool} is handed back to it instead (Python's {@code put_back}).
   */
  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "Session[" + (core.isClosed() ? "closed" : core.endpoint()) + "]";
  }
}
