package io.quiver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pipelined inserts through the real connection (its frame copies, the answers matched to them
 * in order) against a {@link ScriptedIoTDB}: which requests the server receives, in which order,
 * and what ends in the replay window, when answers in flight are acknowledgements, transient
 * refusals, final refusals and Thrift exceptions (docs/pipelined-inserts.md).
 */
class PipelinedInsertsTest {
  private ScriptedIoTDB server;

  @BeforeEach
  void start() throws Exception {
    server = new ScriptedIoTDB();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private TableSession open(int depth) {
    return TableSession.open(TableSessionConfig.builder().nodeUrls(server.url()).maxInFlightInserts(depth)
        .retryInterval(Duration.ofMillis(1)).awaitWindowOnClose(false)
        .enableNodeDiscovery(false) // its SHOW DATANODES would take a scripted statement answer
        .build());
  }

  private static Tablet rows(int n) {
    Tablet.Builder b = Tablet.builder("t").tag("dev").field("v", DataType.INT64);
    for (int i = 0; i < n; i++) {
      b.row((long) i, "d" + i, (long) i);
    }
    return b.build();
  }

  @Test
  void eachAnswerIsMatchedToItsOwnRequestWhateverTheAnswersBefore() {
    server.insertAnswers.add(new TSStatus(200));
    server.insertAnswers.add(new TSStatus(606).setMessage("memory is short until a flush completes"));
    server.insertAnswers.add(new TSStatus(200));
    server.insertAnswers.add(ScriptedIoTDB.THROW);
    server.insertAnswers.add(new TSStatus(507).setMessage("data type mismatch"));
    try (TableSession s = open(8)) {
      for (int n = 1; n <= 6; n++) {
        s.insert(rows(n));
      }
      ProtocolException e = assertThrows(ProtocolException.class, s::flush);
      assertTrue(e.getMessage().contains("insert 4 rows into table 't'"), e.getMessage());
      assertEquals(1, e.getSuppressed().length, "the later refusal is suppressed in the first");
      assertTrue(e.getSuppressed()[0].getMessage().contains("insert 5 rows into table 't'"),
          e.getSuppressed()[0].getMessage());
      // Sent in order; the transient refusal (2 rows) sent again once the others were answered.
      assertEquals(List.of(1, 2, 3, 4, 5, 6, 2), server.insertRows());
      ReplayStats w = s.replayStats();
      assertEquals(4, w.frames(), w.toString());
      assertEquals(1 + 3 + 6 + 2, w.rows(), "the acknowledged requests, each once: " + w);
      s.flush(); // thrown once
      s.insert(rows(7));
      s.flush();
      assertEquals(7, server.insertRows().get(7));
    }
  }

  @Test
  void aSessionWithOneInFlightSendsNothingBeforeTheAnswer() {
    server.insertAnswers.add(new TSStatus(507).setMessage("data type mismatch"));
    try (TableSession s = open(1)) {
      StatementException e = assertThrows(StatementException.class, () -> s.insert(rows(3)));
      assertFalse(e.isRetryable());
      assertTrue(e.getMessage().contains("0 of 3 rows acknowledged"), e.getMessage());
      s.flush(); // nothing in flight, nothing remembered
    }
  }
}
