package io.quiver.client;

/**
 * What redirection did for a session (see {@link TableSessionConfig.Builder#enableRedirection}).
 * Counters run since this session object was opened or borrowed.
 *
 * @param enabled false when redirection is off (every other figure is then 0)
 * @param devicesKnown devices whose DataNode is known now (shared by the sessions of a pool)
 * @param hintedResponses inserts the server acknowledged with a redirection hint naming another
 *     node than the one that answered (status 400 with per-row or, in the tree model, per-device
 *     sub-statuses; or a tree {@code insertTablet}'s own {@code redirectNode}): some of their rows
 *     belong to devices another node leads
 * @param redirectedRequests insert requests sent to a node other than the session's own, because
 *     the hints named it
 * @param redirectedRows rows in them
 * @param fallbacks redirected requests whose node failed: sent again through the session's own
 *     connection, and that node's devices forgotten
 * @param redirectConnections connections to other nodes the session holds now
 */
public record RedirectStats(
    boolean enabled,
    int devicesKnown,
    long hintedResponses,
    long redirectedRequests,
    long redirectedRows,
    long fallbacks,
    int redirectConnections) {

  static final RedirectStats OFF = new RedirectStats(false, 0, 0, 0, 0, 0, 0);
}
