package io.quiver.arrow;

import io.quiver.arrow.internal.DeviceGroups;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.spi.DeviceRows;
import io.quiver.client.spi.InsertBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The rows of many tree-model devices in one Arrow batch, for {@code Session.insertTablets}: a
 * device column (Utf8, LargeUtf8 or dictionary-encoded strings) names each row's device, every
 * other column but the time is a measurement. The columnar answer to looping over one tablet per
 * device: the rows are grouped by device in one pass over the device column, the measurements are
 * encoded once in one pass, and all devices go in one {@code insertTablets} request (as many as
 * the server's frame limit needs).
 *
 * <pre>{@code
 * session.insertTablets(ArrowDeviceBatch.builder(root, "device").prefix("root.sg").build(), false);
 * }</pre>
 *
 * <p>The root is read, never copied or modified, and must stay unchanged until the insert
 * returns. A null device is refused naming the column and row, before anything is sent.
 */
public final class ArrowDeviceBatch implements DeviceRows {
  private final ArrowTablet tablet;
  private final DeviceGroups groups;
  private final String prefix;

  private ArrowDeviceBatch(ArrowTablet tablet, DeviceGroups groups, String prefix) {
    this.tablet = tablet;
    this.groups = groups;
    this.prefix = prefix;
  }

  /** Starts a batch over {@code root}, whose column {@code deviceColumn} names each row's device. */
  public static Builder builder(VectorSchemaRoot root, String deviceColumn) {
    return new Builder(root, deviceColumn);
  }

  @Override
  public InsertBatch batch() {
    return tablet;
  }

  @Override
  public int deviceCount() {
    return groups.deviceCount();
  }

  @Override
  public String devicePath(int g) {
    return prefix == null ? groups.device(g) : prefix + "." + groups.device(g);
  }

  @Override
  public int[] rows() {
    return groups.rows();
  }

  @Override
  public int start(int g) {
    return groups.start(g);
  }

  @Override
  public int end(int g) {
    return groups.end(g);
  }

  @Override
  public String toString() {
    return "ArrowDeviceBatch[" + groups.deviceCount() + " devices, " + tablet.rowCount() + " rows]";
  }

  /** Options of an {@link ArrowDeviceBatch}. */
  public static final class Builder {
    private final VectorSchemaRoot root;
    private final String deviceColumn;
    private String prefix;
    private String timeColumn;
    private DictionaryProvider dictionaries;
    private boolean allStringsAsText;
    private final List<String> asText = new ArrayList<>();

    private Builder(VectorSchemaRoot root, String deviceColumn) {
      this.root = Objects.requireNonNull(root, "root");
      this.deviceColumn = Objects.requireNonNull(deviceColumn, "deviceColumn");
    }

    /**
     * A path prefix for a column of bare device names: {@code prefix("root.sg")} makes {@code d1}
     * the device {@code root.sg.d1}. Without it the column holds full paths.
     */
    public Builder prefix(String prefix) {
      if (prefix == null || prefix.isBlank() || prefix.endsWith(".")) {
        throw new IllegalArgumentException("prefix: '" + prefix + "' is not a path such as root.sg");
      }
      this.prefix = prefix;
      return this;
    }

    /** The time column (default {@code time}), as {@link ArrowTablet.Builder#time}. */
    public Builder time(String column) {
      this.timeColumn = column;
      return this;
    }

    /** The dictionaries of dictionary-encoded columns (the device column's included). */
    public Builder dictionaries(DictionaryProvider provider) {
      this.dictionaries = provider;
      return this;
    }

    /** These string measurements as TEXT instead of STRING. */
    public Builder asText(String... columns) {
      asText.addAll(List.of(columns));
      return this;
    }

    /** String measurements as TEXT instead of STRING. */
    public Builder allStringsAsText() {
      this.allStringsAsText = true;
      return this;
    }

    /**
     * Groups the rows by device and checks the measurement columns.
     *
     * @throws InvalidBatchException naming the column (and row) of a missing or null device, or a
     *     column IoTDB cannot store
     */
    public ArrowDeviceBatch build() {
      DeviceGroups groups = DeviceGroups.of(root, deviceColumn, dictionaries);
      List<Field> fields = new ArrayList<>();
      List<FieldVector> vectors = new ArrayList<>();
      for (FieldVector v : root.getFieldVectors()) {
        if (!v.getName().equals(deviceColumn)) {
          fields.add(v.getField());
          vectors.add(v);
        }
      }
      // A view of the same vectors without the device column: nothing is copied.
      VectorSchemaRoot measurements = new VectorSchemaRoot(fields, vectors, root.getRowCount());
      String name = groups.deviceCount() > 0 ? groups.device(0) : deviceColumn;
      ArrowTablet.Builder b = ArrowTablet.builder(name, measurements);
      if (timeColumn != null) {
        b.time(timeColumn);
      }
      if (dictionaries != null) {
        b.dictionaries(dictionaries);
      }
      if (allStringsAsText) {
        b.allStringsAsText();
      }
      if (!asText.isEmpty()) {
        b.asText(asText.toArray(new String[0]));
      }
      return new ArrowDeviceBatch(b.build(), groups, prefix);
    }
  }
}
