package io.quiver.arrow;

import io.quiver.arrow.internal.TsBlockArrowDecoder;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.BlockCursor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rows of a query as a stream of Arrow record batches, one per fetch from the server; made by
 * {@link ArrowQuery#stream}. It is an Arrow {@link ArrowReader}, read the usual way:
 *
 * <pre>{@code
 * try (ArrowResultStream result = ArrowQuery.stream(session, "SELECT time, dev, m0 FROM t", allocator)) {
 *   VectorSchemaRoot root = result.getVectorSchemaRoot();
 *   while (result.loadNextBatch()) {
 *     // root now holds the next batch: root.getRowCount() rows
 *   }
 * }
 * }</pre>
 *
 * and anything that takes an {@code ArrowReader} takes it (for example Arrow's C Data interface,
 * {@code Data.exportArrayStream}, to hand the stream to Python or DuckDB without a copy).
 *
 * <h2>Who owns what</h2>
 *
 * <ul>
 *   <li>The stream owns its one {@link VectorSchemaRoot} ({@link #getVectorSchemaRoot()}, the same
 *       object for the whole stream) and closes it in {@link #close()}. Don't close it yourself.
 *   <li>Each {@link #loadNextBatch()} gives the root's vectors <b>new buffers</b> (allocated from
 *       the caller's allocator) and releases the stream's hold on the previous ones; it never
 *       writes into memory of an earlier batch. So the root shows one batch at a time, and to keep
 *       a batch past the next call, take its buffers: transfer the vectors ({@code
 *       vector.getTransferPair(allocator).transfer()}, or {@code VectorSchemaRoot.slice}, or
 *       {@code VectorUnloader}). What you took stays valid, and yours to close, after the stream
 *       moves on or closes.
 *   <li>After the last batch, {@code loadNextBatch()} returns false and the root is cleared (0 rows,
 *       no memory held).
 * </ul>
 *
 * <h2>The query on the server</h2>
 *
 * The query runs when the stream is made ({@link ArrowQuery#stream}: a bad statement fails
 * there). It is released on the server when the last batch has been read (the server does it
 * itself), when the stream is closed early, when a {@code loadNextBatch} fails (a connection
 * error, a value Arrow cannot hold, ...), and when the session closes. A stream whose session
 * closed, or that failed, throws on the next {@code loadNextBatch} rather than look finished;
 * close it all the same, to release its Arrow memory. Close the stream before its allocator.
 *
 * <p>Each batch is decoded completely inside {@code loadNextBatch}, so between two calls the session
 * may run other statements. Neither the stream nor the session is thread-safe: use them from one
 * thread at a time.
 */
public final class ArrowResultStream extends ArrowReader {
  private final BlockCursor cursor;
  private final Schema schema;
  private final List<String> names;
  private final List<DataType> types;
  private final TimePrecision microsFrom;
  private final int[] blockColumns;
  private TsBlockArrowDecoder decoder;
  private long rows;
  private int batches;
  private boolean ended;
  private RuntimeException failure;
  private boolean closed;

  ArrowResultStream(BufferAllocator allocator, BlockCursor cursor, Schema schema, int[] blockColumns) {
    this(allocator, cursor, schema, blockColumns, cursor.columnTypes(), null);
  }

  /**
   * With the IoTDB types the columns are read as ({@code Time} as INT64 when asked); with {@code
   * microsFrom} not null, TIMESTAMP columns are rescaled from it to microseconds.
   */
  ArrowResultStream(BufferAllocator allocator, BlockCursor cursor, Schema schema, int[] blockColumns,
      List<DataType> types, TimePrecision microsFrom) {
    super(allocator);
    this.cursor = cursor;
    this.schema = schema;
    this.names = cursor.columnNames();
    this.types = types;
    this.microsFrom = microsFrom;
    this.blockColumns = blockColumns;
  }

  /** The Arrow schema of the result (also {@code getVectorSchemaRoot().getSchema()}). */
  public Schema schema() {
    return schema;
  }

  /** The IoTDB type of each column, in order. */
  public List<DataType> columnTypes() {
    return types;
  }

  /**
   * The one root every batch is loaded into, owned by the stream (see the class comment). Before
   * the first {@link #loadNextBatch()} it has the schema and no rows.
   */
  @Override
  public VectorSchemaRoot getVectorSchemaRoot() {
    if (closed) {
      throw new IllegalStateException("this ArrowResultStream is closed");
    }
    try {
      return super.getVectorSchemaRoot();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not thrown: the schema is already known
    }
  }

  /**
   * Loads the next fetch's rows into the root (fetching them from the server); fetches without
   * rows are passed over.
   *
   * @return false when the result has no more rows (the root is then cleared)
   * @throws io.quiver.client.SessionClosedException if the session (or this stream) was closed
   *     before the end
   * @throws io.quiver.client.ConnectionException, io.quiver.client.StatementException if fetching
   *     fails (a query timeout is a StatementException with status 720)
   * @throws ResultConversionException naming the column and row of a value Arrow cannot hold
   */
  @Override
  public boolean loadNextBatch() {
    if (closed) {
      throw new IllegalStateException("this ArrowResultStream is closed");
    }
    if (failure != null) {
      throw new IllegalStateException("this ArrowResultStream failed earlier: " + failure.getMessage(), failure);
    }
    VectorSchemaRoot root = getVectorSchemaRoot();
    if (ended) {
      return false;
    }
    if (decoder == null) {
      decoder = new TsBlockArrowDecoder(names, types, blockColumns, root.getFieldVectors(), microsFrom);
    }
    try {
      while (true) {
        List<ByteBuffer> blocks = cursor.nextBlocks();
        if (blocks == null) {
          ended = true;
          root.clear();
          return false;
        }
        int n = decoder.decode(blocks, 0, rows);
        if (n > 0) {
          root.setRowCount(n);
          rows += n;
          batches++;
          return true;
        }
      }
    } catch (RuntimeException e) {
      failure = e;
      try {
        root.setRowCount(0);
        cursor.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The rows loaded so far, over all batches. */
  public long rowCount() {
    return rows;
  }

  /** The batches loaded so far. */
  public int batchCount() {
    return batches;
  }

  /** The bytes of serialized TsBlocks decoded so far. */
  @Override
  public long bytesRead() {
    return decoder == null ? 0 : decoder.bytesRead();
  }

  /** True while the server still holds the query (not read to the end, nor closed, nor failed). */
  public boolean isOpenOnServer() {
    return cursor.isOpenOnServer();
  }

  /**
   * Releases the query on the server if it is still open there, and the stream's Arrow memory
   * (the root and the current batch's buffers). Idempotent; the memory is released even if
   * releasing the query fails.
   */
  @Override
  public void close() {
    close(true);
  }

  @Override
  public void close(boolean closeReadSource) {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (closeReadSource) {
        cursor.close();
      }
    } finally {
      try {
        super.close(false);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // not thrown: closing vectors does no I/O
      }
    }
  }

  @Override
  protected void closeReadSource() {
    cursor.close();
  }

  @Override
  protected Schema readSchema() {
    return schema;
  }

  @Override
  public String toString() {
    return "ArrowResultStream" + names + " (" + rows + " rows in " + batches + " batches"
        + (closed ? ", closed" : ended ? ", ended" : "") + ")";
  }
}
