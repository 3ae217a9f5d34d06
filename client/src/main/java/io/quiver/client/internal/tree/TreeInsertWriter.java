package io.quiver.client.internal.tree;

import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.internal.InsertRequestWriter;
import io.quiver.client.spi.InsertBatch;
import io.quiver.client.spi.WireBuffer;
import java.util.List;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;

/**
 * Writes the tree-model insert calls into an outgoing frame, with each batch's timestamps and
 * values written straight into the frame (no intermediate buffer for time-ordered rows).
 *
 * <p>The protocol {@code out} must write through a transport whose pending bytes are {@code
 * frame}, so that the protocol's own writes and the batches' bulk writes interleave in order.
 * Nothing is sent here; a call that throws leaves a partial frame the caller discards.
 *
 * <h2>{@code insertTablet(1: TSInsertTabletReq req)}: one device</h2>
 *
 * <pre>
 *  1 sessionId     i64
 *  2 prefixPath    string        the device path, root.sg.d1
 *  3 measurements  list&lt;string&gt;  measurement names, time excluded
 *  4 values        binary        the InsertBatch values section, rows in time order
 *  5 timestamps    binary        rowCount big-endian int64, in time order
 *  6 types         list&lt;i32&gt;     data type codes
 *  7 size          i32           rowCount
 *  8 isAligned     bool          false for insertTablet, true for insertAlignedTablet
 * </pre>
 *
 * <p>No {@code writeToTable} and no {@code columnCategories}: their absence is what makes the
 * request a tree insert.
 *
 * <h2>{@code insertTablets(1: TSInsertTabletsReq req)}: many devices in one request</h2>
 *
 * <pre>
 *  1 sessionId         i64
 *  2 prefixPaths       list&lt;string&gt;        one device path per device
 *  3 measurementsList  list&lt;list&lt;string&gt;&gt;  per device, its measurement names
 *  4 valuesList        list&lt;binary&gt;        per device, its values section
 *  5 timestampsList    list&lt;binary&gt;        per device, its times
 *  6 typesList         list&lt;list&lt;i32&gt;&gt;     per device, its type codes
 *  7 sizeList          list&lt;i32&gt;           per device, its row count
 *  8 isAligned         bool                one flag for every device of the request
 * </pre>
 *
 * <p>Fields go in id order, as libthrift's generated writer puts them, so a request is byte for
 * byte what the generated classes would serialize from the same data. Binary fields and binary
 * list elements are the protocol's binary header (binary: a 4-byte big-endian length; compact:
 * an unsigned varint) followed by the bytes the batch writes in place; the declared length is
 * checked against what the batch wrote.
 *
 * <h2>Row order</h2>
 *
 * <p>Each device's rows are sent sorted by time, as both official clients send them. Rows given
 * in time order (equal times allowed) are written as they are. Otherwise the times and values
 * written into the frame are reordered in place, stably ({@link TimeOrder}, {@link
 * ValuesReorder}): equal times keep the order they were given in, and null bitmaps move with
 * their rows. That slow path costs a sort and one copy of the device's values section.
 *
 * <p>Device paths and measurement names are checked ({@link TreePaths}) before any byte is
 * written.
 */
public final class TreeInsertWriter {
  private static final TStruct REQUEST = new TStruct("TSInsertTabletReq");
  private static final TStruct REQUESTS = new TStruct("TSInsertTabletsReq");
  private static final TField REQ = new TField("req", TType.STRUCT, (short) 1);
  private static final TField SESSION_ID = new TField("sessionId", TType.I64, (short) 1);
  private static final TField PREFIX_PATH = new TField("prefixPath", TType.STRING, (short) 2);
  private static final TField MEASUREMENTS = new TField("measurements", TType.LIST, (short) 3);
  private static final TField VALUES = new TField("values", TType.STRING, (short) 4);
  private static final TField TIMESTAMPS = new TField("timestamps", TType.STRING, (short) 5);
  private static final TField TYPES = new TField("types", TType.LIST, (short) 6);
  private static final TField SIZE = new TField("size", TType.I32, (short) 7);
  private static final TField IS_ALIGNED = new TField("isAligned", TType.BOOL, (short) 8);
  private static final TField PREFIX_PATHS = new TField("prefixPaths", TType.LIST, (short) 2);
  private static final TField MEASUREMENTS_LIST =
      new TField("measurementsList", TType.LIST, (short) 3);
  private static final TField VALUES_LIST = new TField("valuesList", TType.LIST, (short) 4);
  private static final TField TIMESTAMPS_LIST = new TField("timestampsList", TType.LIST, (short) 5);
  private static final TField TYPES_LIST = new TField("typesList", TType.LIST, (short) 6);
  private static final TField SIZE_LIST = new TField("sizeList", TType.LIST, (short) 7);

  private TreeInsertWriter() {}

  /** Writes {@code insertTablet} for one device ({@code aligned}: insertAlignedTablet). */
  public static void writeTablet(TProtocol out, WireBuffer frame, boolean compact, int seqId,
      long sessionId, DeviceBatch device, boolean aligned, TimePrecision precision)
      throws TException {
    TreePaths.check(device);
    InsertBatch batch = device.batch();
    out.writeMessageBegin(new TMessage("insertTablet", TMessageType.CALL, seqId));
    out.writeStructBegin(new TStruct("insertTablet_args"));
    out.writeFieldBegin(REQ);
    out.writeStructBegin(REQUEST);

    out.writeFieldBegin(SESSION_ID);
    out.writeI64(sessionId);
    out.writeFieldEnd();

    out.writeFieldBegin(PREFIX_PATH);
    out.writeString(device.devicePath());
    out.writeFieldEnd();

    out.writeFieldBegin(MEASUREMENTS);
    writeNames(out, batch);
    out.writeFieldEnd();

    out.writeFieldBegin(VALUES);
    int valuesAt = writeValues(frame, compact, device, precision);
    out.writeFieldEnd();

    out.writeFieldBegin(TIMESTAMPS);
    int timesAt = writeTimestamps(frame, compact, device, precision);
    out.writeFieldEnd();
    sortByTime(frame, valuesAt, timesAt, batch);

    out.writeFieldBegin(TYPES);
    writeTypes(out, batch);
    out.writeFieldEnd();

    out.writeFieldBegin(SIZE);
    out.writeI32(batch.rowCount());
    out.writeFieldEnd();

    out.writeFieldBegin(IS_ALIGNED);
    out.writeBool(aligned);
    out.writeFieldEnd();

    out.writeFieldStop();
    out.writeStructEnd();
    out.writeFieldEnd();
    out.writeFieldStop();
    out.writeStructEnd();
    out.writeMessageEnd();
  }

  /**
   * Writes {@code insertTablets} for many devices in one request, all aligned or all not.
   *
   * @throws IllegalArgumentException if {@code devices} is empty
   */
  public static void writeTablets(TProtocol out, WireBuffer frame, boolean compact, int seqId,
      long sessionId, List<DeviceBatch> devices, boolean aligned, TimePrecision precision)
      throws TException {
    int n = devices.size();
    if (n == 0) {
      throw new IllegalArgumentException("insertTablets needs at least one device");
    }
    for (DeviceBatch d : devices) {
      TreePaths.check(d);
    }
    out.writeMessageBegin(new TMessage("insertTablets", TMessageType.CALL, seqId));
    out.writeStructBegin(new TStruct("insertTablets_args"));
    out.writeFieldBegin(REQ);
    out.writeStructBegin(REQUESTS);

    out.writeFieldBegin(SESSION_ID);
    out.writeI64(sessionId);
    out.writeFieldEnd();

    out.writeFieldBegin(PREFIX_PATHS);
    out.writeListBegin(new TList(TType.STRING, n));
    for (DeviceBatch d : devices) {
      out.writeString(d.devicePath());
    }
    out.writeListEnd();
    out.writeFieldEnd();

    out.writeFieldBegin(MEASUREMENTS_LIST);
    out.writeListBegin(new TList(TType.LIST, n));
    for (DeviceBatch d : devices) {
      writeNames(out, d.batch());
    }
    out.writeListEnd();
    out.writeFieldEnd();

    int[] valuesAt = new int[n];
    out.writeFieldBegin(VALUES_LIST);
    out.writeListBegin(new TList(TType.STRING, n));
    for (int i = 0; i < n; i++) {
      valuesAt[i] = writeValues(frame, compact, devices.get(i), precision);
    }
    out.writeListEnd();
    out.writeFieldEnd();

    out.writeFieldBegin(TIMESTAMPS_LIST);
    out.writeListBegin(new TList(TType.STRING, n));
    for (int i = 0; i < n; i++) {
      int timesAt = writeTimestamps(frame, compact, devices.get(i), precision);
      sortByTime(frame, valuesAt[i], timesAt, devices.get(i).batch());
    }
    out.writeListEnd();
    out.writeFieldEnd();

    out.writeFieldBegin(TYPES_LIST);
    out.writeListBegin(new TList(TType.LIST, n));
    for (DeviceBatch d : devices) {
      writeTypes(out, d.batch());
    }
    out.writeListEnd();
    out.writeFieldEnd();

    out.writeFieldBegin(SIZE_LIST);
    out.writeListBegin(new TList(TType.I32, n));
    for (DeviceBatch d : devices) {
      out.writeI32(d.batch().rowCount());
    }
    out.writeListEnd();
    out.writeFieldEnd();

    out.writeFieldBegin(IS_ALIGNED);
    out.writeBool(aligned);
    out.writeFieldEnd();

    out.writeFieldStop();
    out.writeStructEnd();
    out.writeFieldEnd();
    out.writeFieldStop();
    out.writeStructEnd();
    out.writeMessageEnd();
  }

  private static void writeNames(TProtocol out, InsertBatch batch) throws TException {
    int columns = batch.columnCount();
    out.writeListBegin(new TList(TType.STRING, columns));
    for (int i = 0; i < columns; i++) {
      out.writeString(batch.columnName(i));
    }
    out.writeListEnd();
  }

  private static void writeTypes(TProtocol out, InsertBatch batch) throws TException {
    int columns = batch.columnCount();
    out.writeListBegin(new TList(TType.I32, columns));
    for (int i = 0; i < columns; i++) {
      out.writeI32(batch.dataType(i).code());
    }
    out.writeListEnd();
  }

  /** Writes the values section with its header; returns the frame index of its first byte. */
  private static int writeValues(WireBuffer frame, boolean compact, DeviceBatch device,
      TimePrecision precision) {
    long size = device.batch().valuesSize();
    InsertRequestWriter.writeBinaryHeader(frame, compact, size);
    int start = frame.position();
    frame.ensureRemaining(size);
    device.batch().writeValues(frame, precision);
    checkWritten("values", frame.position() - start, size, device);
    return start;
  }

  /** Writes the times with their header; returns the frame index of the first time. */
  private static int writeTimestamps(WireBuffer frame, boolean compact, DeviceBatch device,
      TimePrecision precision) {
    long size = 8L * device.batch().rowCount();
    InsertRequestWriter.writeBinaryHeader(frame, compact, size);
    int start = frame.position();
    frame.ensureRemaining(size);
    device.batch().writeTimestamps(frame, precision);
    checkWritten("timestamps", frame.position() - start, size, device);
    return start;
  }

  private static void sortByTime(WireBuffer frame, int valuesAt, int timesAt, InsertBatch batch) {
    int rows = batch.rowCount();
    int[] order = TimeOrder.of(frame.array(), timesAt, rows);
    if (order == null) {
      return;
    }
    TimeOrder.apply(frame.array(), timesAt, order);
    DataType[] types = new DataType[batch.columnCount()];
    for (int i = 0; i < types.length; i++) {
      types[i] = batch.dataType(i);
    }
    ValuesReorder.apply(frame.array(), valuesAt, (int) batch.valuesSize(), types, order);
  }

  private static void checkWritten(String field, long written, long declared, DeviceBatch device) {
    if (written != declared) {
      throw new IllegalStateException(device.batch().getClass().getName() + " wrote " + written
          + " bytes of " + field + " for device '" + device.devicePath() + "' but declared "
          + declared + "; this is a bug in the batch");
    }
  }
}
