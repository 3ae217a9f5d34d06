package io.quiver.cli.load;

import io.quiver.client.PartialInsertException;

/**
 * Where the {@link Loader}'s batches go, and its one tie to a data model: the table model
 * ({@link TableTarget}: an {@code ArrowTablet} through a {@code TableSessionPool}) or the tree
 * model ({@link TreeTarget}: one device or a device column through a tree {@code SessionPool}).
 * Called from the inserting threads, so implementations are thread-safe.
 */
interface LoadTarget {
  /**
   * Builds the insert of one slice's rows and borrows a session for it; nothing is sent yet.
   *
   * @throws RuntimeException if the rows cannot be turned into a request or no session is had:
   *     the batch counts as not sent
   */
  Insert prepare(BatchSlice slice);

  /** One prepared insert: sent once, then closed (which hands its session back). */
  interface Insert extends AutoCloseable {
    /** Sends the rows; returns when IoTDB acknowledged them. */
    void send();

    /**
     * The rows from the slice's start that a failure sent in parts left acknowledged, as a run of
     * file rows; 0 when the parts do not follow the file's row order.
     */
    default long acknowledgedPrefix(PartialInsertException e) {
      return e.acknowledgedPrefixRows();
    }

    /** Hands the session back to its pool. */
    @Override
    void close();
  }
}
