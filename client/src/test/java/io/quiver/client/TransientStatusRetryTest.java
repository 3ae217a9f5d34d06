package io.quiver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session's retry decision on statuses, against a {@link ScriptedIoTDB} answering inserts and
 * statements with the statuses a test queues (then 200): a transient refusal of an insert is retried on the same connection, a final one is
 * not, a non-query is never retried whatever its status.
 */
class TransientStatusRetryTest {
  private static final String STALE_LINK = "Fail to send plan node, exception message: "
      + "org.apache.thrift.transport.TTransportException: java.net.SocketException: Broken pipe";

  private ScriptedIoTDB server;
  private Deque<TSStatus> insertAnswers;
  private Deque<TSStatus> statementAnswers;
  private AtomicInteger inserts;
  private AtomicInteger statements;

  @BeforeEach
  void startServer() throws Exception {
    server = new ScriptedIoTDB();
    insertAnswers = server.insertAnswers;
    statementAnswers = server.statementAnswers;
    inserts = server.inserts;
    statements = server.statements;
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  private static TSStatus status(int code, String message) {
    return new TSStatus(code).setMessage(message);
  }

  private TableSession open() {
    return TableSession.open(TableSessionConfig.builder().nodeUrls(server.url())
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
