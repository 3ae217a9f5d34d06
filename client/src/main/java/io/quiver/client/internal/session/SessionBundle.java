package io.quiver.client.internal.session;

/**
 * A session's connection bundle together with the results open on it: keeps the home link live
 * (closing the results of a broken one before reconnecting), and ends the bundle, either closing it
 * (after the {@link WindowKeeper} waited for its windows, when configured) or handing it back to a
 * pool clean: results closed, the pool's database restored. Not thread-safe.
 */
public final class SessionBundle {
  private final Links links;
  private final OpenResults results;
  private WindowKeeper keeper;

  public SessionBundle(Links links, OpenResults results) {
    this.links = links;
    this.results = results;
  }

  /** The keeper that waits for the windows before the bundle closes; set once, when built. */
  public void keeper(WindowKeeper keeper) {
    this.keeper = keeper;
  }

  public Links links() {
    return links;
  }

  public OpenResults results() {
    return results;
  }

  /**
   * The home link ready for new work (see {@link Links#live}); when it broke, the results open on
   * it are closed first, and the first failure doing so is thrown.
   */
  public Link live() {
    return links.live(() -> {
      RuntimeException failure = results.closeAll();
      if (failure != null) {
        throw failure;
      }
    });
  }

  /**
   * Closes the open results, then the bundle (after waiting for the windows, when configured);
   * throws what failed, the results' failure first (a window left unconfirmed suppressed in it).
   */
  public void close() {
    closeBundle(results.closeAll());
  }

  /**
   * Hands the bundle back to a pool: closes the results left open and, when {@code reuse} is true
   * and {@code USE} changed the database, restores {@code poolDatabase}. Returns the bundle, ready
   * for the next borrower, or null after closing it: when {@code reuse} is false, when it broke
   * (unless its window holds inserts: the next borrower reconnects and replays them), or when its
   * database cannot be restored (the pool has none to go back to).
   *
   * @throws RuntimeException after closing the bundle, if releasing a query or restoring the
   *     database failed
   */
  public Links handBack(String poolDatabase, boolean reuse) {
    RuntimeException failure = results.closeAll();
    Link home = links.home();
    if (reuse && failure == null && home.isBroken() && home.holdsFrames()) {
      links.database(poolDatabase); // the reconnect opens in the pool's database
      return links;
    }
    if (reuse && failure == null && !home.isBroken()) {
      try {
        if (links.restoreDatabase(poolDatabase)) {
          return links;
        }
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    closeBundle(failure);
    return null;
  }

  /** Waits for the windows (when configured), closes the bundle, then throws what failed. */
  private void closeBundle(RuntimeException failure) {
    RuntimeException unconfirmed = keeper.awaitBeforeClosing(this::live);
    links.close();
    if (failure != null) {
      if (unconfirmed != null) {
        failure.addSuppressed(unconfirmed);
      }
      throw failure;
    }
    if (unconfirmed != null) {
      throw unconfirmed;
    }
  }
}
