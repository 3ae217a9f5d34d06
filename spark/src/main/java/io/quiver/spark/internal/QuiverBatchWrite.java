package io.quiver.spark.internal;

import io.quiver.spark.QuiverOptions;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.distributions.Distribution;
import org.apache.spark.sql.connector.distributions.Distributions;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.RequiresDistributionAndOrdering;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DataFrame write: checked on the driver ({@link WritePlan}), then one {@link QuiverDataWriter}
 * per task. Committing the job does nothing more (each task's rows are in the table when the task
 * commits); aborting it leaves what the tasks wrote: a rerun of the same write completes the table.
 * With option {@code clusterByTags=true}, Spark first clusters the rows by their TAG columns, so
 * each task writes whole devices.
 */
public final class QuiverBatchWrite implements BatchWrite, org.apache.spark.sql.connector.write.Write,
    RequiresDistributionAndOrdering {
  private static final Logger LOG = LoggerFactory.getLogger(QuiverBatchWrite.class);

  private final WritePlan plan;
  private final QuiverOptions options;

  public QuiverBatchWrite(WritePlan plan, QuiverOptions options) {
    this.plan = plan;
    this.options = options;
  }

  @Override
  public BatchWrite toBatch() {
    return this;
  }

  @Override
  public String description() {
    return "QuiverWrite[" + plan.table() + "]";
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return WriteMetrics.supported();
  }

  @Override
  public Distribution requiredDistribution() {
    String[] tags = plan.names(io.quiver.client.ColumnCategory.TAG);
    if (!options.clusterByTags() || tags.length == 0) {
      return Distributions.unspecified();
    }
    Expression[] columns = new Expression[tags.length];
    for (int i = 0; i < tags.length; i++) {
      columns[i] = Expressions.column(plan.schema().fields()[indexOf(tags[i])].name());
    }
    return Distributions.clustered(columns);
  }

  private int indexOf(String name) {
    for (int i = 0; i < plan.columns().size(); i++) {
      if (plan.columns().get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException(name);
  }

  @Override
  public SortOrder[] requiredOrdering() {
    return new SortOrder[0];
  }

  @Override
  public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
    return new Factory(plan, options);
  }

  @Override
  public void commit(WriterCommitMessage[] messages) {
    long rows = 0;
    long batches = 0;
    for (WriterCommitMessage m : messages) {
      if (m instanceof Message) {
        rows += ((Message) m).rows;
        batches += ((Message) m).batches;
      }
    }
    LOG.info("quiver: wrote {} rows in {} batches into {} from {} tasks", rows, batches, plan.table(),
        messages.length);
  }

  @Override
  public void abort(WriterCommitMessage[] messages) {
    LOG.warn("quiver: the write into {} was aborted; rows its tasks had written stay in the table (rerun "
        + "the write to complete it: equal tags and time overwrite)", plan.table());
  }

  /** What a task reports when it commits. */
  static final class Message implements WriterCommitMessage {
    private static final long serialVersionUID = 1L;
    final long rows;
    final long batches;

    Message(long rows, long batches) {
      this.rows = rows;
      this.batches = batches;
    }
  }

  /** Makes a task's writer; shipped to the executors. */
  static final class Factory implements DataWriterFactory {
    private static final long serialVersionUID = 1L;
    private final WritePlan plan;
    private final QuiverOptions options;

    Factory(WritePlan plan, QuiverOptions options) {
      this.plan = plan;
      this.options = options;
    }

    @Override
    public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
      long failAfter = 0;
      TaskContext context = TaskContext.get();
      if (options.testFailFirstAttemptAfterRows() > 0 && partitionId == 0 && context != null
          && context.attemptNumber() == 0) {
        failAfter = options.testFailFirstAttemptAfterRows();
      }
      return new QuiverDataWriter(plan, options, failAfter);
    }
  }
}
