package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.AuthenticationException;
import io.quiver.client.ConnectionException;
import io.quiver.client.DataType;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.SessionClosedException;
import io.quiver.client.SessionDataSet;
import io.quiver.client.StatementException;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import io.quiver.client.Tablet;
import io.quiver.client.TimePrecision;
import io.quiver.client.ColumnCategory;
import io.quiver.client.spi.InsertBatch;
import io.quiver.client.spi.WireBuffer;
import io.quiver.it.support.Databases;
import io.quiver.it.support.TestIoTDB;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every failure is typed, says what to change, and leaves the session and the data consistent. */
class ErrorsIT {
  private static final String DB = "it_errors";

  @BeforeAll
  static void createDatabase() {
    Databases.recreate(DB);
    try (TableSession s = Databases.quiver(DB)) {
      s.executeNonQueryStatement("CREATE TABLE t (dev STRING TAG, v INT64 FIELD)");
      Tablet.Builder b = Tablet.builder("t").tag("dev").field("v", DataType.INT64);
      for (int r = 0; r < 50_000; r++) {
        b.row((long) r, "d" + (r % 50), (long) r);
      }
      s.insert(b.build());
    }
  }

  @AfterAll
  static void dropDatabase() {
    Databases.drop(DB);
  }

  @Test
  void sqlSyntaxErrorCarriesIoTDBsCodeAndMessage() {
    try (TableSession s = Databases.quiver(DB)) {
      StatementException e = assertThrows(StatementException.class, () -> s.executeNonQueryStatement("CREAT TABLE x"));
      assertEquals(700, e.statusCode(), e.getMessage());
      assertFalse(e.isRetryable());
      assertTrue(e.getMessage().contains("CREAT TABLE x"), e.getMessage());
      assertEquals(50_000, Databases.count(s, "t"), "the session still works after a refused statement");
    }
  }

  @Test
  void queryOfAMissingTableIsAStatementError() {
    try (TableSession s = Databases.quiver(DB)) {
      StatementException e = assertThrows(StatementException.class, () -> s.executeQueryStatement("SELECT * FROM nope"));
      assertTrue(e.serverMessage().toLowerCase().contains("nope"), e.getMessage());
    }
  }

  @Test
  void insertOfAWrongTypeIntoAnExistingColumnIsRefusedByTheServer() {
    try (TableSession s = Databases.quiver(DB)) {
      Tablet wrong = Tablet.builder("t").tag("dev").field("v", DataType.BOOLEAN).row(1_000_000L, "dx", true).build();
      StatementException e = assertThrows(StatementException.class, () -> s.insert(wrong));
      assertTrue(e.getMessage().contains("insert 1 rows into table 't'"), e.getMessage());
      assertEquals(50_000, Databases.count(s, "t"));
    }
  }

  @Test
  void queryTimeoutFailsWithStatus720() {
    try (TableSession s = Databases.quiver(DB)) {
      StatementException e = assertThrows(StatementException.class, () -> {
        try (SessionDataSet rs = s.executeQueryStatement(
            "SELECT a.v, b.v FROM t a JOIN t b ON a.dev = b.dev ORDER BY a.v DESC", 1)) {
          while (rs.next()) {
            rs.getLong(0);
          }
        }
      });
      assertEquals(720, e.statusCode(), e.getMessage());
      assertEquals(50_000, Databases.count(s, "t"), "the session still works after a timeout");
    }
  }

  @Test
  void wrongPasswordIsAnAuthenticationError() {
    TableSessionConfig config = Databases.quiverConfig(DB).password("not-the-password").build();
    AuthenticationException e = assertThrows(AuthenticationException.class, () -> TableSession.open(config));
    assertEquals(801, e.statusCode(), e.getMessage());
    assertFalse(e.isRetryable());
  }

  @Test
  void unreachableServerIsAConnectionErrorNamingTheEndpoint() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    TableSessionConfig config = TableSessionConfig.builder()
        .nodeUrls("127.0.0.1:" + port).connectTimeout(Duration.ofSeconds(2)).build();
    ConnectionException e = assertThrows(ConnectionException.class, () -> TableSession.open(config));
    assertEquals("127.0.0.1:" + port, e.endpoint());
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    assertTrue(e.isRetryable());
  }

  @Test
  void firstReachableNodeIsUsedWhenEarlierOnesAreDown() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    TableSessionConfig config = TableSessionConfig.builder()
        .nodeUrls("127.0.0.1:" + port, TestIoTDB.endpoint()).database(DB).build();
    try (TableSession s = TableSession.open(config)) {
      assertEquals(TestIoTDB.endpoint(), s.endpoint());
      assertEquals(50_000, Databases.count(s, "t"));
    }
  }

  @Test
  void closedSessionRefusesWorkAndCloseIsIdempotent() {
    TableSession s = Databases.quiver(DB);
    SessionDataSet open = s.executeQueryStatement("SELECT v FROM t");
    s.close();
    s.close();
    assertTrue(s.isClosed());
    SessionClosedException e = assertThrows(SessionClosedException.class, () -> s.executeNonQueryStatement("FLUSH"));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(SessionClosedException.class, () -> s.executeQueryStatement("SELECT v FROM t"));
    assertThrows(SessionClosedException.class,
        () -> s.insert(Tablet.builder("t").tag("dev").row(1L, "x").build()));
    assertThrows(SessionClosedException.class, open::next, "results close with their session");
  }

  @Test
  void batchFailingMidEncodeSendsNothingAndTheConnectionStaysUsable() {
    try (TableSession s = Databases.quiver(DB)) {
      Tablet good = Tablet.builder("t").tag("dev").field("v", DataType.INT64).row(3_000_000L, "late", 1L).build();
      InsertBatch failing = new InsertBatch() {
        @Override public String tableName() { return good.tableName(); }
        @Override public int rowCount() { return good.rowCount(); }
        @Override public int columnCount() { return good.columnCount(); }
        @Override public String columnName(int i) { return good.columnName(i); }
        @Override public DataType dataType(int i) { return good.dataType(i); }
        @Override public ColumnCategory category(int i) { return good.category(i); }
        @Override public long valuesSize() { return good.valuesSize(); }
        @Override public void writeTimestamps(WireBuffer out, TimePrecision p) { good.writeTimestamps(out, p); }
        @Override public void writeValues(WireBuffer out, TimePrecision p) {
          out.putInt(4);
          throw new InvalidBatchException("row 0 is bad", "v", 0);
        }
      };
      InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> s.insert(failing));
      assertEquals("v", e.column());
      Tablet noColumns = Tablet.builder("t").row(1L).build();
      InvalidBatchException e2 = assertThrows(InvalidBatchException.class, () -> s.insert(noColumns));
      assertTrue(e2.getMessage().contains("no columns"), e2.getMessage());
      assertEquals(50_000, Databases.count(s, "t"), "nothing was written, and the connection still works");
      s.insert(good);
      assertEquals(50_001, Databases.count(s, "t"));
      s.executeNonQueryStatement("DELETE FROM t WHERE time = 3000000");
    }
  }

  @Test
  void useChangesTheSessionDatabase() {
    try (TableSession s = Databases.quiver(null)) {
      s.executeNonQueryStatement("USE " + DB);
      assertEquals(DB, s.database());
      assertEquals(50_000, Databases.count(s, "t"));
    }
  }
}
