package io.quiver.client.internal.tree;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.internal.RequestWriting;
import io.quiver.client.spi.InsertBatch;
import io.quiver.client.spi.WireBuffer;
import java.util.List;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;

/**
 * Many devices' rows in one request, the tree model's {@code insertTablets} ({@link
 * TreeInsertWriter#writeTablets}), as one batch for the session core: its row count is every
 * device's rows, its columns every device's measurements in turn (for the frame-size bound). It
 * writes its whole request itself and is not cut by rows: the caller packs devices into requests
 * that fit the server's frame limit ({@link #frameBound}).
 */
public final class TreeTablets implements InsertBatch, RequestWriting {
  private final List<DeviceBatch> devices;
  private final boolean aligned;
  private final int rows;
  private final int columns;
  private final long valuesSize;

  /** @throws IllegalArgumentException if {@code devices} is empty */
  public TreeTablets(List<DeviceBatch> devices, boolean aligned) {
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("insertTablets needs at least one device");
    }
    this.devices = List.copyOf(devices);
    this.aligned = aligned;
    int r = 0;
    int c = 0;
    long v = 0;
    for (DeviceBatch d : devices) {
      r += d.batch().rowCount();
      c += d.batch().columnCount();
      v += d.batch().valuesSize();
    }
    this.rows = r;
    this.columns = c;
    this.valuesSize = v;
  }

  /**
   * An upper bound of the request one device adds to an {@code insertTablets} frame, in either
   * protocol: its path, names, types, times, values and list entries.
   */
  public static long frameBound(DeviceBatch d) {
    InsertBatch b = d.batch();
    long size = 64 + 3L * d.devicePath().length() + 8L * b.rowCount() + b.valuesSize();
    for (int i = 0; i < b.columnCount(); i++) {
      size += 4 + 3L * b.columnName(i).length() + 5;
    }
    return size;
  }

  public List<DeviceBatch> devices() {
    return devices;
  }

  public boolean aligned() {
    return aligned;
  }

  @Override
  public void writeRequest(TProtocol out, WireBuffer frame, boolean compact, int seqId, long sessionId,
      TimePrecision precision) throws TException {
    TreeInsertWriter.writeTablets(out, frame, compact, seqId, sessionId, devices, aligned, precision);
  }

  /** The first device's path and how many others: what error messages and the window name. */
  @Override
  public String tableName() {
    String first = devices.get(0).devicePath();
    return devices.size() == 1 ? first : first + " and " + (devices.size() - 1) + " more devices";
  }

  @Override
  public int rowCount() {
    return rows;
  }

  @Override
  public int columnCount() {
    return columns;
  }

  @Override
  public String columnName(int i) {
    for (DeviceBatch d : devices) {
      int n = d.batch().columnCount();
      if (i < n) {
        return d.batch().columnName(i);
      }
      i -= n;
    }
    throw new IndexOutOfBoundsException("column " + i);
  }

  @Override
  public DataType dataType(int i) {
    for (DeviceBatch d : devices) {
      int n = d.batch().columnCount();
      if (i < n) {
        return d.batch().dataType(i);
      }
      i -= n;
    }
    throw new IndexOutOfBoundsException("column " + i);
  }

  @Override
  public ColumnCategory category(int i) {
    return ColumnCategory.FIELD;
  }

  @Override
  public long valuesSize() {
    return valuesSize;
  }

  /** Not used: the request is written whole by {@link #writeRequest}. */
  @Override
  public void writeTimestamps(WireBuffer out, TimePrecision precision) {
    throw new UnsupportedOperationException("TreeTablets writes its whole request (writeRequest)");
  }

  /** Not used: the request is written whole by {@link #writeRequest}. */
  @Override
  public void writeValues(WireBuffer out, TimePrecision precision) {
    throw new UnsupportedOperationException("TreeTablets writes its whole request (writeRequest)");
  }

  @Override
  public String toString() {
    return "TreeTablets[" + devices.size() + " devices, " + rows + " rows" + (aligned ? ", aligned]" : "]");
  }
}
