package io.quiver.client.internal.tree;

import io.quiver.client.internal.session.RoutedRequest;
import io.quiver.client.spi.InsertBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redirection units of tree requests: one per device, keyed by the hash of the device path (the
 * tree model's device, as the official clients key their routes). A {@link TreeTablet} is one
 * unit, whatever its row count; a {@link TreeTablets} is cut by devices into smaller {@code
 * insertTablets} requests, each device whole.
 *
 * <p>What IoTDB 2.0.10 answers (docs/tree-model.md, section 4.3): a hint per device of an {@code
 * insertTablets} (status 400, one sub-status per device, in request order), and the status's own
 * {@code redirectNode} for an {@code insertTablet}.
 */
public final class TreeRouting {
  private TreeRouting() {}

  /** The units of a tree request, or null when {@code request} is not one. */
  public static RoutedRequest of(InsertBatch request) {
    if (request instanceof TreeTablet one) {
      return one(one);
    }
    if (request instanceof TreeTablets many) {
      return many(many);
    }
    return null;
  }

  private static RoutedRequest one(TreeTablet tablet) {
    long[] keys = {pathKey(tablet.tableName())};
    return new RoutedRequest() {
      @Override
      public InsertBatch whole() {
        return tablet;
      }

      @Override
      public int units() {
        return 1;
      }

      @Override
      public long[] keys() {
        return keys;
      }

      @Override
      public InsertBatch select(int[] picked, int count) {
        if (count != 1 || picked[0] != 0) {
          throw new IllegalArgumentException("an insertTablet is one unit; picked " + count);
        }
        return tablet;
      }
    };
  }

  private static RoutedRequest many(TreeTablets tablets) {
    List<DeviceBatch> devices = tablets.devices();
    long[] keys = new long[devices.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = pathKey(devices.get(i).devicePath());
    }
    return new RoutedRequest() {
      @Override
      public InsertBatch whole() {
        return tablets;
      }

      @Override
      public int units() {
        return keys.length;
      }

      @Override
      public long[] keys() {
        return keys;
      }

      @Override
      public InsertBatch select(int[] picked, int count) {
        if (count == keys.length) {
          return tablets;
        }
        List<DeviceBatch> some = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          some.add(devices.get(picked[i]));
        }
        return new TreeTablets(some, tablets.aligned());
      }
    };
  }

  /**
   * A 64-bit hash of a device path's UTF-8 bytes (FNV-1a, then Murmur3's finaliser), never 0.
   * Equal paths hash equal; a collision only sends a device to a node that forwards it.
   */
  public static long pathKey(String devicePath) {
    byte[] bytes = devicePath.getBytes(StandardCharsets.UTF_8);
    long h = 0xCBF29CE484222325L;
    for (byte b : bytes) {
      h = (h ^ (b & 0xFF)) * 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }
}
