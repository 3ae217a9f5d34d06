package io.quiver.spark.internal;

import io.quiver.arrow.ArrowQuery;
import io.quiver.arrow.ArrowResultStream;
import io.quiver.client.QuiverSession;
import io.quiver.client.Session;
import io.quiver.client.TableSession;
import io.quiver.spark.QuiverOptions;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads one partition (of a table, or a tree-model query): its statement through {@link ArrowQuery#stream}, each fetch a {@link
 * ColumnarBatch} over the stream's Arrow vectors, wrapped in Spark's {@link ArrowColumnVector}
 * without a copy. TIMESTAMP columns are decoded as microseconds UTC (the unit {@code
 * ArrowColumnVector} reads), or with {@code timeAs=long} kept in the server's precision and read
 * as longs ({@link TimeCountColumnVector}). Spark consumes a batch before asking for the next, and
 * the stream gives its vectors new buffers per batch. The session, the stream and the task's
 * allocator are released in {@link #close()}.
 */
final class QuiverColumnarReader implements PartitionReader<ColumnarBatch> {
  private final int columns;
  private final boolean timeAsLong;
  private final QuiverSession session;
  private final BufferAllocator allocator;
  private final ArrowResultStream stream;

  QuiverColumnarReader(QuiverOptions options, String sql, int columns, boolean timeAsLong, boolean tree) {
    this.columns = columns;
    this.timeAsLong = timeAsLong;
    this.session = tree ? Session.open(options.treeSessionConfig())
        : TableSession.open(options.sessionConfig().toBuilder().enableRedirection(false)
            .awaitWindowOnClose(false).build());
    BufferAllocator a = null;
    try {
      a = new RootAllocator();
      QueryLog.sent(sql);
      this.stream = ArrowQuery.stream(session, sql, a, ArrowQuery.Options.defaults()
          .withFetchSize(options.fetchSize()).withTimeoutMs(options.queryTimeoutMs())
          .withTimestampsAsMicrosUtc(!timeAsLong));
      this.allocator = a;
    } catch (RuntimeException | Error e) {
      if (a != null) {
        a.close();
      }
      closeSession();
      throw e;
    }
  }

  @Override
  public boolean next() {
    return stream.loadNextBatch();
  }

  @Override
  public ColumnarBatch get() {
    VectorSchemaRoot root = stream.getVectorSchemaRoot();
    List<FieldVector> vectors = root.getFieldVectors();
    ColumnVector[] out = new ColumnVector[columns];
    for (int i = 0; i < columns; i++) {
      FieldVector v = vectors.get(i);
      out[i] = timeAsLong && v instanceof TimeStampVector t ? new TimeCountColumnVector(t) : new ArrowColumnVector(v);
    }
    return new ColumnarBatch(out, root.getRowCount());
  }

  @Override
  public void close() {
    try {
      stream.close();
      allocator.close();
    } finally {
      closeSession();
    }
  }

  private void closeSession() {
    if (session instanceof Session s) {
      s.close();
    } else {
      ((TableSession) session).close();
    }
  }
}
