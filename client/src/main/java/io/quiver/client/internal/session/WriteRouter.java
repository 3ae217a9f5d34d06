package io.quiver.client.internal.session;

import io.quiver.client.ConnectionException;
import io.quiver.client.RedirectStats;
import io.quiver.client.StatementException;
import io.quiver.client.internal.DeviceRoutes;
import io.quiver.client.internal.EncodedRows;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.Identifiers;
import io.quiver.client.internal.Statuses;
import io.quiver.client.spi.InsertBatch;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write routing: sends one request's worth of rows to the node that leads their devices. Without
 * redirection, or while no device is known, everything goes through the home link (retried). With
 * known devices, the rows are encoded once, grouped by node (a stable counting sort, the home
 * node's group first) and each group is sent over its redirect link; a redirect link that fails
 * is given up (its window absorbed by the home link, its devices forgotten) and its rows go
 * through the home link. The hints of every answer are learned into the {@link DeviceRoutes}.
 */
public final class WriteRouter {
  private static final Logger LOG = LoggerFactory.getLogger(WriteRouter.class);

  private final Links links;
  private final Retrier retrier;
  private final Supplier<Link> live;
  private final DeviceRoutes routes;
  private final int fetchSize;
  private EncodedRows encoded;
  private int[] routeScratch = new int[0];
  private long hintedResponses;
  private long redirectedRequests;
  private long redirectedRows;
  private long redirectFallbacks;

  /**
   * @param live gives the home link ready for work (reconnected and replayed when needed)
   * @param routes where devices live (shared by a pool's sessions), or null when redirection is off
   */
  public WriteRouter(Links links, Retrier retrier, Supplier<Link> live, DeviceRoutes routes, int fetchSize) {
    this.links = links;
    this.retrier = retrier;
    this.live = live;
    this.routes = routes;
    this.fetchSize = fetchSize;
  }

  /** What redirection did, counted since this router was made. Does no I/O. */
  public RedirectStats stats() {
    if (routes == null) {
      return new RedirectStats(false, 0, 0, 0, 0, 0, 0);
    }
    return new RedirectStats(true, routes.size(), hintedResponses, redirectedRequests, redirectedRows,
        redirectFallbacks, links.redirects().size());
  }

  /**
   * Sends {@code part}, passing each acknowledged request's row count to {@code acknowledged}.
   *
   * @throws io.quiver.client.QuiverException the failure of the first request that failed for good
   */
  public void deliver(InsertBatch part, LongConsumer acknowledged) {
    int n = part.rowCount();
    if (routes == null || routes.isEmpty()) {
      Retrier.Attempt<TSStatus> sent = sendHome(part);
      acknowledged.accept(n);
      if (routes != null && sent.value().getCode() == Statuses.REDIRECTION_RECOMMEND) {
        hintedResponses++;
        routes.learn(sent.value(), encode(part).deviceHashes(links.database()), null, n, sent.link().endpoint());
      }
      return;
    }
    // Encoded once, all of it, before the first row is sent: bad data fails the part whole.
    EncodedRows rows = encode(part);
    long[] hashes = rows.deviceHashes(links.database());
    if (routeScratch.length < n) {
      routeScratch = new int[Math.max(n, 128)];
    }
    int[] target = routeScratch;
    routes.lookup(hashes, n, target);
    int home = routes.idOf(links.home().endpoint());
    int maxId = -1;
    boolean oneGroup = true;
    for (int r = 0; r < n; r++) {
      if (target[r] == home) {
        target[r] = -1;
      }
      maxId = Math.max(maxId, target[r]);
      oneGroup &= target[r] == target[0];
    }
    if (oneGroup) {
      sendTo(target[0] < 0 ? null : routes.endpoint(target[0]), rows, hashes, null, n, acknowledged);
      return;
    }
    int[][] groups = groupByTarget(target, n, maxId);
    for (int g = 0; g < groups.length; g++) {
      int[] picked = groups[g];
      if (picked.length > 0) {
        sendTo(g == 0 ? null : routes.endpoint(g - 1), rows.select(picked, picked.length), hashes, picked,
            picked.length, acknowledged);
      }
    }
  }

  /**
   * The rows of each target, in order: group 0 holds the rows of target -1 (the home node), group
   * {@code id + 1} those of target {@code id}. A counting sort, stable within each group.
   */
  static int[][] groupByTarget(int[] target, int n, int maxId) {
    int[] count = new int[maxId + 2];
    for (int r = 0; r < n; r++) {
      count[target[r] + 1]++;
    }
    int[][] groups = new int[maxId + 2][];
    for (int g = 0; g < groups.length; g++) {
      groups[g] = new int[count[g]];
    }
    int[] fill = new int[maxId + 2];
    for (int r = 0; r < n; r++) {
      int g = target[r] + 1;
      groups[g][fill[g]++] = r;
    }
    return groups;
  }

  private EncodedRows encode(InsertBatch part) {
    if (encoded == null) {
      encoded = new EncodedRows();
    }
    return encoded.encode(part, links.home().precision());
  }

  /**
   * Sends rows over the redirect link to {@code target} (opened when first needed), or through
   * the home link when {@code target} is null or its link fails; learns from the answer's hints.
   * {@code picked} maps the rows to their device hashes (null: the identity).
   */
  private void sendTo(Endpoint target, InsertBatch rows, long[] hashes, int[] picked, int n,
      LongConsumer acknowledged) {
    if (target != null) {
      Link home = retrier.run("connect to insert into table '" + rows.tableName() + "'", live, l -> l).link();
      Link rc = links.redirect(target);
      try {
        if (rc == null) {
          rc = links.openRedirect(target);
          LOG.debug("opened a redirect connection to {}", target);
        }
        String database = links.database();
        if (database != null && !database.equals(rc.database())) {
          Statuses.check(rc.execute(Identifiers.use(database), fetchSize, 0).getStatus(),
              "use database '" + database + "' on the redirect connection to " + target);
        }
        TSStatus status = rc.insert(rows);
        Statuses.check(status, "insert " + n + " rows into table '" + rows.tableName() + "' on " + target);
        acknowledged.accept(n);
        redirectedRequests++;
        redirectedRows += n;
        learn(status, hashes, picked, n, target);
        return;
      } catch (ConnectionException | StatementException e) {
        if (e instanceof StatementException && !e.isRetryable()) {
          throw e;
        }
        redirectFallbacks++;
        int forgotten = routes.forget(target);
        LOG.warn("a redirected insert of {} rows to {} failed ({}); sending them through {} instead, and forgetting"
            + " the {} devices hinted to live there", n, target, e.getMessage(), home.endpoint(), forgotten);
        if (rc != null) {
          links.removeRedirect(rc);
          // Its acknowledged inserts are replayed on the home link first.
          home.absorbWindow(rc.detachWindow(), rc.endpoint());
          rc.close();
        }
      }
    }
    Retrier.Attempt<TSStatus> sent = sendHome(rows);
    acknowledged.accept(n);
    learn(sent.value(), hashes, picked, n, sent.link().endpoint());
  }

  private Retrier.Attempt<TSStatus> sendHome(InsertBatch batch) {
    String what = "insert " + batch.rowCount() + " rows into table '" + batch.tableName() + "'";
    return retrier.run(what, live, link -> {
      TSStatus status = link.insert(batch);
      Statuses.check(status, what);
      return status;
    });
  }

  private void learn(TSStatus status, long[] hashes, int[] picked, int n, Endpoint answeredBy) {
    if (routes != null && status.getCode() == Statuses.REDIRECTION_RECOMMEND) {
      hintedResponses++;
      routes.learn(status, hashes, picked, n, answeredBy);
    }
  }
}
