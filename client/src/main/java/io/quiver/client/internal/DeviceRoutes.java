package io.quiver.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.iotdb.common.rpc.thrift.TEndPoint;
import org.apache.iotdb.common.rpc.thrift.TSStatus;

/**
 * What the server said about where devices live: device hash ({@link EncodedRows#deviceHashes}) to
 * the client endpoint of the DataNode that leads the device's data, learned from the hints of table
 * inserts.
 *
 * <p>The hint (IoTDB 2.0.10, seen on a real 1C2D cluster): when some rows of an insert belong to
 * devices another node leads, the insert is acknowledged with status 400 and one sub-status per row,
 * in row order, each 200, with a {@code redirectNode} when that row's node is not the one that
 * answered. The rows are written either way; the hint is only about the next write.
 *
 * <p>Tree inserts are keyed by device path instead ({@code TreeRouting}), one key per device: the
 * hints of an {@code insertTablets} come one sub-status per device, and that of an {@code
 * insertTablet} as the status's own {@code redirectNode} (see {@link #hints}).
 *
 * <p>Shared by the sessions of a pool (thread-safe): a read lock per batch for {@link #lookup}, the
 * write lock only when a hint changes something. At most {@link #MAX_DEVICES} devices are held; past
 * that the table starts over (devices are then learned again from the next hints).
 */
public final class DeviceRoutes {
  /** About 12 MiB of table at most. */
  static final int MAX_DEVICES = 1 << 20;

  private static final int NONE = -1;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<Endpoint> endpoints = new ArrayList<>();
  private long[] keys = new long[1024];
  private int[] targets = new int[1024];
  private volatile int size;

  /** True when nothing was learned yet (no hint ever arrived, or all were forgotten). */
  public boolean isEmpty() {
    return size == 0;
  }

  /** Devices known. */
  public int size() {
    return size;
  }

  /**
   * Looks up each of the first {@code n} hashes: the endpoint id of its node, or -1 when unknown.
   */
  public void lookup(long[] hashes, int n, int[] out) {
    lock.readLock().lock();
    try {
      long[] k = keys;
      int[] t = targets;
      int mask = k.length - 1;
      for (int i = 0; i < n; i++) {
        long h = hashes[i];
        int at = spread(h) & mask;
        int found = NONE;
        while (k[at] != 0) {
          if (k[at] == h) {
            found = t[at];
            break;
          }
          at = (at + 1) & mask;
        }
        out[i] = found;
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The id of an endpoint hints named, or -1 if none did. */
  public int idOf(Endpoint endpoint) {
    lock.readLock().lock();
    try {
      return idOf(endpoint.host(), endpoint.port(), false);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The endpoint with this id. */
  public Endpoint endpoint(int id) {
    lock.readLock().lock();
    try {
      return endpoints.get(id);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Learns from the answer to an insert of rows whose device hashes are {@code hashes[rows[i]]}
   * for sub-status {@code i} (or {@code hashes[i]} when {@code rows} is null): a row with a {@code
   * redirectNode} lives there, a row without one where the insert was answered. Does nothing unless
   * the status is a 400 with one sub-status per row. Hints naming {@code 0.0.0.0} are ignored.
   *
   * @return how many devices were added or moved
   */
  public int learn(TSStatus status, long[] hashes, int[] rows, int count, Endpoint answeredBy) {
    List<TSStatus> subs = hints(status, count);
    if (subs == null) {
      return 0;
    }
    int[] ids = new int[count];
    int local = NONE;
    boolean changes = false;
    lock.readLock().lock();
    try {
      for (int i = 0; i < count; i++) {
        TSStatus sub = subs.get(i);
        TEndPoint node = sub.isSetRedirectNode() ? sub.getRedirectNode() : null;
        int id;
        if (node == null) {
          if (local == NONE) {
            local = idOf(answeredBy.host(), answeredBy.port(), false);
          }
          id = local;
        } else if ("0.0.0.0".equals(node.getIp())) {
          id = NONE;
        } else {
          id = idOf(node.getIp(), node.getPort(), false);
        }
        ids[i] = id;
        if (id == NONE ? node == null || !"0.0.0.0".equals(node.getIp()) : get(hashes[rows == null ? i : rows[i]]) != id) {
          changes = true;
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    if (!changes) {
      return 0;
    }
    int changed = 0;
    lock.writeLock().lock();
    try {
      for (int i = 0; i < count; i++) {
        TSStatus sub = subs.get(i);
        TEndPoint node = sub.isSetRedirectNode() ? sub.getRedirectNode() : null;
        if (node != null && "0.0.0.0".equals(node.getIp())) {
          continue;
        }
        int id = node == null ? idOf(answeredBy.host(), answeredBy.port(), true)
            : idOf(node.getIp(), node.getPort(), true);
        if (put(hashes[rows == null ? i : rows[i]], id)) {
          changed++;
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
    return changed;
  }

  /**
   * The per-unit hints of an answer to a request of {@code count} units, or null when it has
   * none: the sub-statuses of a 400 with one per unit, or, for a request of one unit (a tree
   * {@code insertTablet}), the status itself when it names a {@code redirectNode}.
   */
  static List<TSStatus> hints(TSStatus status, int count) {
    if (status.getCode() == Statuses.REDIRECTION_RECOMMEND && status.isSetSubStatus()
        && status.getSubStatusSize() == count) {
      return status.getSubStatus();
    }
    if (count == 1 && status.isSetRedirectNode() && Statuses.isSuccess(status)) {
      return List.of(status);
    }
    return null;
  }

  /**
   * True when an answer to a request of {@code count} units hints that some unit lives on another
   * node than {@code answeredBy} (a {@code redirectNode} naming another endpoint, not {@code
   * 0.0.0.0}): what counts as a hinted response.
   */
  public static boolean hintsElsewhere(TSStatus status, int count, Endpoint answeredBy) {
    List<TSStatus> subs = hints(status, count);
    if (subs == null) {
      return false;
    }
    for (TSStatus sub : subs) {
      if (sub.isSetRedirectNode()) {
        TEndPoint node = sub.getRedirectNode();
        if (!"0.0.0.0".equals(node.getIp())
            && (node.getPort() != answeredBy.port() || !node.getIp().equals(answeredBy.host()))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Forgets every device of {@code endpoint} (its node failed): their rows go to the session's own
   * node until hints say otherwise.
   *
   * @return how many devices were forgotten
   */
  public int forget(Endpoint endpoint) {
    lock.writeLock().lock();
    try {
      int id = idOf(endpoint.host(), endpoint.port(), false);
      if (id == NONE) {
        return 0;
      }
      long[] oldKeys = keys;
      int[] oldTargets = targets;
      keys = new long[oldKeys.length];
      targets = new int[oldKeys.length];
      int before = size;
      int kept = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != 0 && oldTargets[i] != id) {
          insert(oldKeys[i], oldTargets[i]);
          kept++;
        }
      }
      size = kept;
      return before - kept;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Under a lock: the id of an endpoint, registered when {@code register} (under the write lock). */
  private int idOf(String host, int port, boolean register) {
    for (int i = 0; i < endpoints.size(); i++) {
      Endpoint e = endpoints.get(i);
      if (e.port() == port && e.host().equals(host)) {
        return i;
      }
    }
    if (!register) {
      return NONE;
    }
    endpoints.add(new Endpoint(host, port));
    return endpoints.size() - 1;
  }

  private int get(long h) {
    int mask = keys.length - 1;
    int at = spread(h) & mask;
    while (keys[at] != 0) {
      if (keys[at] == h) {
        return targets[at];
      }
      at = (at + 1) & mask;
    }
    return NONE;
  }

  /** Under the write lock; true if the device was added or moved. */
  private boolean put(long h, int id) {
    int mask = keys.length - 1;
    int at = spread(h) & mask;
    while (keys[at] != 0) {
      if (keys[at] == h) {
        boolean moved = targets[at] != id;
        targets[at] = id;
        return moved;
      }
      at = (at + 1) & mask;
    }
    if (size >= MAX_DEVICES) {
      keys = new long[1024];
      targets = new int[1024];
      size = 0;
    } else if ((size + 1) * 2 > keys.length) {
      long[] oldKeys = keys;
      int[] oldTargets = targets;
      keys = new long[oldKeys.length * 2];
      targets = new int[oldKeys.length * 2];
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != 0) {
          insert(oldKeys[i], oldTargets[i]);
        }
      }
    }
    insert(h, id);
    size++;
    return true;
  }

  private void insert(long h, int id) {
    int mask = keys.length - 1;
    int at = spread(h) & mask;
    while (keys[at] != 0) {
      at = (at + 1) & mask;
    }
    keys[at] = h;
    targets[at] = id;
  }

  private static int spread(long h) {
    return (int) (h ^ (h >>> 32));
  }
}
