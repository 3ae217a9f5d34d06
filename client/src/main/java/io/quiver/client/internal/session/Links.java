package io.quiver.client.internal.session;

import io.quiver.client.ConnectionException;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.Identifiers;
import io.quiver.client.internal.Statuses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;

/**
 * A session's connection bundle: its home link (statements, queries, inserts of unrouted rows),
 * the redirect links to other nodes that routed inserts went over, their replay windows, and the
 * database the session is in. What a pool pools: a borrower gets the bundle, windows and redirect
 * links included, and hands it back.
 *
 * <p>When the home link breaks, {@link #live} replaces it with one to the first node that answers,
 * which takes over its replay window and replays it before anything else, and asks the cluster
 * for its DataNodes again on the next use. Node discovery runs when a bundle opens and in {@link
 * #live}, when due ({@link NodeDirectory#refreshIfDue}). Redirect links are opened to the address the {@link
 * NodeDirectory} maps a hinted node to, and not at all while that address is in quarantine after
 * a failed connect ({@link UnreachableNodes}). Not thread-safe.
 */
public final class Links implements AutoCloseable {
  private final Connector connector;
  private Link home;
  private final Map<Endpoint, Link> redirects = new LinkedHashMap<>();
  private String database;

  private Links(Connector connector, Link home, String database) {
    this.connector = connector;
    this.home = home;
    this.database = database;
  }

  /**
   * Connects a new bundle in {@code database} (null: none), and asks the cluster for its DataNodes
   * over the new link when that is due ({@link NodeDirectory#refreshIfDue}: the first bundle of a
   * session or pool always asks).
   */
  public static Links open(Connector connector, String database) {
    Link home = connector.connect(database);
    connector.directory().refreshIfDue(home); // a transport failure breaks home: the first call reconnects
    return new Links(connector, home, database);
  }

  public Connector connector() {
    return connector;
  }

  /** The home link as it is: maybe broken, maybe with frames to replay. Does no I/O. */
  public Link home() {
    return home;
  }

  /** The session's database (after {@code USE}), or null. */
  public String database() {
    return database;
  }

  public void database(String database) {
    this.database = database;
  }

  /**
   * The home link, ready for new work: if it broke, a new one (to the first node that answers)
   * that took over its replay window, and {@code onReconnect} is run first; the window's
   * acknowledged inserts are replayed there before it is returned.
   */
  public Link live(Runnable onReconnect) {
    NodeDirectory nodes = connector.directory();
    if (!home.isBroken() && !home.needsReplay() && !home.hasInFlight()) {
      nodes.refreshIfDue(home); // a transport failure breaks home: reconnected below
    }
    if (home.isBroken()) {
      onReconnect.run();
      Link fresh = connector.connect(database);
      fresh.adoptWindow(home.detachWindow());
      home = fresh;
      nodes.refreshSoon();
    }
    if (home.needsReplay()) {
      home.replay();
      if (home.database() != null) {
        database = home.database();
      }
    }
    return home;
  }

  /**
   * Makes {@code database} the session's again (a pooled bundle handed back after a {@code USE}):
   * nothing when it already is; a {@code USE} on the home link otherwise. Returns false when it
   * cannot be (no database to go back to), so the bundle must not be reused.
   *
   * @throws io.quiver.client.QuiverException if the {@code USE} fails
   */
  public boolean restoreDatabase(String database) {
    if (Objects.equals(this.database, database)) {
      return true;
    }
    if (database == null) {
      return false;
    }
    TSExecuteStatementResp resp = home.execute(Identifiers.use(database), 1, 0);
    Statuses.check(resp.getStatus(), "restore database '" + database + "' of a pooled session");
    this.database = database;
    return true;
  }

  /** The redirect link to {@code target}, or null. */
  public Link redirect(Endpoint target) {
    return redirects.get(target);
  }

  /**
   * Opens a redirect link to the node a hint named {@code target}, in the session's database; the
   * bundle owns it, under {@code target}. The link goes to the address the directory maps {@code
   * target} to (itself without a map entry).
   *
   * @throws ConnectionException (retryable) at once, without connecting, while that address is in
   *     quarantine after a failed connect; else the connect's own failure, after which the address
   *     is in quarantine
   */
  public Link openRedirect(Endpoint target) {
    NodeDirectory nodes = connector.directory();
    Endpoint address = nodes.reachable(target);
    UnreachableNodes unreachable = nodes.unreachable();
    long left = unreachable.remainingNanos(address);
    if (left > 0) {
      String reported = address.equals(target) ? "" : " (reported as " + target + ")";
      throw new QuarantinedNodeException(address.toString(), "not connecting to IoTDB at " + address + reported
          + ": connecting to it failed less than " + Clock.millisCeil(unreachable.quarantineNanos()) + " ms ago; it is"
          + " tried again in " + Clock.millisCeil(left) + " ms (unreachableNodeQuarantine)");
    }
    Link link;
    try {
      link = connector.factory().open(address, database);
    } catch (ConnectionException e) {
      unreachable.failed(address);
      throw e;
    }
    unreachable.reached(address);
    redirects.put(target, link);
    return link;
  }

  /** Takes a redirect link out of the bundle (the caller closes it). */
  public void removeRedirect(Link link) {
    redirects.values().removeIf(r -> r == link);
  }

  /** The redirect links, in the order they were opened (a copy). */
  public List<Link> redirects() {
    return new ArrayList<>(redirects.values());
  }

  /** True when the home link's or a redirect link's window holds acknowledged frames. */
  public boolean holdsFrames() {
    if (home.holdsFrames()) {
      return true;
    }
    for (Link r : redirects.values()) {
      if (r.holdsFrames()) {
        return true;
      }
    }
    return false;
  }

  /** Closes the redirect links and the home link. */
  @Override
  public void close() {
    for (Link r : redirects.values()) {
      r.close();
    }
    redirects.clear();
    home.close();
  }
}
