package io.quiver.it.tree;

import io.quiver.it.support.TestIoTDB;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.service.rpc.thrift.IClientRPCService;
import org.apache.iotdb.service.rpc.thrift.TSCloseOperationReq;
import org.apache.iotdb.service.rpc.thrift.TSCloseSessionReq;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementReq;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;
import org.apache.iotdb.service.rpc.thrift.TSInsertTabletReq;
import org.apache.iotdb.service.rpc.thrift.TSInsertTabletsReq;
import org.apache.iotdb.service.rpc.thrift.TSOpenSessionReq;
import org.apache.iotdb.service.rpc.thrift.TSOpenSessionResp;
import org.apache.iotdb.service.rpc.thrift.TSProtocolVersion;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.layered.TFramedTransport;

/**
 * A raw libthrift session on the test server, in the tree dialect or another: TSocket, framed
 * transport, the generated {@code IClientRPCService.Client}. It shows what the server answers
 * (statuses, result metadata such as {@code ignoreTimeStamp}) without any client library in
 * between, and sends requests exactly as built (the official Session checks or rewrites some).
 */
final class RawTreeConnection implements AutoCloseable {
  private final TTransport transport;
  private final IClientRPCService.Client client;
  private final TSOpenSessionResp openResponse;
  private final long sessionId;
  private final long statementId;

  private RawTreeConnection(String dialect, boolean compact) throws TException {
    String[] hostPort = TestIoTDB.endpoint().split(":");
    TSocket socket = new TSocket(hostPort[0], Integer.parseInt(hostPort[1]), 60_000);
    transport = new TFramedTransport(socket, 256 * 1024 * 1024);
    transport.open();
    TProtocol protocol = compact ? new TCompactProtocol(transport) : new TBinaryProtocol(transport);
    client = new IClientRPCService.Client(protocol);
    TSOpenSessionReq open = new TSOpenSessionReq(TSProtocolVersion.IOTDB_SERVICE_PROTOCOL_V3, "+00:00", "root");
    open.setPassword("root");
    Map<String, String> conf = new HashMap<>();
    conf.put("version", "V_1_0");
    if (dialect != null) {
      conf.put("sql_dialect", dialect);
    }
    open.setConfiguration(conf);
    openResponse = client.openSession(open);
    if (openResponse.getStatus().getCode() != 200) {
      transport.close();
      throw new IllegalStateException("openSession answered " + openResponse.getStatus());
    }
    sessionId = openResponse.getSessionId();
    statementId = client.requestStatementId(sessionId);
  }

  /** A binary-protocol session with {@code sql_dialect=tree}. */
  static RawTreeConnection tree() throws TException {
    return new RawTreeConnection("tree", false);
  }

  /** A session with this dialect ({@code null}: the key left out) and protocol. */
  static RawTreeConnection open(String dialect, boolean compact) throws TException {
    return new RawTreeConnection(dialect, compact);
  }

  TSOpenSessionResp openResponse() {
    return openResponse;
  }

  long sessionId() {
    return sessionId;
  }

  IClientRPCService.Client client() {
    return client;
  }

  /** Runs a statement; the caller reads the first result page from the response. */
  TSExecuteStatementResp execute(String sql) throws TException {
    TSExecuteStatementReq req = new TSExecuteStatementReq(sessionId, sql, statementId);
    req.setFetchSize(10_000);
    TSExecuteStatementResp resp = client.executeStatementV2(req);
    if (resp.isSetQueryId()) {
      TSCloseOperationReq close = new TSCloseOperationReq(sessionId);
      close.setQueryId(resp.getQueryId());
      close.setStatementId(statementId);
      client.closeOperation(close);
    }
    return resp;
  }

  /** Runs a statement that must succeed. */
  void run(String sql) throws TException {
    TSStatus status = execute(sql).getStatus();
    if (status.getCode() != 200) {
      throw new AssertionError(sql + " answered " + status);
    }
  }

  TSStatus insertTablet(TSInsertTabletReq req) throws TException {
    req.setSessionId(sessionId);
    return client.insertTablet(req);
  }

  TSStatus insertTablets(TSInsertTabletsReq req) throws TException {
    req.setSessionId(sessionId);
    return client.insertTablets(req);
  }

  /** Sends an already framed request payload (no length header) and reads the status answer. */
  TSStatus sendFramed(byte[] payload, int offset, int length, String method) throws TException {
    transport.write(payload, offset, length);
    transport.flush();
    TProtocol in = client.getInputProtocol();
    TMessage msg = in.readMessageBegin();
    if (msg.type == TMessageType.EXCEPTION) {
      TApplicationException e = TApplicationException.readFrom(in);
      in.readMessageEnd();
      throw e;
    }
    if (!msg.name.equals(method)) {
      throw new AssertionError("answer to " + msg.name + ", expected " + method);
    }
    TSStatus status;
    if (method.equals("insertTablets")) {
      IClientRPCService.insertTablets_result r = new IClientRPCService.insertTablets_result();
      r.read(in);
      status = r.getSuccess();
    } else {
      IClientRPCService.insertTablet_result r = new IClientRPCService.insertTablet_result();
      r.read(in);
      status = r.getSuccess();
    }
    in.readMessageEnd();
    return status;
  }

  static ByteBuffer buffer(byte[] bytes) {
    return ByteBuffer.wrap(bytes);
  }

  @Override
  public void close() {
    try {
      client.closeSession(new TSCloseSessionReq(sessionId));
    } catch (TException e) {
      throw new IllegalStateException("closeSession failed", e);
    } finally {
      transport.close();
    }
  }
}
