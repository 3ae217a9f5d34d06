package io.quiver.spark.internal;

import io.quiver.arrow.ArrowDeviceBatch;
import io.quiver.arrow.ArrowTablet;
import io.quiver.client.ColumnCategory;
import io.quiver.client.Session;
import io.quiver.client.TableSession;
import io.quiver.spark.QuiverOptions;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Where a task's Arrow batches go, through the task's own session: a table ({@link #table}: each
 * batch one {@code ArrowTablet}) or tree-model devices ({@link #tree}: each batch one {@code
 * ArrowDeviceBatch}, its device column naming each row's device, in as few {@code insertTablets}
 * requests as the server's frame limit allows). Both keep the session's replay window, which
 * {@link #awaitReplayWindow()} confirms.
 */
interface WriteTarget extends AutoCloseable {
  /** Inserts the batch's rows; returns when the server acknowledged them. */
  void insert(VectorSchemaRoot root);

  void awaitReplayWindow();

  /** Rows sent straight to the DataNode leading their device so far. */
  long redirectedRows();

  /** Rows re-sent from the replay window after a reconnect so far. */
  long replayedRows();

  @Override
  void close();

  /** A table write: the plan's time, tag, attribute and text columns. */
  static WriteTarget table(WritePlan plan, QuiverOptions options) {
    TableSession session = TableSession.open(options.sessionConfig().toBuilder().awaitWindowOnClose(false).build());
    return new WriteTarget() {
      @Override
      public void insert(VectorSchemaRoot root) {
        session.insert(ArrowTablet.builder(plan.table(), root)
            .time(plan.columns().get(plan.timeIndex()).name())
            .tag(plan.names(ColumnCategory.TAG))
            .attribute(plan.names(ColumnCategory.ATTRIBUTE))
            .asText(plan.textColumns())
            .build());
      }

      @Override
      public void awaitReplayWindow() {
        session.awaitReplayWindow();
      }

      @Override
      public long redirectedRows() {
        return session.redirectStats().redirectedRows();
      }

      @Override
      public long replayedRows() {
        return session.replayStats().replayedRows();
      }

      @Override
      public void close() {
        session.close();
      }
    };
  }

  /** A tree-model write: devices from option {@code deviceColumn} (under {@code prefix}). */
  static WriteTarget tree(WritePlan plan, QuiverOptions options) {
    Session session = Session.open(options.treeSessionConfig());
    String time = plan.columns().get(plan.timeIndex()).name();
    return new WriteTarget() {
      @Override
      public void insert(VectorSchemaRoot root) {
        ArrowDeviceBatch.Builder b = ArrowDeviceBatch.builder(root, options.deviceColumn()).time(time);
        if (options.devicePrefix() != null) {
          b.prefix(options.devicePrefix());
        }
        session.insertTablets(b.build(), options.aligned());
      }

      @Override
      public void awaitReplayWindow() {
        session.awaitReplayWindow();
      }

      @Override
      public long redirectedRows() {
        return 0; // a tree session sends every request to the node it is connected to
      }

      @Override
      public long replayedRows() {
        return session.replayStats().replayedRows();
      }

      @Override
      public void close() {
        session.close();
      }
    };
  }
}
