package io.quiver.client.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.Tablet;
import io.quiver.client.TimePrecision;
import io.quiver.client.internal.encoding.EncodedRequest;
import io.quiver.client.spi.InsertBatch;
import io.quiver.client.spi.WireBuffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.iotdb.service.rpc.thrift.IClientRPCService;
import org.apache.iotdb.service.rpc.thrift.TSInsertTabletReq;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The insertTablet call with column-encoded times and values ({@code encodeInserts}), read back
 * with IoTDB's generated Thrift classes: the encoded fields the server reads, in both protocols,
 * and the plain request kept for small batches.
 */
class EncodedInsertRequestTest {

  private static Tablet tablet(int rows) {
    List<List<Object>> values = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      values.add(Arrays.asList("dev" + (r % 3), r % 5 == 0 ? null : 20.0 + r * 0.5, (long) r,
          r % 2 == 0));
      times.add(1_700_000_000_000L + 1000L * r);
    }
    return new Tablet("sensors", List.of("dev", "temp", "count", "ok"),
        List.of(DataType.STRING, DataType.DOUBLE, DataType.INT64, DataType.BOOLEAN),
        List.of(ColumnCategory.TAG, ColumnCategory.FIELD, ColumnCategory.FIELD,
            ColumnCategory.FIELD), values, times);
  }

  private static TSInsertTabletReq roundTrip(Tablet t, boolean compact, EncodedRequest encoder)
      throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    FramedTransport tr = new FramedTransport(new ByteArrayInputStream(new byte[0]), sink, () -> {},
        "test", 1 << 20);
    TProtocol p = compact ? new TCompactProtocol(tr) : new TBinaryProtocol(tr);
    InsertRequestWriter.write(p, tr.frame(), compact, 3, 42L, t, TimePrecision.MILLISECONDS,
        encoder);
    tr.flush();
    byte[] frame = sink.toByteArray();
    int length = ByteBuffer.wrap(frame).getInt();
    TMemoryInputTransport in = new TMemoryInputTransport(frame, 4, length);
    TProtocol r = compact ? new TCompactProtocol(in) : new TBinaryProtocol(in);
    r.readMessageBegin();
    IClientRPCService.insertTablet_args args = new IClientRPCService.insertTablet_args();
    args.read(r);
    r.readMessageEnd();
    assertEquals(0, in.getBytesRemainingInBuffer(), "nothing may follow the message");
    return args.getReq();
  }

  @ParameterizedTest(name = "compact={0}")
  @ValueSource(booleans = {false, true})
  void anEncodedRequestCarriesTheEncodedColumnsAndTheirEncodings(boolean compact)
      throws Exception {
    Tablet t = tablet(1000);
    TSInsertTabletReq req = roundTrip(t, compact, new EncodedRequest());

    assertTrue(req.isSetIsCompressed() && req.isIsCompressed());
    // TS_2DIFF time, PLAIN string, GORILLA double, TS_2DIFF int64, RLE boolean.
    assertEquals(List.of((byte) 4, (byte) 0, (byte) 8, (byte) 4, (byte) 2), req.getEncodingTypes());
    assertEquals(0, req.getCompressType());
    assertEquals(1000, req.getSize());
    assertEquals(List.of("dev", "temp", "count", "ok"), req.getMeasurements());

    EncodedRequest expected = new EncodedRequest();
    expected.encode(t, TimePrecision.MILLISECONDS);
    assertArrayEquals(Arrays.copyOf(expected.times().array(), expected.times().position()),
        bytes(req.bufferForTimestamps()));
    assertArrayEquals(Arrays.copyOf(expected.values().array(), expected.values().position()),
        bytes(req.bufferForValues()));
    // Regular times and slowly growing values: far fewer bytes than the plain 8 per time.
    assertTrue(req.bufferForTimestamps().remaining() < 1000, "times took "
        + req.bufferForTimestamps().remaining() + " bytes");
  }

  @Test
  void batchesBelowTenRowsStayPlain() throws Exception {
    TSInsertTabletReq req = roundTrip(tablet(9), false, new EncodedRequest());
    assertFalse(req.isSetIsCompressed());
    assertFalse(req.isSetEncodingTypes());
    assertFalse(req.isSetCompressType());
    assertEquals(8 * 9, req.bufferForTimestamps().remaining());
  }

  @Test
  void withoutAnEncoderTheRequestIsPlain() throws Exception {
    TSInsertTabletReq req = roundTrip(tablet(100), false, null);
    assertFalse(req.isSetIsCompressed());
    assertEquals(8 * 100, req.bufferForTimestamps().remaining());
  }

  @Test
  void aBatchThatFailsWhileWritingFailsTheEncodedRequestWithItsOwnError() {
    Tablet good = tablet(50);
    InsertBatch failing = new InsertBatch() {
      @Override public String tableName() { return good.tableName(); }
      @Override public int rowCount() { return good.rowCount(); }
      @Override public int columnCount() { return good.columnCount(); }
      @Override public String columnName(int i) { return good.columnName(i); }
      @Override public DataType dataType(int i) { return good.dataType(i); }
      @Override public ColumnCategory category(int i) { return good.category(i); }
      @Override public long valuesSize() { return good.valuesSize(); }
      @Override public void writeTimestamps(WireBuffer out, TimePrecision p) {
        good.writeTimestamps(out, p);
      }
      @Override public void writeValues(WireBuffer out, TimePrecision p) {
        throw new InvalidBatchException("column 'temp' row 17: bad", "temp", 17);
      }
    };
    InvalidBatchException e = assertThrows(InvalidBatchException.class,
        () -> new EncodedRequest().encode(failing, TimePrecision.MILLISECONDS));
    assertEquals(17L, e.row());
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }
}
