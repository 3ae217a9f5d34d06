package io.quiver.client.internal.session;

import io.quiver.client.internal.Endpoint;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes a connect recently failed to reach, each passed over for a quarantine period after its
 * failure, so that a redirection hint naming a node the client cannot reach costs one connect
 * attempt per period instead of one per batch (apache/iotdb#7748). Shared by a pool's sessions;
 * thread-safe. A quarantine of zero remembers nothing.
 */
public final class UnreachableNodes {
  private final Clock clock;
  private final long quarantineNanos;
  private final ConcurrentHashMap<Endpoint, Long> failedAt = new ConcurrentHashMap<>();

  public UnreachableNodes(Clock clock, long quarantineNanos) {
    this.clock = clock;
    this.quarantineNanos = quarantineNanos;
  }

  /** The quarantine period in nanoseconds (0: off). */
  public long quarantineNanos() {
    return quarantineNanos;
  }

  /** Records that connecting to {@code node} failed just now. */
  public void failed(Endpoint node) {
    if (quarantineNanos > 0) {
      failedAt.put(node, clock.nanoTime());
    }
  }

  /** Records that {@code node} was connected to: it is no longer passed over. */
  public void reached(Endpoint node) {
    failedAt.remove(node);
  }

  /** Nanoseconds for which {@code node} is still passed over; 0 when it is not. */
  public long remainingNanos(Endpoint node) {
    Long at = failedAt.get(node);
    if (at == null) {
      return 0;
    }
    long left = at + quarantineNanos - clock.nanoTime();
    if (left <= 0) {
      failedAt.remove(node, at);
      return 0;
    }
    return left;
  }

  /** True while {@code node} is passed over. */
  public boolean isQuarantined(Endpoint node) {
    return remainingNanos(node) > 0;
  }
}
