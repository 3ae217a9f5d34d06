package io.quiver.cli.load;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionPool;

/**
 * The table model's {@link LoadTarget}: each slice becomes an {@link ArrowTablet} of the table
 * (columns as {@link ColumnPlan} casts and categorizes them), inserted through a session borrowed
 * from the pool.
 */
final class TableTarget implements LoadTarget {
  private final LoadOptions options;
  private final TableSessionPool pool;

  TableTarget(LoadOptions options, TableSessionPool pool) {
    this.options = options;
    this.pool = pool;
  }

  @Override
  public Insert prepare(BatchSlice slice) {
    ArrowTablet tablet =
        ColumnPlan.builder(options.table(), slice.root, slice.dictionaries, options).build();
    TableSession session = pool.getSession();
    return new Insert() {
      @Override
      public void send() {
        session.insert(tablet);
      }

      @Override
      public void close() {
        session.close();
      }
    };
  }
}
