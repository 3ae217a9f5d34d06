package io.quiver.client.internal;

import io.quiver.client.TimePrecision;
import io.quiver.client.internal.encoding.EncodedRequest;
import io.quiver.client.spi.InsertBatch;
import io.quiver.client.spi.WireBuffer;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;

/**
 * Writes an {@code IClientRPCService.insertTablet} call into the connection's outgoing frame, with
 * the batch's timestamps and values written straight into the frame (no intermediate buffer).
 *
 * <p>The call is {@code insertTablet(1: TSInsertTabletReq req)}. The request fields written, in
 * this order (Thrift readers accept any field order):
 *
 * <pre>
 *  1 sessionId        i64
 *  2 prefixPath       string        the table name
 *  3 measurements     list&lt;string&gt;  column names, time excluded
 *  5 timestamps       binary        rowCount big-endian int64
 *  4 values           binary        see {@link InsertBatch}
 *  6 types            list&lt;i32&gt;     data type codes
 *  7 size             i32           rowCount
 *  8 isAligned        bool          false, as the official clients send for tables
 *  9 writeToTable     bool          true
 * 10 columnCategories list&lt;byte&gt;    TAG=0, FIELD=1, ATTRIBUTE=2
 * 11 isCompressed     bool          only for an encoded request: true
 * 12 encodingTypes    list&lt;byte&gt;    only for an encoded request (see {@link EncodedRequest})
 * 13 compressType     byte          only for an encoded request: 0 uncompressed, 2 GZIP
 * </pre>
 *
 * <p>The two binary fields are written as the protocol's binary header (binary protocol: a 4-byte
 * big-endian length; compact protocol: an unsigned varint) followed by the bytes the batch writes
 * in place. The declared length is checked against what the batch wrote.
 */
public final class InsertRequestWriter {
  private static final TStruct ARGS = new TStruct("insertTablet_args");
  private static final TField REQ = new TField("req", TType.STRUCT, (short) 1);
  private static final TStruct REQUEST = new TStruct("TSInsertTabletReq");
  private static final TField SESSION_ID = new TField("sessionId", TType.I64, (short) 1);
  private static final TField PREFIX_PATH = new TField("prefixPath", TType.STRING, (short) 2);
  private static final TField MEASUREMENTS = new TField("measurements", TType.LIST, (short) 3);
  private static final TField VALUES = new TField("values", TType.STRING, (short) 4);
  private static final TField TIMESTAMPS = new TField("timestamps", TType.STRING, (short) 5);
  private static final TField TYPES = new TField("types", TType.LIST, (short) 6);
  private static final TField SIZE = new TField("size", TType.I32, (short) 7);
  private static final TField IS_ALIGNED = new TField("isAligned", TType.BOOL, (short) 8);
  private static final TField WRITE_TO_TABLE = new TField("writeToTable", TType.BOOL, (short) 9);
  private static final TField CATEGORIES = new TField("columnCategories", TType.LIST, (short) 10);
  private static final TField IS_COMPRESSED = new TField("isCompressed", TType.BOOL, (short) 11);
  private static final TField ENCODING_TYPES = new TField("encodingTypes", TType.LIST, (short) 12);
  private static final TField COMPRESS_TYPE = new TField("compressType", TType.BYTE, (short) 13);

  private InsertRequestWriter() {}

  static void write(
      TProtocol out,
      WireBuffer frame,
      boolean compact,
      int seqId,
      long sessionId,
      InsertBatch batch,
      TimePrecision precision)
      throws TException {
    write(out, frame, compact, seqId, sessionId, batch, precision, null);
  }

  /**
   * As {@link #write(TProtocol, WireBuffer, boolean, int, long, InsertBatch, TimePrecision)}; with
   * an {@code encoder} and at least {@link EncodedRequest#MIN_ROWS} rows, the times and values are
   * sent column-encoded, with fields 11 {@code isCompressed} (true), 12 {@code encodingTypes}
   * (list&lt;byte&gt;: the time column's, then one per column) and 13 {@code compressType} (0).
   */
  static void write(
      TProtocol out,
      WireBuffer frame,
      boolean compact,
      int seqId,
      long sessionId,
      InsertBatch batch,
      TimePrecision precision,
      EncodedRequest encoder)
      throws TException {
    boolean encoded = encoder != null && batch.rowCount() >= EncodedRequest.MIN_ROWS;
    if (encoded) {
      encoder.encode(batch, precision);
    }
    int rows = batch.rowCount();
    int columns = batch.columnCount();
    out.writeMessageBegin(new TMessage("insertTablet", TMessageType.CALL, seqId));
    out.writeStructBegin(ARGS);
    out.writeFieldBegin(REQ);
    out.writeStructBegin(REQUEST);

    out.writeFieldBegin(SESSION_ID);
    out.writeI64(sessionId);
    out.writeFieldEnd();

    out.writeFieldBegin(PREFIX_PATH);
    out.writeString(batch.tableName());
    out.writeFieldEnd();

    out.writeFieldBegin(MEASUREMENTS);
    out.writeListBegin(new TList(TType.STRING, columns));
    for (int i = 0; i < columns; i++) {
      out.writeString(batch.columnName(i));
    }
    out.writeListEnd();
    out.writeFieldEnd();

    if (encoded) {
      out.writeFieldBegin(TIMESTAMPS);
      writeBinary(frame, compact, encoder.times());
      out.writeFieldEnd();
      out.writeFieldBegin(VALUES);
      writeBinary(frame, compact, encoder.values());
      out.writeFieldEnd();
    } else {
      writePlain(out, frame, compact, batch, precision);
    }

    out.writeFieldBegin(TYPES);
    out.writeListBegin(new TList(TType.I32, columns));
    for (int i = 0; i < columns; i++) {
      out.writeI32(batch.dataType(i).code());
    }
    out.writeListEnd();
    out.writeFieldEnd();

    out.writeFieldBegin(SIZE);
    out.writeI32(rows);
    out.writeFieldEnd();

    out.writeFieldBegin(IS_ALIGNED);
    out.writeBool(false);
    out.writeFieldEnd();

    out.writeFieldBegin(WRITE_TO_TABLE);
    out.writeBool(true);
    out.writeFieldEnd();

    out.writeFieldBegin(CATEGORIES);
    out.writeListBegin(new TList(TType.BYTE, columns));
    for (int i = 0; i < columns; i++) {
      out.writeByte(batch.category(i).code());
    }
    out.writeListEnd();
    out.writeFieldEnd();

    if (encoded) {
      out.writeFieldBegin(IS_COMPRESSED);
      out.writeBool(true);
      out.writeFieldEnd();
      out.writeFieldBegin(ENCODING_TYPES);
      out.writeListBegin(new TList(TType.BYTE, columns + 1));
      for (int i = -1; i < columns; i++) {
        out.writeByte(encoder.encoding(i));
      }
      out.writeListEnd();
      out.writeFieldEnd();
      out.writeFieldBegin(COMPRESS_TYPE);
      out.writeByte(encoder.compressType());
      out.writeFieldEnd();
    }

    out.writeFieldStop();
    out.writeStructEnd();
    out.writeFieldEnd();
    out.writeFieldStop();
    out.writeStructEnd();
    out.writeMessageEnd();
  }

  private static void writePlain(TProtocol out, WireBuffer frame, boolean compact,
      InsertBatch batch, TimePrecision precision) throws TException {
    int rows = batch.rowCount();
    out.writeFieldBegin(TIMESTAMPS);
    long timesSize = 8L * rows;
    writeBinaryHeader(frame, compact, timesSize);
    int start = frame.position();
    frame.ensureRemaining(timesSize);
    batch.writeTimestamps(frame, precision);
    checkWritten("timestamps", frame.position() - start, timesSize, batch);
    out.writeFieldEnd();

    out.writeFieldBegin(VALUES);
    long valuesSize = batch.valuesSize();
    writeBinaryHeader(frame, compact, valuesSize);
    start = frame.position();
    frame.ensureRemaining(valuesSize);
    batch.writeValues(frame, precision);
    checkWritten("values", frame.position() - start, valuesSize, batch);
    out.writeFieldEnd();
  }

  private static void writeBinary(WireBuffer frame, boolean compact, WireBuffer bytes) {
    writeBinaryHeader(frame, compact, bytes.position());
    frame.putBytes(bytes.array(), 0, bytes.position());
  }

  /**
   * Drops a request written (maybe half-way) into the transport's frame: the bytes, and the
   * protocol's state (the compact protocol tracks field ids across nested structs, which a write
   * that stopped half-way leaves unbalanced), so the next request starts clean.
   */
  static void discard(TProtocol protocol, FramedTransport transport) {
    transport.discardFrame();
    protocol.reset();
  }

  /**
   * Writes a Thrift binary field's length: a big-endian int32 (binary protocol) or a varint
   * (compact protocol). Shared by the table and tree request writers.
   *
   * @throws IllegalArgumentException if the length exceeds what one Thrift binary can hold
   */
  public static void writeBinaryHeader(WireBuffer frame, boolean compact, long length) {
    if (length > Integer.MAX_VALUE - 1024) {
      throw new IllegalArgumentException(
          "a batch of " + length + " bytes exceeds the largest Thrift binary; split the batch");
    }
    int len = (int) length;
    if (!compact) {
      frame.putInt(len);
      return;
    }
    while ((len & ~0x7f) != 0) {
      frame.putByte((byte) ((len & 0x7f) | 0x80));
      len >>>= 7;
    }
    frame.putByte((byte) len);
  }

  private static void checkWritten(String field, long written, long declared, InsertBatch batch) {
    if (written != declared) {
      throw new IllegalStateException(
          batch.getClass().getName() + " wrote " + written + " bytes of " + field + " for table '"
              + batch.tableName() + "' but declared " + declared + "; this is a bug in the batch");
    }
  }
}
