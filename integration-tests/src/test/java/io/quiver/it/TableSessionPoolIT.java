package io.quiver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quiver.client.ConnectionException;
import io.quiver.client.DataType;
import io.quiver.client.PoolExhaustedException;
import io.quiver.client.PoolStats;
import io.quiver.client.QuiverException;
import io.quiver.client.SessionClosedException;
import io.quiver.client.SessionDataSet;
import io.quiver.client.StatementException;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionPool;
import io.quiver.client.TableSessionPoolConfig;
import io.quiver.client.Tablet;
import io.quiver.it.support.Databases;
import io.quiver.it.support.Eventually;
import io.quiver.it.support.OpenSockets;
import io.quiver.it.support.ServerSessions;
import io.quiver.it.support.TcpProxy;
import io.quiver.it.support.TestIoTDB;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TableSessionPool} against the real server: reuse, the clean-up on return, exhaustion,
 * fairness, closing, and broken connections. Connections are broken for real by a loopback relay
 * ({@link TcpProxy}) that drops them as a network would. After every test, this JVM holds no more
 * sockets to the server than before ({@link OpenSockets}, from /proc) and the server lists no more
 * sessions than before ({@code information_schema.connections}).
 */
class TableSessionPoolIT {
  private static final String DB = "it_pool";
  private static final String OTHER_DB = "it_pool_other";
  private static final int BIG_ROWS = 10_000;
  private static final Duration SETTLE = Duration.ofSeconds(30);

  private static TableSession observer;
  private static int serverPort;
  private int baselineSockets;
  private Set<String> baselineSessions;

  @BeforeAll
  static void createTables() {
    Databases.recreate(DB);
    Databases.recreate(OTHER_DB);
    String endpoint = TestIoTDB.endpoint();
    serverPort = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    observer = Databases.quiver(DB);
    observer.executeNonQueryStatement("CREATE TABLE t (d STRING TAG, v INT64 FIELD)");
    observer.executeNonQueryStatement("CREATE TABLE big (d STRING TAG, v INT64 FIELD)");
    observer.executeNonQueryStatement("CREATE TABLE only_in_it_pool (d STRING TAG, v INT64 FIELD)");
    Tablet.Builder big = Tablet.builder("big").tag("d").field("v", DataType.INT64);
    for (int i = 0; i < BIG_ROWS; i++) {
      big.row((long) i, "d" + (i % 4), (long) i);
    }
    observer.insert(big.build());
  }

  @AfterAll
  static void dropDatabases() {
    if (observer != null) {
      observer.close();
    }
    Databases.drop(DB);
    Databases.drop(OTHER_DB);
  }

  @BeforeEach
  void recordBaseline() {
    assumeTrue(OpenSockets.supported(), "counting sockets needs Linux's /proc");
    baselineSockets = OpenSockets.connectedTo(serverPort);
    baselineSessions = serverSessionIds();
  }

  @AfterEach
  void nothingLeaked() {
    awaitEquals(baselineSockets, () -> OpenSockets.connectedTo(serverPort), "this JVM's sockets to the server");
    awaitEquals(baselineSessions, TableSessionPoolIT::serverSessionIds, "the server's sessions");
  }

  private static TableSessionPoolConfig.Builder poolConfig() {
    return TableSessionPoolConfig.builder().nodeUrls(TestIoTDB.endpoint());
  }

  private static Set<String> serverSessionIds() {
    return ServerSessions.ids(observer);
  }

  private Set<String> newSessionIds() {
    Set<String> ids = serverSessionIds();
    ids.removeAll(baselineSessions);
    return ids;
  }

  /** Statements of the queries the server is running or holding open, the observer's own left out. */
  private static List<String> serverQueries() {
    List<String> statements = new ArrayList<>();
    try (SessionDataSet rows = observer.executeQueryStatement("SHOW QUERIES")) {
      while (rows.next()) {
        String sql = rows.getString("statement");
        if (!sql.equalsIgnoreCase("SHOW QUERIES")) {
          statements.add(sql);
        }
      }
    }
    return statements;
  }

  private static long count(TableSession s, String table) {
    return Databases.count(s, table);
  }

  @Test
  void sequentialBorrowsReuseOneConnectionAndOneServerSession() {
    try (TableSessionPool pool = new TableSessionPool(poolConfig().database(DB).maxPoolSize(3).build())) {
      Set<String> firstSession = null;
      for (int i = 0; i < 10; i++) {
        try (TableSession s = pool.getSession()) {
          s.insert(Tablet.builder("t").tag("d").field("v", DataType.INT64).row(1_000L + i, "reuse", (long) i).build());
          assertEquals(baselineSockets + 1, OpenSockets.connectedTo(serverPort), "one socket, borrow " + i);
          Set<String> ids = newSessionIds();
          assertEquals(1, ids.size(), "one server session, borrow " + i + ": " + ids);
          if (firstSession == null) {
            firstSession = ids;
          }
          assertEquals(firstSession, ids, "the same server session on borrow " + i);
        }
      }
      PoolStats stats = pool.stats();
      assertEquals(1, stats.opened(), stats.toString());
      assertEquals(10, stats.borrowed(), stats.toString());
      assertEquals(1, stats.idle(), stats.toString());
      assertEquals(0, stats.inUse(), stats.toString());
      assertEquals(0, stats.discarded(), stats.toString());
      try (SessionDataSet rows = observer.executeQueryStatement("SELECT count(*) FROM t WHERE d = 'reuse'")) {
        assertTrue(rows.next());
        assertEquals(10, rows.getLong(0));
      }
    }
  }

  @Test
  void eachBorrowGetsItsOwnHandleThatIsDeadOnceReturned() {
    try (TableSessionPool pool = new TableSessionPool(poolConfig().database(DB).maxPoolSize(2).build())) {
      TableSession first = pool.getSession();
      assertEquals(BIG_ROWS, count(first, "big"));
      first.close();
      first.close(); // harmless
      assertTrue(first.isClosed());
      SessionClosedException e = assertThrows(SessionClosedException.class, () -> count(first, "big"));
      assertTrue(e.getMessage().contains("returned to its pool"), e.getMessage());

      TableSession second = pool.getSession();
      assertNotSame(first, second);
      first.close(); // closing the dead handle again must not hand the live connection back
      PoolStats stats = pool.stats();
      assertEquals(1, stats.inUse(), stats.toString());
      assertEquals(0, stats.idle(), stats.toString());
      assertEquals(BIG_ROWS, count(second, "big"));
      assertEquals(1, stats.opened(), "the second borrow reused the first connection: " + stats);
      second.close();
    }
  }

  @Test
  void returnRestoresThePoolsDatabaseAfterUse() {
    try (TableSessionPool pool = new TableSessionPool(poolConfig().database(DB).maxPoolSize(1).build())) {
      try (TableSession s = pool.getSession()) {
        s.executeNonQueryStatement("USE " + OTHER_DB);
        assertEquals(OTHER_DB, s.database());
        assertThrows(StatementException.class, () -> count(s, "only_in_it_pool"), "the USE took effect");
      }
      try (TableSession s = pool.getSession()) {
        assertEquals(DB, s.database());
        assertEquals(0, count(s, "only_in_it_pool"), "an unqualified name resolves in the pool's database");
      }
      PoolStats stats = pool.stats();
      assertEquals(1, stats.opened(), "the connection was reset, not replaced: " + stats);
      assertEquals(0, stats.discarded(), stats.toString());
    }
  }

  @Test
  void useInAPoolWithoutDatabaseDiscardsTheSessionOnReturn() {
    try (TableSessionPool pool = new TableSessionPool(poolConfig().maxPoolSize(1).build())) {
      try (TableSession s = pool.getSession()) {
        s.executeNonQueryStatement("USE " + DB);
        assertEquals(BIG_ROWS, count(s, "big"));
      }
      PoolStats afterReturn = pool.stats();
      assertEquals(1, afterReturn.discarded(), afterReturn.toString());
      assertEquals(0, afterReturn.total(), afterReturn.toString());
      assertEquals(Set.of(), newSessionIds(), "the discarded session was closed on the server");
      try (TableSession s = pool.getSession()) {
        assertNull(s.database());
        StatementException e = assertThrows(StatementException.class, () -> count(s, "big"));
        assertFalse(e.isRetryable(), e.getMessage());
      }
      assertEquals(2, pool.stats().opened());
    }
  }

  @Test
  void returnClosesOpenResultsAndReleasesTheirQueriesOnTheServer() {
    String sql = "SELECT d, v FROM big WHERE v >= 0";
    try (TableSessionPool pool = new TableSessionPool(poolConfig().database(DB).fetchSize(100).build())) {
      TableSession s = pool.getSession();
      SessionDataSet rows = s.executeQueryStatement(sql);
      assertTrue(rows.next());
      assertTrue(rows.isOpenOnServer(), "100 of 10,000 rows fetched");
      assertTrue(serverQueries().contains(sql), "the server holds the query: " + serverQueries());

      s.close();
      assertFalse(rows.isOpenOnServer());
      assertFalse(serverQueries().contains(sql), "released on return: " + serverQueries());
      assertThrows(SessionClosedException.class, rows::next, "the borrower's iteration ends with the borrow");

      try (TableSession again = pool.getSession()) {
        assertEquals(BIG_ROWS, count(again, "big"));
      }
      assertEquals(1, pool.stats().opened(), "the connection was reused: " + pool.stats());
    }
  }

  @Test
  void exhaustedPoolThrowsARetryableTimeoutAfterTheWait() {
    try (TableSessionPool pool = new TableSessionPool(poolConfig().maxPoolSize(2).waitTimeoutMs(500).build())) {
      TableSession a = pool.getSession();
      TableSession b = pool.getSession();
      long t0 = System.nanoTime();
      PoolExhaustedException e = assertThrows(PoolExhaustedException.class, pool::getSession);
      long waitedMs = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(waitedMs >= 450 && waitedMs < 60_000, "waited " + waitedMs + " ms for a 500 ms timeout");
      assertTrue(e.isRetryable());
      assertEquals(2, e.maxPoolSize());
      assertEquals(2, e.inUse());
      assertEquals(Duration.ofMillis(500), e.waitTimeout());
      assertTrue(e.getMessage().contains("500 ms") && e.getMessage().contains("2 of 2"), e.getMessage());
      PoolStats stats = pool.stats();
      assertEquals(1, stats.exhausted(), stats.toString());
      assertEquals(0, stats.waiting(), stats.toString());
      assertTrue(stats.totalWait().toMillis() >= 450, stats.toString());

      a.close();
      try (TableSession c = pool.getSession()) {
        assertEquals(BIG_ROWS, count(c, DB + ".big"));
      }
      b.close();
    }
  }

  @Test
  void zeroWaitTimeoutFailsAtOnceWhenExhausted() {
    try (TableSessionPool pool = new TableSessionPool(poolConfig().maxPoolSize(1).waitTimeout(Duration.ZERO).build());
        TableSession held = pool.getSession()) {
      long t0 = System.nanoTime();
      assertThrows(PoolExhaustedException.class, pool::getSession);
      assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000, "no wait");
      assertEquals(BIG_ROWS, count(held, DB + ".big"));
    }
  }

  @Test
  void waitersAreServedInArrivalOrder() throws Exception {
    try (TableSessionPool pool = new TableSessionPool(poolConfig().maxPoolSize(1).waitTimeout(Duration.ofSeconds(30)).build())) {
      TableSession holder = pool.getSession();
      List<Integer> served = Collections.synchronizedList(new ArrayList<>());
      List<CompletableFuture<Void>> waiters = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int id = i;
        waiters.add(CompletableFuture.runAsync(() -> {
          try (TableSession s = pool.getSession()) {
            served.add(id);
            count(s, DB + ".big");
          }
        }, runnable -> startThread("waiter-" + id, runnable)));
        awaitEquals(i + 1, () -> pool.stats().waiting(), "waiters in line");
      }
      holder.close();
      CompletableFuture.allOf(waiters.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
      assertEquals(List.of(0, 1, 2, 3), served);
      PoolStats stats = pool.stats();
      assertEquals(1, stats.opened(), "one connection passed from waiter to waiter: " + stats);
      assertEquals(5, stats.borrowed(), stats.toString());
    }
  }

  @Test
  void interruptedWaiterLeavesTheLineKeepingItsInterruptStatus() throws Exception {
    try (TableSessionPool pool = new TableSessionPool(poolConfig().maxPoolSize(1).waitTimeout(Duration.ofSeconds(30)).build());
        TableSession held = pool.getSession()) {
      CompletableFuture<Throwable> outcome = new CompletableFuture<>();
      Thread waiter = startThread("interrupted-waiter", () -> {
        try {
          pool.getSession().close();
          outcome.complete(null);
        } catch (RuntimeException e) {
          outcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("interrupt status lost", e));
        }
      });
      awaitEquals(1, () -> pool.stats().waiting(), "the waiter in line");
      waiter.interrupt();
      Throwable e = outcome.get(10, TimeUnit.SECONDS);
      QuiverException q = assertInstanceOf(QuiverException.class, e);
      assertInstanceOf(InterruptedException.class, q.getCause());
      assertFalse(q.isRetryable());
      assertEquals(0, pool.stats().waiting());
      assertEquals(1, pool.stats().inUse());
      assertEquals(BIG_ROWS, count(held, DB + ".big"));
    }
  }

  @Test
  void closingThePoolClosesIdleSessionsAtOnceAndRefusesNewBorrows() {
    TableSessionPool pool = new TableSessionPool(poolConfig().maxPoolSize(3).build());
    List<TableSession> sessions = List.of(pool.getSession(), pool.getSession(), pool.getSession());
    sessions.forEach(TableSession::close);
    assertEquals(3, pool.stats().idle());
    assertEquals(3, newSessionIds().size());
    assertEquals(baselineSockets + 3, OpenSockets.connectedTo(serverPort));

    pool.close();
    assertEquals(Set.of(), newSessionIds(), "closed on the server by close()");
    assertEquals(baselineSockets, OpenSockets.connectedTo(serverPort));
    SessionClosedException e = assertThrows(SessionClosedException.class, pool::getSession);
    assertTrue(e.getMessage().contains("TableSessionPool[" + TestIoTDB.endpoint() + "] is closed"), e.getMessage());
    pool.close(); // idempotent
    assertTrue(pool.isClosed());
  }

  @Test
  void closingThePoolWakesWaitersAndClosesBorrowedSessionsWhenReturned() throws Exception {
    TableSessionPool pool = new TableSessionPool(poolConfig().maxPoolSize(2).waitTimeout(Duration.ofSeconds(30)).build());
    TableSession a = pool.getSession();
    TableSession b = pool.getSession();
    CompletableFuture<TableSession> waiter = CompletableFuture.supplyAsync(pool::getSession,
        runnable -> startThread("waiter", runnable));
    awaitEquals(1, () -> pool.stats().waiting(), "the waiter in line");

    pool.close();
    ExecutionException woken = assertThrows(ExecutionException.class, () -> waiter.get(10, TimeUnit.SECONDS));
    assertInstanceOf(SessionClosedException.class, woken.getCause());

    assertEquals(2, newSessionIds().size(), "borrowed sessions live on until returned");
    assertEquals(BIG_ROWS, count(a, DB + ".big"));
    a.close();
    assertEquals(1, newSessionIds().size());
    assertEquals(baselineSockets + 1, OpenSockets.connectedTo(serverPort));
    b.close();
    assertEquals(Set.of(), newSessionIds());
    PoolStats stats = pool.stats();
    assertEquals(0, stats.total(), stats.toString());
    assertEquals(0, stats.discarded(), "closed because the pool closed, not discarded as broken: " + stats);
  }

  @Test
  void aConnectionCutWhileBorrowedIsRetriedOnANewConnectionUnseenByTheBorrower() throws Exception {
    try (TcpProxy proxy = new TcpProxy(TestIoTDB.endpoint());
        TableSessionPool pool = new TableSessionPool(TableSessionPoolConfig.builder()
            .nodeUrls(proxy.endpoint()).database(DB).maxPoolSize(1).build())) {
      try (TableSession s = pool.getSession()) {
        assertEquals(BIG_ROWS, count(s, "big"));
        proxy.cutAll();
        assertEquals(BIG_ROWS, count(s, "big"), "the query was retried on a new connection (maxRetry 3)");
      }
      assertEquals(1, OpenSockets.connectedTo(proxy.port()), "only the new connection is open");
    }
  }

  /** With retries off the borrower sees the broken connection; the pool then discards it. */
  @Test
  void aConnectionBrokenWhileBorrowedIsDiscardedAndReplaced() throws Exception {
    try (TcpProxy proxy = new TcpProxy(TestIoTDB.endpoint());
        TableSessionPool pool = new TableSessionPool(TableSessionPoolConfig.builder()
            .nodeUrls(proxy.endpoint()).database(DB).maxPoolSize(1).maxRetry(0).build())) {
      TableSession s = pool.getSession();
      assertEquals(BIG_ROWS, count(s, "big"));
      proxy.cutAll();
      ConnectionException e = assertThrows(ConnectionException.class, () -> count(s, "big"));
      assertTrue(e.isRetryable());
      s.close();
      PoolStats stats = pool.stats();
      assertEquals(1, stats.discarded(), stats.toString());
      assertEquals(0, stats.total(), stats.toString());
      assertEquals(0, OpenSockets.connectedTo(proxy.port()), "the broken socket was closed");

      try (TableSession replacement = pool.getSession()) {
        assertEquals(BIG_ROWS, count(replacement, "big"));
      }
      assertEquals(2, pool.stats().opened());
    }
  }

  @Test
  void anIdleConnectionDroppedByTheNetworkIsProbedAndReplacedBeforeItIsHandedOut() throws Exception {
    try (TcpProxy proxy = new TcpProxy(TestIoTDB.endpoint());
        TableSessionPool pool = new TableSessionPool(TableSessionPoolConfig.builder()
            .nodeUrls(proxy.endpoint()).database(DB).maxPoolSize(1).validateIdleAfter(Duration.ZERO).build())) {
      try (TableSession s = pool.getSession()) {
        assertEquals(BIG_ROWS, count(s, "big"));
      }
      proxy.cutAll();
      try (TableSession s = pool.getSession()) {
        assertEquals(BIG_ROWS, count(s, "big"), "the borrower never sees the dead connection");
      }
      PoolStats stats = pool.stats();
      assertEquals(1, stats.discarded(), stats.toString());
      assertEquals(2, stats.opened(), stats.toString());
      assertEquals(1, OpenSockets.connectedTo(proxy.port()), "only the replacement is open");
    }
  }

  @Test
  void aFailedOpenFreesItsPlaceInThePool() throws Exception {
    try (TcpProxy proxy = new TcpProxy(TestIoTDB.endpoint());
        TableSessionPool pool = new TableSessionPool(TableSessionPoolConfig.builder()
            .nodeUrls(proxy.endpoint()).maxPoolSize(1).waitTimeout(Duration.ZERO).build())) {
      proxy.refuseNext(1);
      ConnectionException e = assertThrows(ConnectionException.class, pool::getSession);
      assertTrue(e.getMessage().contains(proxy.endpoint()), e.getMessage());
      assertEquals(0, pool.stats().total(), pool.stats().toString());
      try (TableSession s = pool.getSession()) {
        assertEquals(BIG_ROWS, count(s, DB + ".big"));
      }
      assertEquals(1, OpenSockets.connectedTo(proxy.port()), "the idle session's socket; the failed attempt left none");
    }
  }

  @Test
  void aDiscardedSessionsPlaceGoesToTheWaitersInOrderEvenWhenAnOpenFails() throws Exception {
    try (TcpProxy proxy = new TcpProxy(TestIoTDB.endpoint());
        TableSessionPool pool = new TableSessionPool(TableSessionPoolConfig.builder()
            .nodeUrls(proxy.endpoint()).database(DB).maxPoolSize(1).maxRetry(0)
            // Else the refused open would go on to the node the proxy leads to, as discovered.
            .enableNodeDiscovery(false)
            .waitTimeout(Duration.ofSeconds(30)).build())) {
      TableSession holder = pool.getSession();
      CompletableFuture<TableSession> first = CompletableFuture.supplyAsync(pool::getSession,
          runnable -> startThread("first-waiter", runnable));
      awaitEquals(1, () -> pool.stats().waiting(), "the first waiter in line");
      CompletableFuture<TableSession> second = CompletableFuture.supplyAsync(pool::getSession,
          runnable -> startThread("second-waiter", runnable));
      awaitEquals(2, () -> pool.stats().waiting(), "both waiters in line");

      proxy.refuseNext(1);
      proxy.cutAll();
      assertThrows(ConnectionException.class, () -> count(holder, "big"));
      holder.close(); // broken: discarded; its place goes to the first waiter, whose open is refused

      ExecutionException failed = assertThrows(ExecutionException.class, () -> first.get(20, TimeUnit.SECONDS));
      assertInstanceOf(ConnectionException.class, failed.getCause());
      try (TableSession s = second.get(20, TimeUnit.SECONDS)) {
        assertEquals(BIG_ROWS, count(s, "big"));
      }
      PoolStats stats = pool.stats();
      assertEquals(0, stats.waiting(), stats.toString());
      assertEquals(1, stats.idle(), stats.toString());
      assertEquals(2, stats.opened(), "the first connection and the second waiter's: " + stats);
    }
  }

  private static Thread startThread(String name, Runnable body) {
    Thread t = new Thread(body, "pool-it-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static <T> void awaitEquals(T expected, Supplier<T> actual, String what) {
    Eventually.assertEventuallyEquals(expected, actual, what, SETTLE);
  }

  private static void awaitEquals(int expected, IntSupplier actual, String what) {
    awaitEquals((Integer) expected, (Supplier<Integer>) actual::getAsInt, what);
  }
}
