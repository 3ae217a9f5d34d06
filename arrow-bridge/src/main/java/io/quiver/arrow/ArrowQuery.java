package io.quiver.arrow;

import io.quiver.arrow.internal.ResultSchema;
import io.quiver.arrow.internal.TsBlockArrowDecoder;
import io.quiver.client.DataType;
import io.quiver.client.QuiverSession;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.BlockCursor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs a query and returns its rows as Arrow: {@link #stream} batch by batch (one record batch per
 * fetch from the server), {@link #readAll} as one {@link VectorSchemaRoot}. Either session kind
 * ({@link QuiverSession}): a table-model {@code TableSession} or a tree-model {@code Session},
 * whose results start with the TsBlock's time as a {@code Time} column (unless the server says
 * the result has none), read as the TIMESTAMP row below, or as Int64 with {@link
 * Options#timeAsInt64()} (what the Python client's {@code todf()} gives).
 *
 * <pre>{@code
 * try (BufferAllocator allocator = new RootAllocator();
 *     TableSession session = TableSession.open(config);
 *     VectorSchemaRoot all = ArrowQuery.readAll(session, "SELECT * FROM t1", allocator)) {
 *   System.out.println(all.contentToTSVString());
 * }
 * }</pre>
 *
 * <h2>Type mapping</h2>
 *
 * Every column is a nullable field named as the server names it (aliases included; output
 * columns in the query's order, duplicates kept). The field metadata key {@code "iotdb.type"}
 * holds the IoTDB type name.
 *
 * <table>
 *   <caption>IoTDB types and the Arrow types they are read as</caption>
 *   <tr><th>IoTDB type</th><th>Arrow type (vector)</th><th>notes</th></tr>
 *   <tr><td>BOOLEAN</td><td>Bool (BitVector)</td><td></td></tr>
 *   <tr><td>INT32</td><td>Int(32, signed) (IntVector)</td><td></td></tr>
 *   <tr><td>INT64</td><td>Int(64, signed) (BigIntVector)</td><td></td></tr>
 *   <tr><td>FLOAT</td><td>FloatingPoint(SINGLE) (Float4Vector)</td><td>IEEE-754 bits as stored
 *       (NaN, infinities, -0.0)</td></tr>
 *   <tr><td>DOUBLE</td><td>FloatingPoint(DOUBLE) (Float8Vector)</td><td>likewise</td></tr>
 *   <tr><td>TEXT, STRING</td><td>Utf8 (VarCharVector)</td><td>the bytes as stored</td></tr>
 *   <tr><td>BLOB</td><td>Binary (VarBinaryVector)</td><td></td></tr>
 *   <tr><td>DATE</td><td>Date(DAY) (DateDayVector)</td><td>IoTDB's int yyyymmdd as days since
 *       1970-01-01; an int that is no date (IoTDB keeps whatever a raw insertTablet sent) fails
 *       with a {@link ResultConversionException} naming the row</td></tr>
 *   <tr><td>TIMESTAMP (and the {@code time} column)</td><td>Timestamp(unit, zone)
 *       (TimeStampMilliTZVector at the default millisecond precision)</td><td>the unit is the
 *       server's precision ({@code TableSession.timePrecision()}: ms, us or ns), so values are
 *       copied as they are; the zone is the session's ({@link QuiverSession#timeZone()}; a
 *       fixed offset such as UTC is written "+00:00", {@code UTC+8} "+08:00")</td></tr>
 * </table>
 *
 * A null is a null in Arrow (validity bit 0; its slot holds 0, false or an empty value). Run-length
 * columns (TAG and ATTRIBUTE columns arrive as one value per block) and dictionary columns are
 * expanded into plain vectors.
 *
 * <h2>Cost</h2>
 *
 * The TsBlocks of a fetch are decoded straight from the connection's read buffer into the Arrow
 * buffers, column by column: each value byte is read once and written once (swapped from
 * big-endian), strings are copied in bulk, and no object or Java array is made per value.
 *
 * <h2>Batch size</h2>
 *
 * One batch is one fetch: the server sends whole blocks (of up to 128 KiB, 2,500 rows of a narrow
 * table) until the fetch size is reached, so a batch holds about the fetch size in rows, one round
 * trip each. The Arrow path asks for {@link Options#DEFAULT_FETCH_SIZE} (65,536) rows per fetch,
 * not the session's {@code fetchSize} (5,000 by default, sized for reading row by row): on
 * loopback, larger fetches read the same result 10 to 35% faster (fewer round trips, during which
 * the server waits), and Arrow batches of that size are what columnar consumers want. A fetch
 * holds that many rows whatever their width, so for wide rows (large BLOB or TEXT values) choose a
 * smaller one with {@link Options#withFetchSize}.
 *
 * <p>No JVM flags are needed (no {@code --add-opens}); the allocator is the caller's.
 */
public final class ArrowQuery {
  private ArrowQuery() {}

  /**
   * Runs {@code sql} and returns its rows as a stream of Arrow batches, one per fetch, allocated
   * from {@code allocator}, with the {@linkplain Options#defaults() default options}. The caller
   * closes the stream (see {@link ArrowResultStream} for who owns what). The statement is retried
   * on a new connection as {@link QuiverSession#executeQueryStatement(String)} is; its fetches
   * are not (a fetch continues a query that only the failed connection held), so a connection that
   * fails mid-stream fails the stream.
   *
   * @throws io.quiver.client.StatementException if the server refuses the query
   * @throws io.quiver.client.ConnectionException if the connection fails (after the retries)
   */
  public static ArrowResultStream stream(QuiverSession session, String sql, BufferAllocator allocator) {
    return stream(session, sql, allocator, Options.defaults());
  }

  /** As {@link #stream(QuiverSession, String, BufferAllocator)}, with these options. */
  public static ArrowResultStream stream(QuiverSession session, String sql, BufferAllocator allocator,
      Options options) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(allocator, "allocator");
    Objects.requireNonNull(options, "options");
    BlockCursor cursor = session.openQueryCursor(sql, options.timeoutMs(), options.fetchSize());
    try {
      List<DataType> types = types(cursor, options);
      return new ArrowResultStream(allocator, cursor, schema(session, cursor, types, options), blockColumns(cursor),
          types, microsFrom(session, options));
    } catch (RuntimeException | Error e) {
      closeAfter(e, cursor);
      throw e;
    }
  }

  /**
   * Runs {@code sql} and returns all its rows in one root allocated from {@code allocator}, with
   * the {@linkplain Options#defaults() default options}; the caller closes the root. The vectors
   * grow as fetches arrive (doubling, so each value is copied about twice at most); for large
   * results, {@link #stream} uses less memory. The query is released on the server, and the root's
   * memory on failure, whatever happens.
   *
   * @throws io.quiver.client.StatementException if the server refuses the query
   * @throws io.quiver.client.ConnectionException if the connection fails
   * @throws ResultConversionException naming the column and row of a value Arrow cannot hold, or
   *     if a text or binary column exceeds the 2 GiB an Arrow vector holds
   */
  public static VectorSchemaRoot readAll(QuiverSession session, String sql, BufferAllocator allocator) {
    return readAll(session, sql, allocator, Options.defaults());
  }

  /** As {@link #readAll(QuiverSession, String, BufferAllocator)}, with these options. */
  public static VectorSchemaRoot readAll(QuiverSession session, String sql, BufferAllocator allocator,
      Options options) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(allocator, "allocator");
    Objects.requireNonNull(options, "options");
    BlockCursor cursor = session.openQueryCursor(sql, options.timeoutMs(), options.fetchSize());
    VectorSchemaRoot root = null;
    try {
      List<DataType> types = types(cursor, options);
      root = VectorSchemaRoot.create(schema(session, cursor, types, options), allocator);
      TsBlockArrowDecoder decoder =
          new TsBlockArrowDecoder(cursor.columnNames(), types, blockColumns(cursor),
              root.getFieldVectors(), microsFrom(session, options));
      int rows = 0;
      for (List<ByteBuffer> blocks = cursor.nextBlocks(); blocks != null; blocks = cursor.nextBlocks()) {
        rows += decoder.decode(blocks, rows, rows);
      }
      root.setRowCount(rows);
      cursor.close();
      return root;
    } catch (RuntimeException | Error e) {
      closeAfter(e, cursor);
      if (root != null) {
        try {
          root.close();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /**
   * How a query is read: the rows asked per fetch and the query's time limit on the server.
   * Immutable; {@code Options.defaults().withFetchSize(10_000).withTimeoutMs(30_000)}.
   */
  public static final class Options {
    /** The rows asked per fetch unless told otherwise: one Arrow batch of a narrow table. */
    public static final int DEFAULT_FETCH_SIZE = 65_536;

    private static final Options DEFAULTS = new Options(DEFAULT_FETCH_SIZE, 0, false, false);

    private final int fetchSize;
    private final long timeoutMs;
    private final boolean timeAsInt64;
    private final boolean timestampsAsMicrosUtc;

    private Options(int fetchSize, long timeoutMs, boolean timeAsInt64, boolean timestampsAsMicrosUtc) {
      this.fetchSize = fetchSize;
      this.timeoutMs = timeoutMs;
      this.timeAsInt64 = timeAsInt64;
      this.timestampsAsMicrosUtc = timestampsAsMicrosUtc;
    }

    /**
     * The tree model's leading {@code Time} column as Int64 (the raw times in the server's
     * precision, what the Python client's {@code todf()} gives) instead of a Timestamp in the
     * session's zone. Table-model results have no such column and are unaffected.
     */
    public Options timeAsInt64() {
      return new Options(fetchSize, timeoutMs, true, timestampsAsMicrosUtc);
    }

    /** True when {@link #timeAsInt64()} was asked. */
    public boolean isTimeAsInt64() {
      return timeAsInt64;
    }

    /** {@value #DEFAULT_FETCH_SIZE} rows per fetch, the server's default time limit. */
    public static Options defaults() {
      return DEFAULTS;
    }

    /**
     * The rows asked per fetch (a soft target: the server sends whole blocks until it is reached),
     * which is about the rows per batch of a stream.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Options withFetchSize(int rows) {
      if (rows <= 0) {
        throw new IllegalArgumentException("fetchSize: " + rows + " is not positive");
      }
      return new Options(rows, timeoutMs, timeAsInt64, timestampsAsMicrosUtc);
    }

    /**
     * The query's time limit on the server in milliseconds; 0 or less means the server's default
     * ({@code query_timeout_threshold}, 60 s unless configured). A query over its limit fails with
     * a {@code StatementException} (status 720).
     */
    public Options withTimeoutMs(long ms) {
      return new Options(fetchSize, Math.max(0, ms), timeAsInt64, timestampsAsMicrosUtc);
    }

    /**
     * With {@code true}, TIMESTAMP columns (and {@code time}) are read as Timestamp(MICROSECOND,
     * "UTC") (TimeStampMicroTZVector) whatever the server's precision, the form Spark's {@code
     * ArrowColumnVector} reads: milliseconds are multiplied by 1,000 while decoding (a time beyond
     * the microsecond range fails with a {@link ResultConversionException} naming the row),
     * nanoseconds floor-divided by 1,000. Default {@code false}: the server's precision and the
     * session's zone.
     */
    public Options withTimestampsAsMicrosUtc(boolean on) {
      return new Options(fetchSize, timeoutMs, timeAsInt64, on);
    }

    public boolean timestampsAsMicrosUtc() {
      return timestampsAsMicrosUtc;
    }

    public int fetchSize() {
      return fetchSize;
    }

    public long timeoutMs() {
      return timeoutMs;
    }

    @Override
    public String toString() {
      return "ArrowQuery.Options[fetchSize=" + fetchSize + ", timeoutMs=" + timeoutMs + ", timeAsInt64="
          + timeAsInt64 + (timestampsAsMicrosUtc ? ", timestampsAsMicrosUtc" : "") + "]";
    }
  }

  /** The IoTDB types the columns are read as: the tree model's {@code Time} as INT64 when asked. */
  private static List<DataType> types(BlockCursor cursor, Options options) {
    List<DataType> types = cursor.columnTypes();
    if (!options.isTimeAsInt64()) {
      return types;
    }
    List<DataType> out = new ArrayList<>(types);
    for (int i = 0; i < out.size(); i++) {
      if (cursor.blockColumn(i) == BlockCursor.TIME_COLUMN) {
        out.set(i, DataType.INT64);
      }
    }
    return out;
  }

  private static Schema schema(QuiverSession session, BlockCursor cursor, List<DataType> types, Options options) {
    if (options.timestampsAsMicrosUtc()) {
      return ResultSchema.ofMicrosUtc(cursor.columnNames(), types);
    }
    return ResultSchema.of(cursor.columnNames(), types, session.timePrecision(),
        session.timeZone());
  }

  private static TimePrecision microsFrom(QuiverSession session, Options options) {
    return options.timestampsAsMicrosUtc() ? session.timePrecision() : null;
  }

  private static int[] blockColumns(BlockCursor cursor) {
    int[] columns = new int[cursor.columnNames().size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = cursor.blockColumn(i);
    }
    return columns;
  }

  private static void closeAfter(Throwable failure, BlockCursor cursor) {
    try {
      cursor.close();
    } catch (RuntimeException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }
}
