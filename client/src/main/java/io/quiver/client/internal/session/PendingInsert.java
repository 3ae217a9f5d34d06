package io.quiver.client.internal.session;

import org.apache.iotdb.common.rpc.thrift.TSStatus;

/**
 * An insert sent over a {@link Link} whose answer is not read yet ({@link Link#sendInsert}).
 * Reading it ({@link #await}) does what {@link Link#insert} does after sending: an acknowledged
 * request enters the link's replay window. Read it exactly once, before the link's next call.
 */
@FunctionalInterface
public interface PendingInsert {
  /**
   * Reads the answer; the caller checks the status.
   *
   * @throws io.quiver.client.ConnectionException if the link fails or the answer does not come
   *     within the read timeout (the link is then broken)
   */
  TSStatus await();
}
