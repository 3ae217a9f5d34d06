package io.quiver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.service.rpc.thrift.IClientRPCService;
import org.apache.iotdb.service.rpc.thrift.ServerProperties;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;
import org.apache.iotdb.service.rpc.thrift.TSOpenSessionResp;
import org.apache.iotdb.service.rpc.thrift.TSProtocolVersion;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.layered.TFramedTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session's retry decision on statuses, against a scripted Thrift server on loopback that
 * speaks the client protocol and answers inserts and statements with the statuses a test queues
 * (then 200): a transient refusal of an insert is retried on the same connection, a final one is
 * not, a non-query is never retried whatever its status.
 */
class TransientStatusRetryTest {
  private static final String STALE_LINK = "Fail to send plan node, exception message: "
      + "org.apache.thrift.transport.TTransportException: java.net.SocketException: Broken pipe";

  private final Deque<TSStatus> insertAnswers = new ArrayDeque<>();
  private final Deque<TSStatus> statementAnswers = new ArrayDeque<>();
  private final AtomicInteger inserts = new AtomicInteger();
  private final AtomicInteger statements = new AtomicInteger();
  private TServer server;
  private Thread serving;
  private int port;

  @BeforeEach
  void startServer() throws Exception {
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
              return next(insertAnswers);
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

  @AfterEach
  void stopServer() throws Exception {
    server.stop();
    serving.join(5_000);
  }

  private synchronized TSStatus next(Deque<TSStatus> answers) {
    TSStatus s = answers.poll();
    return s == null ? new TSStatus(200) : s;
  }

  private static TSStatus status(int code, String message) {
    return new TSStatus(code).setMessage(message);
  }

  private TableSession open() {
    return TableSession.open(TableSessionConfig.builder().nodeUrls("127.0.0.1:" + port)
        .retryInterval(Duration.ofMillis(1)).maxRetry(3).replayWindow(Duration.ZERO)
        .enableNodeDiscovery(false) // its SHOW DATANODES would take a scripted statement answer
        .build());
  }

  private static Tablet rows() {
    return Tablet.builder("t").tag("dev").field("v", DataType.INT64).row(1L, "d0", 1L).row(2L, "d1", 2L).build();
  }

  @Test
  void anInsertRefusedBecauseOfAStaleLinkBetweenNodesIsSentAgainAndSucceeds() {
    insertAnswers.add(status(301, STALE_LINK));
    insertAnswers.add(status(1012, "All replicas for region[DataRegion[3]] are not available in these DataNodes[1]"));
    try (TableSession s = open()) {
      s.insert(rows());
    }
    assertEquals(3, inserts.get(), "two transient refusals, then acknowledged");
  }

  @Test
  void anInsertRefusedForGoodIsNotSentAgain() {
    insertAnswers.add(status(301, "Table t does not exist"));
    try (TableSession s = open()) {
      StatementException e = assertThrows(StatementException.class, () -> s.insert(rows()));
      assertFalse(e.isRetryable(), e.getMessage());
      assertEquals(301, e.statusCode());
      assertTrue(e.getMessage().contains("0 of 2 rows acknowledged"), e.getMessage());
    }
    assertEquals(1, inserts.get());
  }

  @Test
  void anInsertStillRefusedAfterMaxRetryFailsRetryablySayingHowManyTries() {
    for (int i = 0; i < 10; i++) {
      insertAnswers.add(status(905, "region leader is changing"));
    }
    try (TableSession s = open()) {
      StatementException e = assertThrows(StatementException.class, () -> s.insert(rows()));
      assertTrue(e.isRetryable(), e.getMessage());
      assertTrue(e.getMessage().contains("after 4 tries"), e.getMessage());
    }
    assertEquals(4, inserts.get(), "the first try and maxRetry (3) more");
  }

  @Test
  void aNonQueryIsNeverSentAgainButSaysWhetherTryingAgainMayHelp() {
    statementAnswers.add(status(301, STALE_LINK));
    statementAnswers.add(status(701, "semantic error"));
    try (TableSession s = open()) {
      StatementException transientOne = assertThrows(StatementException.class,
          () -> s.executeNonQueryStatement("CREATE TABLE t (dev STRING TAG, v INT64 FIELD)"));
      assertTrue(transientOne.isRetryable(), transientOne.getMessage());
      assertEquals(1, statements.get(), "not retried");
      StatementException finalOne = assertThrows(StatementException.class,
          () -> s.executeNonQueryStatement("CREATE TABLE t (dev STRING TAG, v INT64 FIELD)"));
      assertFalse(finalOne.isRetryable(), finalOne.getMessage());
      assertEquals(2, statements.get());
    }
  }
}
