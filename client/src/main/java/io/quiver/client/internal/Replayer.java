package io.quiver.client.internal;

import io.quiver.client.ReplayRefusedException;
import io.quiver.client.StatementException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay protocol: sends a window's unconfirmed frames again over a new connection, oldest
 * first, each exactly as it was acknowledged, and checks each answer. A frame sent in another
 * database than the current one is preceded by a {@code USE}; the database of the connection is
 * restored at the end. What each answer means:
 *
 * <ul>
 *   <li>success: the frame is confirmed again (acknowledged now);
 *   <li>a status asking to retry: a retryable {@link StatementException}; it and the rest stay
 *       unconfirmed, for the next call to replay first;
 *   <li>301 (the node cannot reach the node that leads the rows, seen on a 1C2D cluster): the same,
 *       the frame stays for a later try;
 *   <li>anything else: a refusal for good; the frame leaves, the others are still replayed, and a
 *       {@link ReplayRefusedException} (not retryable) names what was refused.
 * </ul>
 */
public final class Replayer {
  private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);

  private Replayer() {}

  /** The connection a window is replayed on. */
  public interface Target {
    Endpoint endpoint();

    /** The connection's current database, or null. */
    String database();

    /** Executes {@code USE db} and returns its status (the target tracks its database itself). */
    TSStatus use(String db);

    /** Sends the window's next frame and returns the server's answer. */
    TSStatus resend(ReplayWindow window);
  }

  /**
   * Replays every unconfirmed frame of {@code window} on {@code target}; {@code clock} gives the
   * time a frame is confirmed at.
   *
   * @throws io.quiver.client.ConnectionException if the link fails (the frames stay)
   * @throws StatementException (retryable) if the server asks to retry a frame later
   * @throws ReplayRefusedException if the server refused frames for good
   */
  public static void replay(ReplayWindow window, Target target, LongSupplier clock) {
    long t0 = clock.getAsLong();
    Endpoint endpoint = target.endpoint();
    int frames = window.unconfirmed();
    long replayedBefore = window.replayedRows();
    String original = target.database();
    List<String> refusals = new ArrayList<>();
    long refusedRows = 0;
    int refusedFrames = 0;
    while (window.unconfirmed() > 0) {
      String db = window.nextDatabase();
      String table = window.nextTable();
      int rows = window.nextRows();
      String what = "replay an acknowledged insert of " + rows + " rows into table '" + table + "'"
          + (db == null ? "" : " of database '" + db + "'");
      TSStatus status = null;
      if (db != null && !db.equals(target.database())) {
        status = target.use(db);
      }
      if (status == null || Statuses.isSuccess(status)) {
        status = target.resend(window);
      }
      if (Statuses.isSuccess(status)) {
        window.confirmNext(clock.getAsLong());
        continue;
      }
      if (TransientStatuses.isTransient(status)) {
        Statuses.check(status, what + " on " + endpoint); // throws a retryable StatementException
      }
      if (status.getCode() == Statuses.EXECUTE_STATEMENT_ERROR) {
        // What a node answers when it cannot reach the node that leads the rows (seen on 1C2D:
        // "Fail to send plan node ... Connection refused"): the frame stays for a later replay.
        throw new StatementException(what + " on " + endpoint + " (kept in the replay window for a later try)",
            status.getCode(), status.getMessage(), true);
      }
      refusedFrames++;
      refusedRows += rows;
      if (refusals.size() < 5) {
        refusals.add(rows + " rows into '" + table + "'" + (db == null ? "" : " of '" + db + "'") + ": status "
            + status.getCode() + " " + status.getMessage());
      }
      window.refuseNext();
    }
    if (original != null && !original.equals(target.database())) {
      Statuses.check(target.use(original), "restore database '" + original + "' after a replay");
    }
    LOG.info("replayed {} acknowledged insert frames ({} rows) on {} in {} ms after a reconnect{}",
        frames - refusedFrames, window.replayedRows() - replayedBefore, endpoint, (clock.getAsLong() - t0) / 1_000_000,
        refusedFrames == 0 ? "" : "; the server refused " + refusedFrames + " more (" + refusedRows + " rows)");
    if (refusedFrames > 0) {
      throw new ReplayRefusedException(endpoint.toString(), refusedFrames, refusedRows, refusals);
    }
  }
}
