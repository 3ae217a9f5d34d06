package io.quiver.benchmarks;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.service.rpc.thrift.IClientRPCService;
import org.apache.iotdb.service.rpc.thrift.TSInsertTabletReq;
import org.apache.iotdb.service.rpc.thrift.TSOpenSessionReq;
import org.apache.iotdb.service.rpc.thrift.TSOpenSessionResp;
import org.apache.iotdb.service.rpc.thrift.TSProtocolVersion;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.transport.TMemoryBuffer;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.layered.TFramedTransport;

/**
 * The ceiling of one connection: a client that costs nothing. Each batch is encoded once, in
 * set-up, into a complete insertTablet frame; a measured insert only writes those bytes to the
 * socket and reads the answer. So its rows/s is what the server and the link allow, and the
 * other clients' rows/s read as fractions of it (measured in the same run).
 */
final class ReplayClient implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final long sessionId;
  private byte[][] frames;
  private byte[] response = new byte[4096];

  ReplayClient(String endpoint, String database, ArrowTablet[] batches) throws Exception {
    String host = endpoint.substring(0, endpoint.lastIndexOf(':'));
    int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    TSocket tsocket = new TSocket(host, port);
    TFramedTransport framed = new TFramedTransport(tsocket);
    framed.open();
    IClientRPCService.Client client = new IClientRPCService.Client(new TBinaryProtocol(framed));
    TSOpenSessionReq open = new TSOpenSessionReq(TSProtocolVersion.IOTDB_SERVICE_PROTOCOL_V3, "UTC", "root");
    open.setPassword("root");
    Map<String, String> conf = new HashMap<>();
    conf.put("version", "V_1_0");
    conf.put("sql_dialect", "table");
    conf.put("db", database);
    open.setConfiguration(conf);
    TSOpenSessionResp resp = client.openSession(open);
    if (resp.getStatus().getCode() != 200) {
      throw new IllegalStateException("open session: " + resp.getStatus());
    }
    sessionId = resp.getSessionId();
    reframe(batches);
    socket = tsocket.getSocket();
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
  }

  /** Encodes these batches' frames, replacing the previous ones (batch b is sent by insert(b)). */
  void reframe(ArrowTablet[] batches) throws Exception {
    byte[][] f = new byte[batches.length][];
    for (int b = 0; b < batches.length; b++) {
      f[b] = frame(sessionId, batches[b]);
    }
    frames = f;
  }

  /** A whole framed insertTablet call for the batch, built with IoTDB's generated classes. */
  private static byte[] frame(long sessionId, ArrowTablet t) throws Exception {
    WireBuffer times = new WireBuffer(8 * t.rowCount());
    t.writeTimestamps(times, TimePrecision.MILLISECONDS);
    WireBuffer values = new WireBuffer((int) t.valuesSize());
    t.writeValues(values, TimePrecision.MILLISECONDS);
    TSInsertTabletReq req = new TSInsertTabletReq();
    req.setSessionId(sessionId);
    req.setPrefixPath(t.tableName());
    java.util.List<String> names = new java.util.ArrayList<>();
    java.util.List<Integer> types = new java.util.ArrayList<>();
    java.util.List<Byte> cats = new java.util.ArrayList<>();
    for (int i = 0; i < t.columnCount(); i++) {
      names.add(t.columnName(i));
      types.add((int) t.dataType(i).code());
      cats.add(t.category(i).code());
    }
    req.setMeasurements(names);
    req.setTypes(types);
    req.setColumnCategories(cats);
    req.setSize(t.rowCount());
    req.setIsAligned(false);
    req.setWriteToTable(true);
    req.timestamps = ByteBuffer.wrap(times.array(), 0, times.position());
    req.values = ByteBuffer.wrap(values.array(), 0, values.position());
    TMemoryBuffer mem = new TMemoryBuffer(values.position() + times.position() + 1024);
    TBinaryProtocol p = new TBinaryProtocol(mem);
    p.writeMessageBegin(new TMessage("insertTablet", TMessageType.CALL, 1));
    new IClientRPCService.insertTablet_args(req).write(p);
    p.writeMessageEnd();
    byte[] payload = mem.getArray();
    int len = mem.length();
    byte[] framed = new byte[len + 4];
    ByteBuffer.wrap(framed).putInt(len);
    System.arraycopy(payload, 0, framed, 4, len);
    return framed;
  }

  /** Sends batch {@code b}'s frame and checks the answer. */
  void insert(int b) throws Exception {
    out.write(frames[b]);
    receiveOne();
  }

  /** Sends batch {@code b}'s frame without reading its answer ({@link #receiveOne} reads it). */
  void send(int b) throws Exception {
    out.write(frames[b]);
    out.flush();
  }

  /** Reads the oldest answer not read yet and checks it. */
  void receiveOne() throws Exception {
    int len = in.readInt();
    if (response.length < len) {
      response = new byte[len];
    }
    in.readFully(response, 0, len);
    TBinaryProtocol p = new TBinaryProtocol(new TMemoryInputTransport(response, 0, len));
    p.readMessageBegin();
    IClientRPCService.insertTablet_result r = new IClientRPCService.insertTablet_result();
    r.read(p);
    TSStatus s = r.getSuccess();
    if (s.getCode() != 200 && s.getCode() != 400) {
      throw new IllegalStateException("replayed insert refused: " + s);
    }
  }

  /**
   * Sends the frames of batches {@code 0..n-1} back to back, each with its own sequence id (1 to
   * n), before reading any answer; then reads the n answers and returns their sequence ids in the
   * order they arrived. The probe of whether the server answers requests pipelined on one
   * connection, and in order.
   */
  int[] pipeline(int n) throws Exception {
    for (int b = 0; b < n; b++) {
      byte[] f = frames[b].clone();
      // Binary protocol, strict: length(4) version|type(4) name length(4) "insertTablet"(12) seqid.
      ByteBuffer.wrap(f).putInt(24, b + 1);
      out.write(f);
    }
    out.flush();
    int[] seqIds = new int[n];
    for (int i = 0; i < n; i++) {
      int len = in.readInt();
      if (response.length < len) {
        response = new byte[len];
      }
      in.readFully(response, 0, len);
      TBinaryProtocol p = new TBinaryProtocol(new TMemoryInputTransport(response, 0, len));
      seqIds[i] = p.readMessageBegin().seqid;
      IClientRPCService.insertTablet_result r = new IClientRPCService.insertTablet_result();
      r.read(p);
      if (r.getSuccess().getCode() != 200) {
        throw new IllegalStateException("pipelined insert " + seqIds[i] + " refused: "
            + r.getSuccess());
      }
    }
    return seqIds;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
