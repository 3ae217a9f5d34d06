package io.quiver.cli.load;

import io.quiver.arrow.ArrowDeviceBatch;
import io.quiver.arrow.ArrowTablet;
import io.quiver.client.PartialInsertException;
import io.quiver.client.Session;
import io.quiver.client.SessionPool;

/**
 * The tree model's {@link LoadTarget}: each slice becomes an {@link ArrowTablet} for {@code
 * --device} ({@link Session#insertTablet}, or {@link Session#insertAlignedTablet} with {@code
 * --aligned}) or an {@link ArrowDeviceBatch} grouped by {@code --device-column} (one {@link
 * Session#insertTablets} request when it fits the frame), sent on a session borrowed from the
 * tree pool. Paths and names are checked again ({@link TreeLoad#checkNames}) before a session is
 * borrowed.
 */
final class TreeTarget implements LoadTarget {
  private final TreeLoadOptions options;
  private final SessionPool pool;

  TreeTarget(TreeLoadOptions options, SessionPool pool) {
    this.options = options;
    this.pool = pool;
  }

  @Override
  public Insert prepare(BatchSlice slice) {
    Object batch = TreeLoad.build(options, slice.root, slice.dictionaries);
    TreeLoad.checkNames(batch);
    Session session = pool.getSession();
    return new Insert() {
      @Override
      public void send() {
        if (batch instanceof ArrowTablet tablet) {
          if (options.aligned()) {
            session.insertAlignedTablet(tablet);
          } else {
            session.insertTablet(tablet);
          }
        } else {
          session.insertTablets((ArrowDeviceBatch) batch, options.aligned());
        }
      }

      /**
       * None: a tree request sends rows in time order per device, so the parts a session
       * acknowledged are not a run of the slice's rows.
       */
      @Override
      public long acknowledgedPrefix(PartialInsertException e) {
        return 0;
      }

      @Override
      public void close() {
        session.close();
      }
    };
  }
}
