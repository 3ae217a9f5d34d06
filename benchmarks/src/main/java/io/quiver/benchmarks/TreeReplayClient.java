package io.quiver.benchmarks;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.service.rpc.thrift.IClientRPCService;
import org.apache.iotdb.service.rpc.thrift.TSInsertTabletReq;
import org.apache.iotdb.service.rpc.thrift.TSInsertTabletsReq;
import org.apache.iotdb.service.rpc.thrift.TSOpenSessionReq;
import org.apache.iotdb.service.rpc.thrift.TSOpenSessionResp;
import org.apache.iotdb.service.rpc.thrift.TSProtocolVersion;
import org.apache.thrift.TBase;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.transport.TMemoryBuffer;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.layered.TFramedTransport;

/**
 * The ceiling of one tree-model connection, as {@link ReplayClient} is for tables: each insert is
 * encoded before the timer starts into a complete framed call, {@code insertTablet} (one device)
 * or {@code insertTablets} (many devices in one request), with IoTDB's generated classes; a
 * measured insert only writes those bytes and reads the answer. The session is opened with {@code
 * sql_dialect=tree}. Each device's {@link ArrowTablet} has its table name as the device path and
 * its rows in time order.
 */
final class TreeReplayClient implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final long sessionId;
  private final List<byte[]> frames = new ArrayList<>();
  private final List<String> methods = new ArrayList<>();
  private byte[] response = new byte[4096];

  TreeReplayClient(String endpoint) throws Exception {
    String host = endpoint.substring(0, endpoint.lastIndexOf(':'));
    int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    TSocket tsocket = new TSocket(host, port);
    TFramedTransport framed = new TFramedTransport(tsocket);
    framed.open();
    IClientRPCService.Client client = new IClientRPCService.Client(new TBinaryProtocol(framed));
    TSOpenSessionReq open = new TSOpenSessionReq(TSProtocolVersion.IOTDB_SERVICE_PROTOCOL_V3, "UTC",
        "root");
    open.setPassword("root");
    Map<String, String> conf = new HashMap<>();
    conf.put("version", "V_1_0");
    conf.put("sql_dialect", "tree");
    open.setConfiguration(conf);
    TSOpenSessionResp resp = client.openSession(open);
    if (resp.getStatus().getCode() != 200) {
      throw new IllegalStateException("open session: " + resp.getStatus());
    }
    sessionId = resp.getSessionId();
    socket = tsocket.getSocket();
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
  }

  /** Drops the frames of the previous round. */
  void clear() {
    frames.clear();
    methods.clear();
  }

  /** Adds the {@code insertTablet} frame of one device's tablet; returns its index. */
  int addTablet(ArrowTablet t) throws Exception {
    TSInsertTabletReq req = new TSInsertTabletReq();
    req.setSessionId(sessionId);
    req.setPrefixPath(t.tableName());
    req.setMeasurements(names(t));
    req.setTypes(types(t));
    req.setSize(t.rowCount());
    req.setIsAligned(false);
    req.timestamps = times(t);
    req.values = values(t);
    return add("insertTablet", new IClientRPCService.insertTablet_args(req));
  }

  /** Adds the {@code insertTablets} frame of many devices in one request; returns its index. */
  int addTablets(List<ArrowTablet> devices) throws Exception {
    TSInsertTabletsReq req = new TSInsertTabletsReq();
    req.setSessionId(sessionId);
    List<String> paths = new ArrayList<>();
    List<List<String>> names = new ArrayList<>();
    List<List<Integer>> types = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    List<ByteBuffer> times = new ArrayList<>();
    List<ByteBuffer> values = new ArrayList<>();
    for (ArrowTablet t : devices) {
      paths.add(t.tableName());
      names.add(names(t));
      types.add(types(t));
      sizes.add(t.rowCount());
      times.add(times(t));
      values.add(values(t));
    }
    req.setPrefixPaths(paths);
    req.setMeasurementsList(names);
    req.setTypesList(types);
    req.setSizeList(sizes);
    req.setTimestampsList(times);
    req.setValuesList(values);
    req.setIsAligned(false);
    return add("insertTablets", new IClientRPCService.insertTablets_args(req));
  }

  private static List<String> names(ArrowTablet t) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < t.columnCount(); i++) {
      names.add(t.columnName(i));
    }
    return names;
  }

  private static List<Integer> types(ArrowTablet t) {
    List<Integer> types = new ArrayList<>();
    for (int i = 0; i < t.columnCount(); i++) {
      types.add((int) t.dataType(i).code());
    }
    return types;
  }

  private static ByteBuffer times(ArrowTablet t) {
    WireBuffer times = new WireBuffer(8 * t.rowCount());
    t.writeTimestamps(times, TimePrecision.MILLISECONDS);
    return ByteBuffer.wrap(times.array(), 0, times.position());
  }

  private static ByteBuffer values(ArrowTablet t) {
    WireBuffer values = new WireBuffer((int) t.valuesSize());
    t.writeValues(values, TimePrecision.MILLISECONDS);
    return ByteBuffer.wrap(values.array(), 0, values.position());
  }

  private int add(String method, TBase<?, ?> args) throws Exception {
    TMemoryBuffer mem = new TMemoryBuffer(1 << 16);
    TBinaryProtocol p = new TBinaryProtocol(mem);
    p.writeMessageBegin(new TMessage(method, TMessageType.CALL, 1));
    args.write(p);
    p.writeMessageEnd();
    int len = mem.length();
    byte[] framed = new byte[len + 4];
    ByteBuffer.wrap(framed).putInt(len);
    System.arraycopy(mem.getArray(), 0, framed, 4, len);
    frames.add(framed);
    methods.add(method);
    return frames.size() - 1;
  }

  /** Sends frame {@code i} and checks the answer. */
  void insert(int i) throws Exception {
    out.write(frames.get(i));
    int len = in.readInt();
    if (response.length < len) {
      response = new byte[len];
    }
    in.readFully(response, 0, len);
    TBinaryProtocol p = new TBinaryProtocol(new TMemoryInputTransport(response, 0, len));
    p.readMessageBegin();
    TSStatus s;
    if (methods.get(i).equals("insertTablet")) {
      IClientRPCService.insertTablet_result r = new IClientRPCService.insertTablet_result();
      r.read(p);
      s = r.getSuccess();
    } else {
      IClientRPCService.insertTablets_result r = new IClientRPCService.insertTablets_result();
      r.read(p);
      s = r.getSuccess();
    }
    if (s.getCode() != 200) {
      throw new IllegalStateException("replayed " + methods.get(i) + " refused: " + s);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
