package io.quiver.client.internal.session;

import io.quiver.client.TimePrecision;
import io.quiver.client.internal.EncodedRows;
import io.quiver.client.internal.tree.TreeRouting;
import io.quiver.client.spi.InsertBatch;

/**
 * The route-key function of a {@link WriteRouter}: cuts a request into the units redirection
 * routes, each keyed by its device.
 *
 * <ul>
 *   <li>table model: a unit per row, keyed by the hash of the row's device (database, table, TAG
 *       values: {@link EncodedRows#deviceHashes}); the batch is encoded once for it, and parts of
 *       it are row selections of the encoded bytes;
 *   <li>tree model: a unit per device, keyed by the hash of the device path ({@link TreeRouting});
 *       an {@code insertTablets} is cut by devices, an {@code insertTablet} is one unit.
 * </ul>
 */
@FunctionalInterface
public interface RouteKeys {
  /**
   * The units of {@code request}.
   *
   * @throws io.quiver.client.InvalidBatchException if the request's data is bad (found while
   *     encoding, before anything is sent)
   */
  RoutedRequest route(InsertBatch request, TimePrecision precision, String database);

  /** Tree requests by device path, any other batch as table rows: the router's default. */
  static RouteKeys byRequest() {
    return new RouteKeys() {
      private EncodedRows encoded;

      @Override
      public RoutedRequest route(InsertBatch request, TimePrecision precision, String database) {
        RoutedRequest tree = TreeRouting.of(request);
        if (tree != null) {
          return tree;
        }
        if (encoded == null) {
          encoded = new EncodedRows();
        }
        return tableRows(encoded.encode(request, precision), database);
      }
    };
  }

  /** The rows of an encoded table batch, keyed by their devices. */
  static RoutedRequest tableRows(EncodedRows rows, String database) {
    long[] hashes = rows.deviceHashes(database);
    return new RoutedRequest() {
      @Override
      public InsertBatch whole() {
        return rows;
      }

      @Override
      public int units() {
        return rows.rowCount();
      }

      @Override
      public long[] keys() {
        return hashes;
      }

      @Override
      public InsertBatch select(int[] picked, int count) {
        return rows.select(picked, count);
      }
    };
  }
}
