package io.quiver.client.internal.session;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of a session not yet read to the end nor closed (row result sets and raw query
 * cursors alike), so that closing the session, handing it back to its pool, or losing its
 * connection closes them, releasing their queries on the server.
 */
public final class OpenResults {
  private final Map<Object, Runnable> open = new IdentityHashMap<>();

  /** Registers {@code result}; {@code close} closes it (and, through its finish hook, removes it). */
  public void add(Object result, Runnable close) {
    open.put(result, close);
  }

  public void remove(Object result) {
    open.remove(result);
  }

  public int size() {
    return open.size();
  }

  /**
   * Closes every open result, each even if an earlier one failed; returns the first failure (later
   * ones suppressed), or null.
   */
  public RuntimeException closeAll() {
    List<Runnable> closers = new ArrayList<>(open.values());
    open.clear();
    RuntimeException first = null;
    for (Runnable close : closers) {
      try {
        close.run();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    return first;
  }
}
