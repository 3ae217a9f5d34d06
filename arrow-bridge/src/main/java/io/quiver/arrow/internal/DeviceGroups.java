package io.quiver.arrow.internal;

import io.quiver.client.InvalidBatchException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.memory.util.hash.SimpleHasher;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;

/**
 * The rows of an Arrow batch grouped by the tree-model device named in one of its columns: the
 * input of a many-device insert ({@code insertTablets}), one device per group.
 *
 * <p>Layout (compressed sparse rows): {@link #rows()} holds every row index of the batch, the
 * rows of group 0 first, then those of group 1, and so on; group {@code g} is {@code
 * rows()[start(g)]} to {@code rows()[end(g) - 1]}, in input order. Groups are numbered in the
 * order their device first appears. Equal device strings form one group, also when a dictionary
 * holds the same string at two indices.
 *
 * <p>How it is built, with no per-value objects: one pass over the device column assigns each
 * row a group through an open-addressing hash table over the value bytes, hashed and compared
 * in Arrow memory ({@code SimpleHasher}, {@code ByteFunctionHelpers.equal}); a counting pass then
 * scatters the row indices. A dictionary-encoded column takes the fast path: each dictionary
 * index is resolved to its group once (through the same table over the dictionary's bytes),
 * then every row is an array lookup. One {@code String} is decoded per device, not per row.
 *
 * <p>Accepted device columns: Utf8 and LargeUtf8, and dictionary-encoded Utf8 or LargeUtf8 with
 * indices of any integer type. A null device, a null or out-of-range dictionary index, or any
 * other column type is refused with an {@link InvalidBatchException} naming the column (and the
 * row), before anything is sent.
 */
public final class DeviceGroups {
  private final String column;
  private final String[] devices;
  private final int[] starts;
  private final int[] rows;

  private DeviceGroups(String column, String[] devices, int[] starts, int[] rows) {
    this.column = column;
    this.devices = devices;
    this.starts = starts;
    this.rows = rows;
  }

  /**
   * Groups the rows of {@code root} by the strings of its column {@code column}.
   *
   * @param dictionaries the dictionaries of the root's dictionary-encoded columns; may be null
   *     when the device column is not dictionary-encoded
   */
  public static DeviceGroups of(VectorSchemaRoot root, String column,
      DictionaryProvider dictionaries) {
    FieldVector vector = root.getVector(column);
    if (vector == null) {
      throw new InvalidBatchException("device column '" + column + "': the batch has no such "
          + "column; its columns are " + root.getSchema().getFields().stream()
              .map(f -> f.getName()).toList(), column, -1);
    }
    int n = root.getRowCount();
    int[] groupOfRow = new int[n];
    Groups groups = new Groups(column);
    DictionaryEncoding encoding = vector.getField().getDictionary();
    if (encoding != null) {
      groupDictionary(vector, encoding, dictionaries, column, n, groupOfRow, groups);
    } else {
      Strings strings = Strings.of(vector, column, "");
      for (int r = 0; r < n; r++) {
        if (vector.isNull(r)) {
          throw nullDevice(column, r);
        }
        groupOfRow[r] = groups.find(strings, r);
      }
    }
    return scatter(column, groups, groupOfRow);
  }

  private static void groupDictionary(FieldVector indices, DictionaryEncoding encoding,
      DictionaryProvider dictionaries, String column, int n, int[] groupOfRow, Groups groups) {
    Dictionary dictionary = dictionaries == null ? null : dictionaries.lookup(encoding.getId());
    if (dictionary == null) {
      throw new InvalidBatchException("device column '" + column + "' is dictionary-encoded "
          + "(dictionary id " + encoding.getId() + ") but no dictionary was given for it", column, -1);
    }
    if (!(indices instanceof BaseIntVector ints)) {
      throw new InvalidBatchException("device column '" + column + "': dictionary indices of type "
          + indices.getField().getType() + "; indices must be integers", column, -1);
    }
    FieldVector values = dictionary.getVector();
    Strings strings = Strings.of(values, column, "the dictionary of ");
    int size = values.getValueCount();
    int[] groupOfEntry = new int[size];
    Arrays.fill(groupOfEntry, -1);
    for (int r = 0; r < n; r++) {
      if (indices.isNull(r)) {
        throw nullDevice(column, r);
      }
      long index = ints.getValueAsLong(r);
      if (index < 0 || index >= size) {
        throw new InvalidBatchException("device column '" + column + "' row " + r
            + ": dictionary index " + index + " is outside the dictionary of " + size
            + " entries", column, r);
      }
      int e = (int) index;
      int g = groupOfEntry[e];
      if (g < 0) {
        if (values.isNull(e)) {
          throw nullDevice(column, r);
        }
        g = groups.find(strings, e);
        groupOfEntry[e] = g;
      }
      groupOfRow[r] = g;
    }
  }

  private static DeviceGroups scatter(String column, Groups groups, int[] groupOfRow) {
    int count = groups.count;
    int[] starts = new int[count + 1];
    for (int g : groupOfRow) {
      starts[g + 1]++;
    }
    for (int g = 0; g < count; g++) {
      starts[g + 1] += starts[g];
    }
    int[] next = Arrays.copyOf(starts, count);
    int[] rows = new int[groupOfRow.length];
    for (int r = 0; r < groupOfRow.length; r++) {
      rows[next[groupOfRow[r]]++] = r;
    }
    return new DeviceGroups(column, groups.names(), starts, rows);
  }

  private static InvalidBatchException nullDevice(String column, int row) {
    return new InvalidBatchException("device column '" + column + "' row " + row
        + ": the device is null; every row needs a device path", column, row);
  }

  /** The device column's name. */
  public String column() {
    return column;
  }

  /** The number of distinct devices. */
  public int deviceCount() {
    return devices.length;
  }

  /** The device string of group {@code g}, as the column holds it. */
  public String device(int g) {
    return devices[g];
  }

  /** The index in {@link #rows()} of the first row of group {@code g}. */
  public int start(int g) {
    return starts[g];
  }

  /** The index in {@link #rows()} after the last row of group {@code g}. */
  public int end(int g) {
    return starts[g + 1];
  }

  /** The number of rows of group {@code g}. */
  public int rowCount(int g) {
    return starts[g + 1] - starts[g];
  }

  /** Every row index, grouped; shared, not copied: do not modify. */
  public int[] rows() {
    return rows;
  }

  /** The value bytes of a Utf8 or LargeUtf8 vector, addressed in Arrow memory. */
  private record Strings(ArrowBuf data, ArrowBuf offsets, boolean large) {
    static Strings of(FieldVector v, String column, String where) {
      if (v instanceof VarCharVector s) {
        return new Strings(s.getDataBuffer(), s.getOffsetBuffer(), false);
      }
      if (v instanceof LargeVarCharVector s) {
        return new Strings(s.getDataBuffer(), s.getOffsetBuffer(), true);
      }
      throw new InvalidBatchException(where + "device column '" + column + "' is "
          + v.getField().getType() + "; a device column holds Utf8 or LargeUtf8 strings, "
          + "or dictionary-encoded ones", column, -1);
    }

    long start(int i) {
      return large ? offsets.getLong(8L * i) : offsets.getInt(4L * i);
    }

    long end(int i) {
      return large ? offsets.getLong(8L * (i + 1)) : offsets.getInt(4L * (i + 1));
    }
  }

  /** The distinct strings seen so far: an open-addressing table of group ids. */
  private static final class Groups {
    private final String column;
    private int[] table = new int[64];
    private int[] hashes = new int[16];
    private long[] begins = new long[16];
    private long[] ends = new long[16];
    private ArrowBuf data;
    private int count;

    Groups(String column) {
      this.column = column;
      Arrays.fill(table, -1);
    }

    /** The group of value {@code i} of {@code strings}, made if new. */
    int find(Strings strings, int i) {
      if (data == null) {
        data = strings.data();
      }
      long b = strings.start(i);
      long e = strings.end(i);
      int h = SimpleHasher.INSTANCE.hashCode(data, b, e - b);
      int mask = table.length - 1;
      for (int slot = mix(h) & mask; ; slot = (slot + 1) & mask) {
        int g = table[slot];
        if (g < 0) {
          return add(slot, h, b, e);
        }
        if (hashes[g] == h && ByteFunctionHelpers.equal(data, b, e, data, begins[g], ends[g]) == 1) {
          return g;
        }
      }
    }

    private int add(int slot, int h, long b, long e) {
      if (count == hashes.length) {
        hashes = Arrays.copyOf(hashes, count * 2);
        begins = Arrays.copyOf(begins, count * 2);
        ends = Arrays.copyOf(ends, count * 2);
      }
      int g = count++;
      hashes[g] = h;
      begins[g] = b;
      ends[g] = e;
      table[slot] = g;
      if (count * 2 > table.length) {
        rehash();
      }
      return g;
    }

    private void rehash() {
      int[] grown = new int[table.length * 2];
      Arrays.fill(grown, -1);
      int mask = grown.length - 1;
      for (int g = 0; g < count; g++) {
        int slot = mix(hashes[g]) & mask;
        while (grown[slot] >= 0) {
          slot = (slot + 1) & mask;
        }
        grown[slot] = g;
      }
      table = grown;
    }

    private static int mix(int h) {
      int x = h * 0x9E3779B9;
      return x ^ (x >>> 16);
    }

    String[] names() {
      String[] names = new String[count];
      for (int g = 0; g < count; g++) {
        int len = (int) (ends[g] - begins[g]);
        byte[] bytes = new byte[len];
        data.getBytes(begins[g], bytes, 0, len);
        names[g] = new String(bytes, StandardCharsets.UTF_8);
      }
      return names;
    }

    @Override
    public String toString() {
      return count + " devices of column '" + column + "'";
    }
  }
}
