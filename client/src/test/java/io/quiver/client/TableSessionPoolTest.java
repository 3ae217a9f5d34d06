package io.quiver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.session.FakeClock;
import io.quiver.client.internal.session.FakeNetwork;
import io.quiver.client.internal.session.SessionWiring;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@link TableSessionPool} over a fake network: bundles are reused, a broken idle bundle is
 * replaced unless its window holds inserts (then the next borrower replays them), exhaustion and
 * first-come-first-served waiting, and a closing pool wakes its waiters.
 */
class TableSessionPoolTest {
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private final FakeClock clock = new FakeClock();
  private final FakeNetwork net = new FakeNetwork(clock, 3_000);
  private static final Tablet ROWS = Tablet.builder("t").tag("dev").field("v", DataType.DOUBLE)
      .row(1L, "d1", 1.0).build();

  private TableSessionPool pool(int size, Duration wait) {
    TableSessionPoolConfig config = TableSessionPoolConfig.builder()
        .nodeUrls("127.0.0.1:6667", "127.0.0.1:6668").database("db1").maxPoolSize(size).waitTimeout(wait)
        .validateIdleAfter(Duration.ZERO).replayWindow(Duration.ofSeconds(3)).build();
    return new TableSessionPool(config, new SessionWiring(net, clock));
  }

  @Test
  void aReturnedSessionsBundleServesTheNextBorrower() {
    try (TableSessionPool pool = pool(2, Duration.ZERO)) {
      pool.getSession().close();
      try (TableSession s = pool.getSession()) {
        assertEquals("127.0.0.1:6667", s.endpoint());
      }
      assertEquals(1, net.opened.size());
      assertEquals(1, pool.stats().opened());
      assertEquals(2, pool.stats().borrowed());
    }
  }

  @Test
  void aUseIsUndoneWhenTheSessionComesBack() {
    try (TableSessionPool pool = pool(1, Duration.ZERO)) {
      try (TableSession s = pool.getSession()) {
        s.executeNonQueryStatement("USE \"db2\"");
        assertEquals("db2", s.database());
      }
      try (TableSession s = pool.getSession()) {
        assertEquals("db1", s.database());
      }
      assertEquals(List.of("execute 127.0.0.1:6667 USE \"db2\"", "execute 127.0.0.1:6667 USE \"db1\""),
          net.logged("execute"));
    }
  }

  @Test
  void aBrokenIdleBundleWithoutInsertsIsReplacedNeverHandedOut() {
    try (TableSessionPool pool = pool(1, Duration.ZERO)) {
      pool.getSession().close();
      net.down(A);
      try (TableSession s = pool.getSession()) {
        assertEquals("127.0.0.1:6668", s.endpoint());
      }
      assertEquals(1, pool.stats().discarded());
    }
  }

  @Test
  void aBrokenIdleBundleHoldingInsertsIsKeptAndTheNextBorrowerReplaysThemFirst() {
    TableSessionPool pool = pool(1, Duration.ZERO);
    try (TableSession s = pool.getSession()) {
      s.insert(ROWS);
    }
    net.down(A);
    try (TableSession s = pool.getSession()) {
      s.insert(ROWS);
      assertEquals("127.0.0.1:6668", s.endpoint());
    }
    List<String> tail = net.log.subList(net.log.indexOf("open 127.0.0.1:6668"), net.log.size());
    assertEquals("replay 127.0.0.1:6668 t 1", tail.get(1));
    assertEquals("insert 127.0.0.1:6668 t 1", tail.get(2));
    net.up(A);
    pool.close();
    assertEquals(List.of(3_000L), clock.sleeps, "closing waited for the window of the idle bundle");
  }

  @Test
  void aFullPoolWithoutWaitIsExhaustedRetryably() {
    try (TableSessionPool pool = pool(1, Duration.ZERO)) {
      TableSession held = pool.getSession();
      PoolExhaustedException e = assertThrows(PoolExhaustedException.class, pool::getSession);
      assertTrue(e.isRetryable());
      assertTrue(e.getMessage().contains("maxPoolSize"), e.getMessage());
      assertEquals(1, pool.stats().exhausted());
      held.close();
    }
  }

  @Test
  void waitersAreServedFirstComeFirstServed() throws Exception {
    try (TableSessionPool pool = pool(1, Duration.ofMinutes(1))) {
      TableSession held = pool.getSession();
      List<String> order = new CopyOnWriteArrayList<>();
      Thread first = borrower(pool, "first", order);
      first.start();
      awaitCondition(() -> pool.stats().waiting() == 1);
      Thread second = borrower(pool, "second", order);
      second.start();
      awaitCondition(() -> pool.stats().waiting() == 2);
      held.close();
      first.join(TimeUnit.SECONDS.toMillis(30));
      second.join(TimeUnit.SECONDS.toMillis(30));
      assertEquals(List.of("first", "second"), order);
      assertEquals(1, net.opened.size());
    }
  }

  @Test
  void closingThePoolWakesItsWaitersWithSessionClosed() throws Exception {
    TableSessionPool pool = pool(1, Duration.ofMinutes(1));
    TableSession held = pool.getSession();
    List<String> order = new CopyOnWriteArrayList<>();
    Thread waiter = borrower(pool, "waiter", order);
    waiter.start();
    awaitCondition(() -> pool.stats().waiting() == 1);
    pool.close();
    waiter.join(TimeUnit.SECONDS.toMillis(30));
    assertEquals(List.of("waiter: SessionClosedException"), order);
    held.close();
    assertThrows(SessionClosedException.class, pool::getSession);
  }

  private static Thread borrower(TableSessionPool pool, String name, List<String> order) {
    return new Thread(() -> {
      try (TableSession s = pool.getSession()) {
        order.add(name);
      } catch (QuiverException e) {
        order.add(name + ": " + e.getClass().getSimpleName());
      }
    }, name);
  }

  /** Polls until the condition holds, for at most 30 s. */
  private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "condition not reached within 30 s");
      Thread.sleep(1);
    }
  }
}
