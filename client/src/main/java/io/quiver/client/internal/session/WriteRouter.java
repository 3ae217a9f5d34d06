package io.quiver.client.internal.session;

import io.quiver.client.ConnectionException;
import io.quiver.client.QuiverException;
import io.quiver.client.RedirectStats;
import io.quiver.client.StatementException;
import io.quiver.client.internal.DeviceRoutes;
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
 * Write routing: sends one request's worth of rows to the nodes that lead their devices. Without
 * redirection, or while no device is known, everything goes through the home link (retried). With
 * known devices, the request is cut into units by its {@link RouteKeys route-key function} (the
 * rows of a table batch, keyed by their device's tag hash; the devices of a tree request, keyed by
 * their path), the units are grouped by node (a stable counting sort, the home node's group
 * first) and each group is sent over its node's link. The hints of every answer are learned into
 * the {@link DeviceRoutes}.
 *
 * <p><b>Parallel per-node writes.</b> When a request is cut for several nodes, every group's
 * request is sent before any answer is read (each link's round trip split in {@link
 * Link#sendInsert} and {@link PendingInsert#await}), so the nodes work at the same time with no
 * extra thread; the answers are then read in group order. A failure of one group does not leave
 * another's answer unread: every request sent is awaited, its rows counted when acknowledged, and
 * the first failure is thrown after. A redirect link that fails (to open, to send or to answer) is
 * given up (its window absorbed by the home link, its devices forgotten) and its rows go through
 * the home link, retried, after the home group's answer was read.
 */
public final class WriteRouter {
  private static final Logger LOG = LoggerFactory.getLogger(WriteRouter.class);

  private final Links links;
  private final Retrier retrier;
  private final Supplier<Link> live;
  private final DeviceRoutes routes;
  private final int fetchSize;
  private final RouteKeys keys;
  private boolean pipelined = true;
  /** Sends requests without waiting for their answers, when on; else null. */
  private InsertPipeline pipeline;
  private int[] routeScratch = new int[0];
  private long hintedResponses;
  private long redirectedRequests;
  private long redirectedRows;
  private long redirectFallbacks;

  /**
   * A router with the default route keys ({@link RouteKeys#byRequest()}: tree requests by device
   * path, table batches by tag hash).
   *
   * @param live gives the home link ready for work (reconnected and replayed when needed)
   * @param routes where devices live (shared by a pool's sessions), or null when redirection is off
   */
  public WriteRouter(Links links, Retrier retrier, Supplier<Link> live, DeviceRoutes routes, int fetchSize) {
    this(links, retrier, live, routes, fetchSize, RouteKeys.byRequest());
  }

  /** As the other constructor, with the route-key function given. */
  public WriteRouter(Links links, Retrier retrier, Supplier<Link> live, DeviceRoutes routes, int fetchSize,
      RouteKeys keys) {
    this.links = links;
    this.retrier = retrier;
    this.live = live;
    this.routes = routes;
    this.fetchSize = fetchSize;
    this.keys = keys;
  }

  /**
   * Whether a request cut for several nodes is sent to all before any answer is read (true, the
   * default), or node after node, each answer read before the next request is sent (what the
   * benchmarks compare against).
   */
  public void pipelined(boolean on) {
    this.pipelined = on;
  }

  /**
   * Pipelines requests for the home node through {@code pipeline} (see {@link InsertPipeline}):
   * while no device is known to live elsewhere, a request is sent without waiting for its answer.
   */
  public void pipeline(InsertPipeline pipeline) {
    this.pipeline = pipeline;
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
    if (pipeline != null) {
      if (pipeline.accepts(part, routes != null && !routes.isEmpty()) && pipeline.submit(part)) {
        return; // its answer is read later
      }
      pipeline.settle(); // the ordinary way below needs the answers first
    }
    if (routes == null || routes.isEmpty()) {
      Retrier.Attempt<TSStatus> sent = sendHome(part);
      acknowledged.accept(part.rowCount());
      TSStatus status = sent.value();
      if (routes != null && (status.getCode() == Statuses.REDIRECTION_RECOMMEND || status.isSetRedirectNode())) {
        RoutedRequest r = route(part);
        learn(status, r.keys(), null, r.units(), sent.link().endpoint());
      }
      return;
    }
    // Cut (for a table batch: encoded) once, all of it, before the first row is sent: bad data
    // fails the part whole.
    RoutedRequest r = route(part);
    int n = r.units();
    long[] hashes = r.keys();
    if (routeScratch.length < n) {
      routeScratch = new int[Math.max(n, 128)];
    }
    int[] target = routeScratch;
    routes.lookup(hashes, n, target);
    int home = routes.idOf(links.home().endpoint());
    int maxId = -1;
    boolean oneGroup = true;
    for (int u = 0; u < n; u++) {
      if (target[u] == home) {
        target[u] = -1;
      }
      maxId = Math.max(maxId, target[u]);
      oneGroup &= target[u] == target[0];
    }
    if (oneGroup) {
      sendTo(target[0] < 0 ? null : routes.endpoint(target[0]), r.whole(), hashes, null, n, acknowledged);
      return;
    }
    int[][] groups = groupByTarget(target, n, maxId);
    if (!pipelined) {
      for (int g = 0; g < groups.length; g++) {
        int[] picked = groups[g];
        if (picked.length > 0) {
          sendTo(g == 0 ? null : routes.endpoint(g - 1), r.select(picked, picked.length), hashes, picked,
              picked.length, acknowledged);
        }
      }
      return;
    }
    sendAllThenAwait(r, groups, hashes, acknowledged);
  }

  private RoutedRequest route(InsertBatch part) {
    return keys.route(part, links.home().precision(), links.database());
  }

  /**
   * The units of each target, in order: group 0 holds the units of target -1 (the home node),
   * group {@code id + 1} those of target {@code id}. A counting sort, stable within each group.
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

  /**
   * Sends every group's request, then reads the answers in group order (see the class comment).
   * A group whose send failed is handled at its turn, as if its answer had been that failure.
   */
  private void sendAllThenAwait(RoutedRequest r, int[][] groups, long[] hashes, LongConsumer acknowledged) {
    int k = groups.length;
    InsertBatch[] batches = new InsertBatch[k];
    Link[] over = new Link[k];
    PendingInsert[] pending = new PendingInsert[k];
    QuiverException[] sendFailed = new QuiverException[k];
    QuiverException failure = null;
    for (int g = 0; g < k && failure == null; g++) {
      if (groups[g].length == 0) {
        continue;
      }
      batches[g] = r.select(groups[g], groups[g].length);
      Link link;
      try {
        // The home link's own failures were retried already: they fail the insert.
        link = g == 0 ? homeLink(batches[g]) : redirectLink(routes.endpoint(g - 1));
      } catch (QuiverException e) {
        if (g == 0 || !fallsBack(e)) {
          failure = e;
        } else {
          sendFailed[g] = e;
        }
        continue;
      }
      try {
        over[g] = link;
        pending[g] = link.sendInsert(batches[g]);
      } catch (QuiverException e) {
        sendFailed[g] = e;
        if (!fallsBack(e)) {
          break; // what is not sent yet is not sent: as node after node would have stopped here
        }
      }
    }
    for (int g = 0; g < k; g++) {
      if (batches[g] == null || pending[g] == null && sendFailed[g] == null) {
        continue;
      }
      InsertBatch batch = batches[g];
      int rows = batch.rowCount();
      Endpoint target = g == 0 ? null : routes.endpoint(g - 1);
      QuiverException e = sendFailed[g];
      if (e == null) {
        try {
          TSStatus status = pending[g].await();
          Statuses.check(status, describe(batch, target));
          acknowledged.accept(rows);
          if (target != null) {
            redirectedRequests++;
            redirectedRows += rows;
          }
          learn(status, hashes, groups[g], groups[g].length, over[g].endpoint());
          continue;
        } catch (QuiverException x) {
          e = x;
        }
      }
      if (!fallsBack(e)) {
        failure = failure == null ? e : failure;
        continue;
      }
      if (target != null) {
        giveUp(target, over[g], e, rows);
      }
      if (failure != null) {
        continue; // an earlier group failed for good: nothing more is sent
      }
      try {
        Retrier.Attempt<TSStatus> sent = sendHome(batch);
        acknowledged.accept(rows);
        learn(sent.value(), hashes, groups[g], groups[g].length, sent.link().endpoint());
      } catch (QuiverException x) {
        failure = x;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * True when a group's failure is one its rows survive by going through the home link (retried):
   * a connection failure, or a retryable refusal. Anything else (bad data, a refusal for good)
   * fails the insert.
   */
  private static boolean fallsBack(QuiverException e) {
    return e instanceof ConnectionException || e instanceof StatementException && e.isRetryable();
  }

  private static String describe(InsertBatch batch, Endpoint target) {
    return "insert " + batch.rowCount() + " rows into table '" + batch.tableName() + "'"
        + (target == null ? "" : " on " + target);
  }

  /** The home link ready for work (reconnected and replayed when it broke, within the retries). */
  private Link homeLink(InsertBatch batch) {
    return retrier.run("connect to insert into table '" + batch.tableName() + "'", live, l -> l).link();
  }

  /** The redirect link to {@code target}, opened when first needed, in the session's database. */
  private Link redirectLink(Endpoint target) {
    Link rc = links.redirect(target);
    if (rc == null) {
      rc = links.openRedirect(target);
      LOG.debug("opened a redirect connection to {}", target);
    }
    String database = links.database();
    if (database != null && !database.equals(rc.database())) {
      Statuses.check(rc.execute(Identifiers.use(database), fetchSize, 0).getStatus(),
          "use database '" + database + "' on the redirect connection to " + target);
    }
    return rc;
  }

  /**
   * Gives up the redirect link to {@code target} after {@code e}: its devices are forgotten, its
   * acknowledged inserts go to the home link's window (replayed there before anything else), the
   * link is closed. {@code rc} may be null (it never opened).
   */
  private void giveUp(Endpoint target, Link rc, QuiverException e, int rows) {
    redirectFallbacks++;
    int forgotten = routes.forget(target);
    Link home = links.home();
    if (e instanceof QuarantinedNodeException) {
      // Reported once, when its connect failed; the server may go on hinting it meanwhile.
      LOG.debug("sending {} rows hinted to {} through {}: {}", rows, target, home.endpoint(), e.getMessage());
    } else {
      LOG.warn("a redirected insert of {} rows to {} failed ({}); sending them through {} instead, and"
          + " forgetting the {} devices hinted to live there", rows, target, e.getMessage(), home.endpoint(),
          forgotten);
    }
    Link open = rc != null ? rc : links.redirect(target);
    if (open != null && links.redirect(target) == open) {
      links.removeRedirect(open);
      // Its acknowledged inserts are replayed on the home link first.
      home.absorbWindow(open.detachWindow(), open.endpoint());
      open.close();
    }
  }

  /**
   * Sends a request over the redirect link to {@code target} (opened when first needed), or
   * through the home link when {@code target} is null or its link fails; learns from the answer's
   * hints. {@code picked} maps the request's units to their keys (null: the identity).
   */
  private void sendTo(Endpoint target, InsertBatch batch, long[] hashes, int[] picked, int units,
      LongConsumer acknowledged) {
    int rows = batch.rowCount();
    if (target != null) {
      homeLink(batch);
      Link rc = null;
      try {
        rc = redirectLink(target);
        TSStatus status = rc.insert(batch);
        Statuses.check(status, describe(batch, target));
        acknowledged.accept(rows);
        redirectedRequests++;
        redirectedRows += rows;
        learn(status, hashes, picked, units, target);
        return;
      } catch (ConnectionException | StatementException e) {
        if (e instanceof StatementException && !e.isRetryable()) {
          throw e;
        }
        giveUp(target, rc, e, rows);
      }
    }
    Retrier.Attempt<TSStatus> sent = sendHome(batch);
    acknowledged.accept(rows);
    learn(sent.value(), hashes, picked, units, sent.link().endpoint());
  }

  private Retrier.Attempt<TSStatus> sendHome(InsertBatch batch) {
    String what = describe(batch, null);
    return retrier.run(what, live, link -> {
      TSStatus status = link.insert(batch);
      Statuses.check(status, what);
      return status;
    });
  }

  private void learn(TSStatus status, long[] hashes, int[] picked, int units, Endpoint answeredBy) {
    if (routes == null) {
      return;
    }
    if (DeviceRoutes.hintsElsewhere(status, units, answeredBy)) {
      hintedResponses++;
    }
    routes.learn(status, hashes, picked, units, answeredBy);
  }
}
