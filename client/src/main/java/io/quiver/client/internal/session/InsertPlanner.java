package io.quiver.client.internal.session;

import io.quiver.client.ConnectionException;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.PartialInsertException;
import io.quiver.client.QuiverException;
import io.quiver.client.StatementException;
import io.quiver.client.internal.RequestSizes;
import io.quiver.client.spi.InsertBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Insert planning: cuts a batch into requests that fit the server's frame limit, checks every
 * part's data before the first is sent, hands the parts to the {@link WriteRouter} in order, and
 * counts what the server acknowledged, so that the final error of a failed insert says exactly how
 * many of the batch's rows were written ({@link PartialInsertException} when some were).
 */
public final class InsertPlanner {
  private final Retrier retrier;
  private final Supplier<Link> live;
  private final WriteRouter router;
  /** Pipelined inserts: their remembered failure is thrown before a new insert; may be null. */
  private final InsertPipeline pipeline;

  public InsertPlanner(Retrier retrier, Supplier<Link> live, WriteRouter router) {
    this(retrier, live, router, null);
  }

  /** {@code live} must not settle {@code pipeline} (pipelined requests are sent over it). */
  public InsertPlanner(Retrier retrier, Supplier<Link> live, WriteRouter router, InsertPipeline pipeline) {
    this.retrier = retrier;
    this.live = live;
    this.router = router;
    this.pipeline = pipeline;
  }

  /** Rows of one insert call acknowledged so far, and those acknowledged from its start. */
  static final class Progress {
    long acknowledged;
    long prefix;
  }

  /** Inserts {@code batch} (see {@code TableSession#insert} for the contract). */
  public void insert(InsertBatch batch) {
    if (pipeline != null) {
      pipeline.takeFailure(); // an earlier pipelined request's refusal, before this batch is sent
    }
    if (batch.rowCount() == 0) {
      return;
    }
    if (batch.columnCount() == 0) {
      throw new InvalidBatchException("the batch for table '" + batch.tableName()
          + "' has no columns besides time; give at least one TAG or FIELD column", null, -1);
    }
    Progress progress = new Progress();
    Link link;
    try {
      link = retrier.run("connect to insert into table '" + batch.tableName() + "'", live, l -> l).link();
    } catch (QuiverException e) {
      throw failed(batch, progress, e);
    }
    int limit = link.serverMaxFrameSize();
    if (RequestSizes.insertFrameBound(batch) <= limit) {
      try {
        router.deliver(batch, rows -> progress.acknowledged += rows);
      } catch (QuiverException e) {
        throw failed(batch, progress, e);
      }
      return;
    }
    List<InsertBatch> parts = split(batch, limit);
    // Every part is encoded once before the first is sent, so bad data anywhere in the batch fails
    // it before any row is written (encoding is cheap next to the server's work per row).
    for (InsertBatch part : parts) {
      link.encodeOnly(part);
    }
    for (InsertBatch part : parts) {
      try {
        router.deliver(part, rows -> progress.acknowledged += rows);
      } catch (QuiverException e) {
        throw failed(batch, progress, e);
      }
      progress.prefix += part.rowCount();
    }
  }

  /**
   * Cuts a batch into consecutive row ranges whose requests each fit {@code limit} bytes (ranges
   * start on multiples of 64 rows, as {@link InsertBatch#rows} requires; each aims at 7/8 of the
   * limit, and a range still too large is cut again).
   *
   * @throws InvalidBatchException if 64 rows alone exceed the limit, or the batch cannot be cut
   */
  public static List<InsertBatch> split(InsertBatch batch, int limit) {
    List<InsertBatch> out = new ArrayList<>();
    split(batch, limit, out);
    return out;
  }

  private static void split(InsertBatch batch, int limit, List<InsertBatch> out) {
    long bound = RequestSizes.insertFrameBound(batch);
    if (bound <= limit) {
      out.add(batch);
      return;
    }
    int rows = batch.rowCount();
    if (rows <= 64) {
      throw new InvalidBatchException("the batch for table '" + batch.tableName() + "' needs " + bound
          + " bytes for " + rows + " rows, more than the " + limit + " bytes the server accepts in one"
          + " request (dn_thrift_max_frame_size); make the values smaller", null, -1);
    }
    long pieces = (bound + limit - 1) / (limit - (limit >> 3));
    int chunk = Math.max(64, (int) (rows / pieces) & ~63);
    for (int from = 0; from < rows; from += chunk) {
      InsertBatch range;
      try {
        range = batch.rows(from, Math.min(rows, from + chunk));
      } catch (UnsupportedOperationException e) {
        throw new InvalidBatchException("the batch for table '" + batch.tableName() + "' needs " + bound
            + " bytes, more than the " + limit + " bytes the server accepts in one request"
            + " (dn_thrift_max_frame_size), and " + batch.getClass().getName() + " cannot be split;"
            + " insert it in smaller batches", null, -1);
      }
      split(range, limit, out);
    }
  }

  /**
   * The final error of an insert, saying how many of the batch's rows were acknowledged and how
   * many not: a {@link PartialInsertException} when some were, else the failure's own type (a
   * failure that never reached the server, such as bad data or a closed session, as it is).
   */
  static QuiverException failed(InsertBatch batch, Progress progress, QuiverException e) {
    long total = batch.rowCount();
    Retrier.GaveUp record = Retrier.GaveUp.of(e);
    String tries = record != null && record.tries() > 1
        ? " after " + record.tries() + " tries in "
            + String.format(Locale.ROOT, "%.1f", record.elapsedNanos() / 1e9) + " s"
        : "";
    if (progress.acknowledged > 0) {
      return new PartialInsertException(batch.tableName(), progress.acknowledged, progress.prefix, total, tries, e);
    }
    String rows = " (0 of " + total + " rows acknowledged, " + total + " not acknowledged" + tries + ")";
    String what = "insert " + total + " rows into table '" + batch.tableName() + "'";
    if (e instanceof ConnectionException ce) {
      return new ConnectionException(ce.endpoint(), what + " failed" + rows + ": " + ce.getMessage(),
          ce.isRetryable(), ce);
    }
    if (e instanceof StatementException se) {
      return new StatementException(what + rows, se.statusCode(), se.serverMessage(), se.isRetryable(), se);
    }
    return e;
  }
}
