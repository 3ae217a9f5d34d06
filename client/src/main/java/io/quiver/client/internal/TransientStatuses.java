package io.quiver.client.internal;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.iotdb.common.rpc.thrift.TSStatus;

/**
 * Decides whether a refusal from IoTDB is transient: the same request, sent again a little later,
 * may succeed because the cluster was briefly unable to do it (a node restarting, a region leader
 * moving, a stale connection between two nodes), not because the request is wrong.
 *
 * <p>Three groups:
 *
 * <ul>
 *   <li>codes that mean a passing cluster state whatever the message ({@link #TRANSIENT_CODES}),
 *       for example 602 STORAGE_ENGINE_NOT_READY, 905 REGION_LEADER_CHANGE_ERROR, 1012
 *       NO_AVAILABLE_REPLICA ("All replicas for region ... are not available");
 *   <li>generic codes that IoTDB reuses for many failures ({@link #GENERIC_CODES}: 301
 *       EXECUTE_STATEMENT_ERROR, 305 INTERNAL_SERVER_ERROR, 306 DISPATCH_ERROR): transient only
 *       when the message shows the cause was the link between two nodes ("Fail to send plan node
 *       ... Broken pipe", "Connection refused", "can't connect to node", ...), never for a
 *       statement the server could not run;
 *   <li>302 MULTIPLE_ERROR: transient when every failed sub-status is.
 * </ul>
 *
 * <p>A status the server marks {@code needRetry} is transient too. Everything else is final. The
 * classification says nothing about whether a call may be sent again: the session retries only
 * calls that are safe to repeat (inserts, whose equal tags and time overwrite, and queries), and
 * reports the verdict of the others through {@code isRetryable()}.
 */
public final class TransientStatuses {
  /** Codes that mean the cluster is passing through a state, whatever their message says. */
  static final Set<Integer> TRANSIENT_CODES = Set.of(
      602,  // STORAGE_ENGINE_NOT_READY: the DataNode is still recovering its data
      606,  // WRITE_PROCESS_REJECT: memory is short until a flush completes
      712,  // INTERNAL_REQUEST_TIME_OUT: a node-to-node request timed out
      713,  // INTERNAL_REQUEST_RETRY_ERROR: a node-to-node request gave up its own retries
      717,  // TOO_MANY_CONCURRENT_QUERIES_ERROR
      719,  // a DataNode short of query memory just now (2.0.10: "There is not enough memory to execute
            // current fragment instance"); frees as other queries end
      721,  // PLAN_FAILED_NETWORK_PARTITION
      904,  // CONSENSUS_NOT_INITIALIZED: a region is still starting
      905,  // REGION_LEADER_CHANGE_ERROR
      1007, // CAN_NOT_CONNECT_DATANODE
      1010, // CAN_NOT_CONNECT_CONFIGNODE
      1012, // NO_AVAILABLE_REPLICA: "All replicas for region ... are not available"
      1014, // CONFIG_NODE_LEADER_WARMING_UP
      1701, // NUM_REQUESTS_EXCEEDED: a throttle per time unit
      1703, // NUM_READ_REQUESTS_EXCEEDED
      1704, // NUM_WRITE_REQUESTS_EXCEEDED
      1705, // WRITE_SIZE_EXCEEDED
      1706, // READ_SIZE_EXCEEDED
      2207  // RATIS_READ_UNAVAILABLE
  );

  /** Codes IoTDB uses for many failures; transient only by their message (see {@link #LINK_FAILURES}). */
  static final Set<Integer> GENERIC_CODES = Set.of(301, 305, 306);

  /**
   * Lower-case fragments of the messages that show a generic code was caused by the link between
   * nodes (IoTDB puts the Java exception's text in the message).
   */
  static final List<String> LINK_FAILURES = List.of(
      "fail to send plan node",
      "can't connect to node",
      "cannot connect to node",
      "ttransportexception",
      "broken pipe",
      "connection refused",
      "connection reset",
      "sockettimeoutexception",
      "read timed out",
      "connect timed out",
      "clientmanagerexception");

  private TransientStatuses() {}

  /** True if the status is a refusal that sending the same request later may overcome. */
  public static boolean isTransient(TSStatus status) {
    if (Statuses.isSuccess(status)) {
      return false;
    }
    if (status.isSetNeedRetry() && status.isNeedRetry()) {
      return true;
    }
    if (status.getCode() == Statuses.MULTIPLE_ERROR && status.isSetSubStatus() && !status.getSubStatus().isEmpty()) {
      for (TSStatus sub : status.getSubStatus()) {
        if (!Statuses.isSuccess(sub) && !isTransient(sub)) {
          return false;
        }
      }
      return true;
    }
    return isTransient(status.getCode(), status.isSetMessage() ? status.getMessage() : null);
  }

  /** As {@link #isTransient(TSStatus)}, for a code and its message (null: none). */
  public static boolean isTransient(int code, String message) {
    if (TRANSIENT_CODES.contains(code)) {
      return true;
    }
    if (!GENERIC_CODES.contains(code) || message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    for (String fragment : LINK_FAILURES) {
      if (m.contains(fragment)) {
        return true;
      }
    }
    return false;
  }
}
