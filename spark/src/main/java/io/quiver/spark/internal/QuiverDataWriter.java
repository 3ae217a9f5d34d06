package io.quiver.spark.internal;

import io.quiver.spark.QuiverOptions;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's writer: rows into Arrow batches of {@code batchRows} rows ({@link SparkArrowRows}),
 * each inserted through the task's own session ({@link WriteTarget}: a table's {@code
 * ArrowTablet} with redirection, rows going to the DataNode leading their device once the server
 * has named it; or tree-model devices). {@link #commit()} sends
 * the last batch and waits for the session's replay window ({@code awaitReplayWindow}), so what the
 * task reports as written has outlived the server's log sync; {@link #abort()} only releases.
 *
 * <p>Rows are written at least once: a batch is acknowledged before the task ends, so a failed
 * and retried (or speculative) task writes some rows twice. Rows with equal tags and time
 * overwrite, so with a deterministic input the table ends the same.
 */
final class QuiverDataWriter implements DataWriter<InternalRow> {
  private static final Logger LOG = LoggerFactory.getLogger(QuiverDataWriter.class);
  private final WritePlan plan;
  private final WriteTarget target;
  private final BufferAllocator allocator;
  private final SparkArrowRows batch;
  private final int batchRows;
  private final long failAfterRows;
  private long rows;
  private long batches;
  private long redirected;
  private long replayed;
  private long sendNanos;
  private long commitWaitNanos;
  private boolean closed;

  QuiverDataWriter(WritePlan plan, QuiverOptions options, long failAfterRows) {
    this.plan = plan;
    this.batchRows = options.batchRows();
    this.failAfterRows = failAfterRows;
    this.target = options.deviceColumn() != null ? WriteTarget.tree(plan, options) : WriteTarget.table(plan, options);
    BufferAllocator a = null;
    try {
      a = new RootAllocator();
      List<String> names = plan.columns().stream().map(WritePlan.Column::name).collect(Collectors.toList());
      this.batch = new SparkArrowRows(plan.schema(), names, a);
      this.allocator = a;
    } catch (RuntimeException | Error e) {
      if (a != null) {
        a.close();
      }
      target.close();
      throw e;
    }
  }

  @Override
  public void write(InternalRow row) {
    batch.write(row);
    if (batch.rows() >= batchRows) {
      flush();
    }
  }

  private void flush() {
    if (batch.rows() == 0) {
      return;
    }
    VectorSchemaRoot root = batch.finish();
    long t0 = System.nanoTime();
    target.insert(root);
    sendNanos += System.nanoTime() - t0;
    rows += root.getRowCount();
    batches++;
    batch.reset();
    if (failAfterRows > 0 && rows >= failAfterRows) {
      throw new IllegalStateException("quiver: failure injected after " + rows + " rows (option "
          + "testFailFirstAttemptAfterRows)");
    }
  }

  @Override
  public WriterCommitMessage commit() {
    flush();
    long t0 = System.nanoTime();
    target.awaitReplayWindow();
    commitWaitNanos = System.nanoTime() - t0;
    LOG.info("quiver: task wrote {} rows in {} batches into {}; {} ms in inserts, {} ms confirming the replay "
        + "window", rows, batches, plan.table(), sendNanos / 1_000_000, commitWaitNanos / 1_000_000);
    return new QuiverBatchWrite.Message(rows, batches);
  }

  @Override
  public void abort() {
    // Nothing to undo: what was acknowledged stays (at-least-once; a rerun overwrites it).
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    if (!closed) {
      redirected = target.redirectedRows();
      replayed = target.replayedRows();
    }
    return WriteMetrics.values(rows, batches, redirected, replayed, commitWaitNanos / 1_000_000);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      batch.close();
      allocator.close();
    } finally {
      target.close();
    }
  }
}
