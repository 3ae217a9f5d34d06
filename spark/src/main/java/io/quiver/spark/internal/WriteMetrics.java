package io.quiver.spark.internal;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * The task metrics of a write, summed over the tasks in Spark's UI (SQL tab): rows and batches
 * acknowledged, rows sent straight to another DataNode by redirection, rows re-sent from the
 * replay window after a reconnect, and the time the task commits spent confirming the replay window.
 */
public final class WriteMetrics {
  private WriteMetrics() {}

  public static final String ROWS = "quiverRowsWritten";
  public static final String BATCHES = "quiverBatchesWritten";
  public static final String REDIRECTED = "quiverRedirectedRows";
  public static final String REPLAYED = "quiverReplayedRows";
  public static final String COMMIT_WAIT = "quiverCommitWaitMs";

  /** The metrics, as the driver declares them. */
  public static CustomMetric[] supported() {
    return new CustomMetric[] {new Rows(), new Batches(), new Redirected(), new Replayed(),
        new CommitWait()};
  }

  /** The task's values. */
  public static CustomTaskMetric[] values(long rows, long batches, long redirected, long replayed,
      long commitWaitMs) {
    return new CustomTaskMetric[] {value(ROWS, rows), value(BATCHES, batches), value(REDIRECTED, redirected),
        value(REPLAYED, replayed), value(COMMIT_WAIT, commitWaitMs)};
  }

  private static CustomTaskMetric value(String name, long v) {
    return new CustomTaskMetric() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long value() {
        return v;
      }
    };
  }

  /** Rows acknowledged by IoTDB. */
  public static final class Rows extends CustomSumMetric {
    @Override
    public String name() {
      return ROWS;
    }

    @Override
    public String description() {
      return "quiver: rows written";
    }
  }

  /** ArrowTablets acknowledged. */
  public static final class Batches extends CustomSumMetric {
    @Override
    public String name() {
      return BATCHES;
    }

    @Override
    public String description() {
      return "quiver: batches written";
    }
  }

  /** Rows sent straight to the DataNode leading their device. */
  public static final class Redirected extends CustomSumMetric {
    @Override
    public String name() {
      return REDIRECTED;
    }

    @Override
    public String description() {
      return "quiver: rows redirected";
    }
  }

  /** Rows re-sent from the replay window after a reconnect. */
  public static final class Replayed extends CustomSumMetric {
    @Override
    public String name() {
      return REPLAYED;
    }

    @Override
    public String description() {
      return "quiver: rows replayed";
    }
  }

  /** Milliseconds the task's commit spent confirming its replay window (option replayWindow). */
  public static final class CommitWait extends CustomSumMetric {
    @Override
    public String name() {
      return COMMIT_WAIT;
    }

    @Override
    public String description() {
      return "quiver: commit wait for the replay window (ms)";
    }
  }
}
