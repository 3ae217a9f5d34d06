package io.quiver.client.internal.session;

import io.quiver.client.StatementException;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.Statuses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes a session (or all sessions of a pool) may connect to: the configured ones, then those
 * discovered from the cluster (node discovery, the official Java client's {@code enableAutoFetch}),
 * with the address map applied to every address a server reported, and the {@link
 * UnreachableNodes} that recently failed to connect.
 *
 * <p>Discovery runs on use, never on a thread of its own: {@link #refreshIfDue} asks the server
 * over a link the session has just opened or is about to use anyway, at most once per interval
 * for all the sessions sharing the directory (one claims the turn, the others go on at once), and
 * at the next use after a failover ({@link #refreshSoon}). Nothing to close. A failed refresh keeps the list it had.
 * Thread-safe.
 */
public final class NodeDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(NodeDirectory.class);
  private static final String REMOVING = "Removing";
  private static final String RUNNING = "Running";

  private final List<Endpoint> configured;
  private final Map<Endpoint, Endpoint> addressMap;
  private final UnreachableNodes unreachable;
  private final DataNodeLister lister;
  private final Clock clock;
  private final long intervalNanos;
  /** When the next refresh is due (nanoTime); claimed by compare-and-set. */
  private final AtomicLong nextRefresh;
  private volatile List<Endpoint> discovered = List.of();
  private volatile boolean refusalLogged;

  /**
   * @param configured the configured nodes, in order of preference (used as given)
   * @param addressMap reported address to the address to use instead
   * @param lister asks a server for the cluster's DataNodes; null turns discovery off
   * @param intervalNanos how often the list is asked again
   * @param quarantineNanos how long a node that failed to connect is passed over (0: never)
   */
  public NodeDirectory(List<Endpoint> configured, Map<Endpoint, Endpoint> addressMap, DataNodeLister lister,
      long intervalNanos, long quarantineNanos, Clock clock) {
    if (configured.isEmpty()) {
      throw new IllegalArgumentException("nodeUrls: give at least one host:port");
    }
    this.configured = List.copyOf(configured);
    this.addressMap = Map.copyOf(addressMap);
    this.lister = lister;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.intervalNanos = intervalNanos;
    this.unreachable = new UnreachableNodes(clock, quarantineNanos);
    this.nextRefresh = new AtomicLong(clock.nanoTime());
  }

  /**
   * The directory of {@code config}: its nodes, address map and quarantine; discovery with {@code
   * lister} when the configuration turns it on and {@code lister} is not null.
   *
   * @throws IllegalArgumentException naming the setting when an address is not host:port
   */
  public static NodeDirectory of(TableSessionConfig config, Clock clock, DataNodeLister lister) {
    Map<Endpoint, Endpoint> map = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : config.nodeAddressMap().entrySet()) {
      map.put(Endpoint.parse(e.getKey(), "nodeAddressMap"), Endpoint.parse(e.getValue(), "nodeAddressMap"));
    }
    return new NodeDirectory(parse(config.nodeUrls()), map, config.enableNodeDiscovery() ? lister : null,
        config.nodeDiscoveryInterval().toNanos(), config.unreachableNodeQuarantine().toNanos(), clock);
  }

  /** The configured nodes only: no discovery, no address map, no quarantine. */
  public static NodeDirectory fixed(List<String> nodeUrls) {
    return new NodeDirectory(parse(nodeUrls), Map.of(), null, 0, 0, Clock.SYSTEM);
  }

  private static List<Endpoint> parse(List<String> urls) {
    List<Endpoint> parsed = new ArrayList<>(urls.size());
    for (String url : urls) {
      parsed.add(Endpoint.parse(url, "nodeUrls"));
    }
    return parsed;
  }

  /** The nodes to try, in order of preference: the configured ones, then the discovered ones. */
  public List<Endpoint> nodes() {
    List<Endpoint> found = discovered;
    if (found.isEmpty()) {
      return configured;
    }
    Set<Endpoint> all = new LinkedHashSet<>(configured);
    all.addAll(found);
    return List.copyOf(all);
  }

  /** The configured nodes, in order of preference. */
  public List<Endpoint> configured() {
    return configured;
  }

  /** The discovered nodes that are not configured ones, in the order of {@link #discovered()}. */
  public List<Endpoint> discoveredOnly() {
    List<Endpoint> found = discovered;
    if (found.isEmpty()) {
      return found;
    }
    List<Endpoint> extra = new ArrayList<>(found);
    extra.removeAll(configured);
    return extra;
  }

  /** The discovered nodes (addresses mapped), the running ones first; empty before the first refresh. */
  public List<Endpoint> discovered() {
    return discovered;
  }

  /** The address to connect to for one a server reported: its entry in the address map, or itself. */
  public Endpoint reachable(Endpoint reported) {
    return addressMap.getOrDefault(reported, reported);
  }

  public UnreachableNodes unreachable() {
    return unreachable;
  }

  /** True when discovery is on. */
  public boolean discovers() {
    return lister != null;
  }

  /** Makes the next {@link #refreshIfDue} ask at once (after a failover: the cluster may have changed). */
  public void refreshSoon() {
    if (lister != null) {
      nextRefresh.set(clock.nanoTime());
    }
  }

  /**
   * Asks the cluster for its DataNodes over {@code link} when discovery is on, the interval has
   * passed (or {@link #refreshSoon} was called) and no other session sharing the directory took
   * the turn. A failure is logged (the first at WARN, or INFO when the user lacks the privilege)
   * and the list kept, never thrown; a transport failure leaves {@code link} broken, for its owner
   * to reconnect.
   */
  public void refreshIfDue(Link link) {
    if (lister == null) {
      return;
    }
    long due = nextRefresh.get();
    long now = clock.nanoTime();
    if (now - due < 0 || !nextRefresh.compareAndSet(due, now + intervalNanos)) {
      return;
    }
    List<DataNodeLister.DataNode> report;
    try {
      report = lister.list(link);
    } catch (RuntimeException e) { // whatever went wrong, discovery never fails the caller's call
      if (refusalLogged) {
        LOG.debug("could not list the cluster's DataNodes on {}: {}", link.endpoint(), e.getMessage());
      } else {
        refusalLogged = true;
        // A user without the SYSTEM privilege is refused (803): expected, so not a warning.
        boolean denied = e instanceof StatementException s && s.statusCode() == Statuses.NO_PERMISSION;
        String message = "could not list the cluster's DataNodes on {} ({}); going on with the nodes known: {}"
            + " (logged once; enableNodeDiscovery(false) stops asking)";
        if (denied) {
          LOG.info(message, link.endpoint(), e.getMessage(), nodes());
        } else {
          LOG.warn(message, link.endpoint(), e.getMessage(), nodes());
        }
      }
      return;
    }
    learn(report, link.endpoint());
  }

  /** Takes the nodes of a report: all but those being removed or without an address, the running first. */
  private void learn(List<DataNodeLister.DataNode> report, Endpoint from) {
    List<Endpoint> running = new ArrayList<>();
    List<Endpoint> others = new ArrayList<>();
    for (DataNodeLister.DataNode n : report) {
      String host = n.endpoint().host();
      if (REMOVING.equalsIgnoreCase(n.status()) || "0.0.0.0".equals(host) || "::".equals(host)) {
        continue;
      }
      (RUNNING.equalsIgnoreCase(n.status()) ? running : others).add(reachable(n.endpoint()));
    }
    running.addAll(others);
    if (running.isEmpty()) {
      LOG.debug("{} reported no usable DataNode ({}); keeping {}", from, report, discovered);
      return;
    }
    List<Endpoint> found = List.copyOf(new LinkedHashSet<>(running));
    if (!found.equals(discovered)) {
      LOG.debug("{} reported the DataNodes {}", from, found);
    }
    discovered = found;
  }
}
