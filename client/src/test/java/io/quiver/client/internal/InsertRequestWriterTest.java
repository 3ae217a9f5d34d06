package io.quiver.client.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.Tablet;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.iotdb.service.rpc.thrift.IClientRPCService;
import org.apache.iotdb.service.rpc.thrift.TSInsertTabletReq;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-framed insertTablet call, read back with IoTDB's generated Thrift classes: what the
 * server's reader will see, field by field, in both protocols.
 */
class InsertRequestWriterTest {

  private static Tablet sample() {
    return new Tablet("Sensors",
        List.of("region", "temp", "note"),
        List.of(DataType.STRING, DataType.DOUBLE, DataType.TEXT),
        List.of(ColumnCategory.TAG, ColumnCategory.FIELD, ColumnCategory.ATTRIBUTE),
        List.of(List.of("north", 1.25, "x"), Arrays.asList("south", null, "y")),
        List.of(10L, 20L));
  }

  private static byte[] frameOf(Tablet t, boolean compact) throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    FramedTransport tr = new FramedTransport(new ByteArrayInputStream(new byte[0]), sink, () -> {}, "test", 1 << 20);
    TProtocol p = compact ? new TCompactProtocol(tr) : new TBinaryProtocol(tr);
    InsertRequestWriter.write(p, tr.frame(), compact, 7, 99L, t, TimePrecision.MILLISECONDS);
    tr.flush();
    return sink.toByteArray();
  }

  @ParameterizedTest(name = "compact={0}")
  @ValueSource(booleans = {false, true})
  void generatedThriftReaderSeesEveryField(boolean compact) throws Exception {
    Tablet t = sample();
    byte[] frame = frameOf(t, compact);
    int length = ByteBuffer.wrap(frame).getInt();
    assertEquals(frame.length - 4, length, "the frame header is the payload length");

    TMemoryInputTransport in = new TMemoryInputTransport(frame, 4, length);
    TProtocol p = compact ? new TCompactProtocol(in) : new TBinaryProtocol(in);
    TMessage msg = p.readMessageBegin();
    assertEquals("insertTablet", msg.name);
    assertEquals(TMessageType.CALL, msg.type);
    assertEquals(7, msg.seqid);
    IClientRPCService.insertTablet_args args = new IClientRPCService.insertTablet_args();
    args.read(p);
    p.readMessageEnd();
    assertEquals(0, in.getBytesRemainingInBuffer(), "nothing may follow the message");

    TSInsertTabletReq req = args.getReq();
    assertEquals(99L, req.getSessionId());
    assertEquals("Sensors", req.getPrefixPath());
    assertEquals(List.of("region", "temp", "note"), req.getMeasurements());
    assertEquals(List.of(11, 4, 5), req.getTypes());
    assertEquals(2, req.getSize());
    assertEquals(false, req.isIsAligned());
    assertEquals(true, req.isWriteToTable());
    assertEquals(List.of((byte) 0, (byte) 1, (byte) 2), req.getColumnCategories());

    WireBuffer times = new WireBuffer(16);
    t.writeTimestamps(times, TimePrecision.MILLISECONDS);
    WireBuffer values = new WireBuffer(16);
    t.writeValues(values, TimePrecision.MILLISECONDS);
    assertArrayEquals(Arrays.copyOf(times.array(), times.position()), bytes(req.bufferForTimestamps()));
    assertArrayEquals(Arrays.copyOf(values.array(), values.position()), bytes(req.bufferForValues()));
  }

  @ParameterizedTest(name = "compact={0}")
  @ValueSource(booleans = {false, true})
  void largeValuesSectionKeepsItsLengthHeaderExact(boolean compact) throws Exception {
    Tablet.Builder b = Tablet.builder("t").field("s", DataType.STRING);
    for (int r = 0; r < 3000; r++) {
      b.row((long) r, "value-" + r);
    }
    Tablet t = b.build();
    byte[] frame = frameOf(t, compact);
    TMemoryInputTransport in = new TMemoryInputTransport(frame, 4, frame.length - 4);
    TProtocol p = compact ? new TCompactProtocol(in) : new TBinaryProtocol(in);
    p.readMessageBegin();
    IClientRPCService.insertTablet_args args = new IClientRPCService.insertTablet_args();
    args.read(p);
    assertEquals(t.valuesSize(), args.getReq().bufferForValues().remaining());
    assertEquals(3000, args.getReq().getSize());
  }

  /**
   * Values sections whose compact varint length takes 1, 2, 3 and 4 bytes (below 128 B, 16 KiB,
   * 2 MiB, and above), and the same sizes in the binary protocol: the generated reader gets every
   * byte back.
   */
  @ParameterizedTest(name = "compact={0}, blob of {1} bytes")
  @org.junit.jupiter.params.provider.CsvSource({
      "true, 10", "true, 1000", "true, 100000", "true, 3000000",
      "false, 10", "false, 3000000"})
  void valuesSectionOfEveryVarintWidthReadsBackWhole(boolean compact, int blobSize) throws Exception {
    byte[] blob = new byte[blobSize];
    new java.util.Random(blobSize).nextBytes(blob);
    Tablet t = Tablet.builder("t").field("b", DataType.BLOB).row(1L, blob).row(2L, (Object) null).build();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    FramedTransport tr = new FramedTransport(new ByteArrayInputStream(new byte[0]), sink, () -> {}, "test", 1 << 20);
    TProtocol out = compact ? new TCompactProtocol(tr) : new TBinaryProtocol(tr);
    InsertRequestWriter.write(out, tr.frame(), compact, 1, 5L, t, TimePrecision.MILLISECONDS);
    tr.flush();
    byte[] frame = sink.toByteArray();
    TMemoryInputTransport in = new TMemoryInputTransport(frame, 4, frame.length - 4);
    TProtocol p = compact ? new TCompactProtocol(in) : new TBinaryProtocol(in);
    p.readMessageBegin();
    IClientRPCService.insertTablet_args args = new IClientRPCService.insertTablet_args();
    args.read(p);
    assertEquals(0, in.getBytesRemainingInBuffer(), "nothing may follow the message");
    WireBuffer values = new WireBuffer(16);
    t.writeValues(values, TimePrecision.MILLISECONDS);
    assertArrayEquals(Arrays.copyOf(values.array(), values.position()), bytes(args.getReq().bufferForValues()));
  }

  @org.junit.jupiter.api.Test
  void aBatchFailingMidEncodeLeavesNothingToSend() throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    FramedTransport tr = new FramedTransport(new ByteArrayInputStream(new byte[0]), sink, () -> {}, "test", 1 << 20);
    Tablet bad = Tablet.builder("t").field("ts", DataType.TIMESTAMP)
        .row(1L, java.time.Instant.parse("2300-01-01T00:00:00Z")).build();
    TProtocol p = new TBinaryProtocol(tr);
    assertThrows(InvalidBatchException.class,
        () -> InsertRequestWriter.write(p, tr.frame(), false, 1, 1L, bad, TimePrecision.NANOSECONDS));
    tr.discardFrame();
    assertEquals(0, tr.pendingBytes());
    assertTrue(sink.size() == 0, "nothing reached the stream");
  }

  @ParameterizedTest(name = "compact={0}")
  @ValueSource(booleans = {false, true})
  void requestAfterADiscardedHalfWrittenOneIsWellFormed(boolean compact) throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    FramedTransport tr = new FramedTransport(new ByteArrayInputStream(new byte[0]), sink, () -> {}, "test", 1 << 20);
    TProtocol p = compact ? new TCompactProtocol(tr) : new TBinaryProtocol(tr);
    Tablet bad = Tablet.builder("t").field("ts", DataType.TIMESTAMP)
        .row(1L, java.time.Instant.parse("2300-01-01T00:00:00Z")).build();
    assertThrows(InvalidBatchException.class,
        () -> InsertRequestWriter.write(p, tr.frame(), compact, 1, 1L, bad, TimePrecision.NANOSECONDS));
    InsertRequestWriter.discard(p, tr);
    Tablet good = sample();
    InsertRequestWriter.write(p, tr.frame(), compact, 2, 5L, good, TimePrecision.MILLISECONDS);
    tr.flush();
    byte[] frame = sink.toByteArray();
    TMemoryInputTransport in = new TMemoryInputTransport(frame, 4, frame.length - 4);
    TProtocol r = compact ? new TCompactProtocol(in) : new TBinaryProtocol(in);
    assertEquals(2, r.readMessageBegin().seqid);
    IClientRPCService.insertTablet_args args = new IClientRPCService.insertTablet_args();
    args.read(r);
    assertEquals(5L, args.getReq().getSessionId());
    assertEquals(List.of("region", "temp", "note"), args.getReq().getMeasurements());
    assertEquals(List.of((byte) 0, (byte) 1, (byte) 2), args.getReq().getColumnCategories());
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
