package io.quiver.client;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.service.rpc.thrift.IClientRPCService;
import org.apache.iotdb.service.rpc.thrift.ServerProperties;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;
import org.apache.iotdb.service.rpc.thrift.TSInsertTabletReq;
import org.apache.iotdb.service.rpc.thrift.TSOpenSessionResp;
import org.apache.iotdb.service.rpc.thrift.TSProtocolVersion;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.transport.layered.TFramedTransport;

/**
 * A scripted IoTDB on loopback for unit tests: a real Thrift server (thread per connection, so one
 * connection's requests are answered one after another, in order) that speaks the client protocol
 * and answers inserts and statements with the statuses a test queues (then 200). An insert answer
 * of {@link #THROW} makes the server answer that request with a Thrift exception. Records the row
 * count of every {@code insertTablet} it received, in order.
 */
final class ScriptedIoTDB implements AutoCloseable {
  /** Queued as an insert answer: the server answers with an exception instead of a status. */
  static final TSStatus THROW = new TSStatus(-1);

  final Deque<TSStatus> insertAnswers = new ArrayDeque<>();
  final Deque<TSStatus> statementAnswers = new ArrayDeque<>();
  final AtomicInteger inserts = new AtomicInteger();
  final AtomicInteger statements = new AtomicInteger();
  private final List<Integer> insertRows = new ArrayList<>();
  private final TServer server;
  private final Thread serving;
  private final int port;

  ScriptedIoTDB() throws TTransportException {
    IClientRPCService.Iface iface = (IClientRPCService.Iface) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {IClientRPCService.Iface.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "openSession":
              TSOpenSessionResp open = new TSOpenSessionResp(new TSStatus(200),
                  TSProtocolVersion.IOTDB_SERVICE_PROTOCOL_V3);
              open.setSessionId(1);
              return open;
            case "requestStatementId":
              return 1L;
            case "getProperties":
              return new ServerProperties("2.0.10", List.of(), "ms", 0);
            case "insertTablet":
              inserts.incrementAndGet();
              synchronized (insertRows) {
                insertRows.add(((TSInsertTabletReq) args[0]).getSize());
              }
              TSStatus answer = next(insertAnswers);
              if (answer == THROW) {
                throw new IllegalStateException("scripted failure");
              }
              return answer;
            case "executeStatementV2":
              statements.incrementAndGet();
              return new TSExecuteStatementResp(next(statementAnswers));
            case "closeSession":
            case "testConnectionEmptyRPC":
              return new TSStatus(200);
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
    TServerSocket socket = new TServerSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    port = socket.getServerSocket().getLocalPort();
    server = new TThreadPoolServer(new TThreadPoolServer.Args(socket)
        .processor(new IClientRPCService.Processor<>(iface))
        .transportFactory(new TFramedTransport.Factory())
        .protocolFactory(new TBinaryProtocol.Factory())
        .minWorkerThreads(1).maxWorkerThreads(4));
    serving = new Thread(server::serve, "scripted-iotdb");
    serving.setDaemon(true);
    serving.start();
  }

  String url() {
    return "127.0.0.1:" + port;
  }

  /** The row counts of the insertTablet requests received, in order. */
  List<Integer> insertRows() {
    synchronized (insertRows) {
      return List.copyOf(insertRows);
    }
  }

  private synchronized TSStatus next(Deque<TSStatus> answers) {
    TSStatus s = answers.poll();
    return s == null ? new TSStatus(200) : s;
  }

  @Override
  public void close() throws InterruptedException {
    server.stop();
    serving.join(5_000);
  }
}
