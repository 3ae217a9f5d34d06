package io.quiver.client.internal.session;

import io.quiver.client.ConnectionException;

/**
 * A redirect link not opened because its node failed to connect a moment ago ({@code
 * unreachableNodeQuarantine}): no connect was tried. The router treats it as any failure to
 * connect (the rows go through the home link) but says so quietly, since the first failure was
 * already reported; it never reaches a caller (a fallback that fails throws the home link's error).
 */
public final class QuarantinedNodeException extends ConnectionException {
  private static final long serialVersionUID = 1L;

  QuarantinedNodeException(String endpoint, String message) {
    super(endpoint, message, true, null);
  }
}
