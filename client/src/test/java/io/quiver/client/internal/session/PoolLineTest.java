package io.quiver.client.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.PoolExhaustedException;
import io.quiver.client.QuiverInterruptedException;
import io.quiver.client.SessionClosedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PoolLine} with fake links and clock: places up to the size, then exhaustion (counted,
 * retryable); the most recently returned bundle first; a bundle given back goes to the longest
 * waiter; a closed bundle frees its place; closing hands back the free bundles and wakes waiters;
 * a bundle returned after the close is for the caller to close.
 */
class PoolLineTest {
  private final FakeClock clock = new FakeClock();
  private final FakeNetwork net = new FakeNetwork(clock, 0);
  /**
   * A thread per waiter: the common pool has one worker on a 2-core machine, where a first
   * blocked waiter kept the second from ever starting (seen on JDK 25).
   */
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "pool-line-waiter");
    t.setDaemon(true);
    return t;
  });

  @AfterEach
  void stopWaiters() {
    threads.shutdownNow();
  }

  private Links bundle() {
    return Links.open(new Connector(List.of("127.0.0.1:6667"), net), null);
  }

  @Test
  void placesUpToTheSizeThenAFullLineWithoutWaitIsExhaustedRetryably() {
    PoolLine line = new PoolLine("pool", 2, Duration.ZERO, clock);
    assertSame(PoolLine.Grant.NEW, line.acquire());
    assertSame(PoolLine.Grant.NEW, line.acquire());
    PoolExhaustedException e = assertThrows(PoolExhaustedException.class, line::acquire);
    assertTrue(e.isRetryable());
    assertTrue(e.getMessage().contains("2 of 2 sessions (maxPoolSize) are in use"), e.getMessage());
    assertEquals(1, line.stats().exhausted());
    assertEquals(2, line.stats().inUse());
  }

  @Test
  void theMostRecentlyReturnedBundleIsHandedOutFirstWithItsIdleTime() {
    PoolLine line = new PoolLine("pool", 2, Duration.ZERO, clock);
    line.acquire();
    line.acquire();
    Links older = bundle();
    Links newer = bundle();
    assertNull(line.giveBack(older, true));
    clock.advanceMillis(5);
    assertNull(line.giveBack(newer, true));
    PoolLine.Grant g = line.acquire();
    assertSame(newer, g.bundle());
    assertEquals(clock.nanoTime(), g.idleSince());
    assertSame(older, line.acquire().bundle());
  }

  @Test
  void aClosedBundleFreesItsPlaceAndCountsAsDiscarded() {
    PoolLine line = new PoolLine("pool", 1, Duration.ZERO, clock);
    line.acquire();
    assertNull(line.giveBack(null, true));
    assertEquals(1, line.stats().discarded());
    assertSame(PoolLine.Grant.NEW, line.acquire(), "the place is free again");
    line.releasePlace();
    assertEquals(0, line.stats().inUse());
  }

  @Test
  void aBundleGivenBackGoesToTheLongestWaiter() throws Exception {
    PoolLine line = new PoolLine("pool", 1, Duration.ofMinutes(1), clock);
    line.acquire();
    CompletableFuture<PoolLine.Grant> first = CompletableFuture.supplyAsync(line::acquire, threads);
    awaitCondition(() -> line.stats().waiting() == 1);
    CompletableFuture<PoolLine.Grant> second = CompletableFuture.supplyAsync(line::acquire, threads);
    awaitCondition(() -> line.stats().waiting() == 2);
    Links b = bundle();
    line.giveBack(b, true);
    assertSame(b, first.get(30, TimeUnit.SECONDS).bundle());
    line.giveBack(null, true);
    assertSame(PoolLine.Grant.NEW, second.get(30, TimeUnit.SECONDS), "a freed place goes to the next");
  }

  @Test
  void closingHandsBackTheFreeBundlesAndWakesTheWaiters() throws Exception {
    PoolLine line = new PoolLine("pool", 2, Duration.ofMinutes(1), clock);
    line.acquire();
    line.acquire();
    Links free = bundle();
    line.giveBack(free, true);
    line.acquire();
    line.giveBack(free, true);
    CompletableFuture<PoolLine.Grant> waiter = CompletableFuture.supplyAsync(() -> {
      line.acquire();
      return line.acquire();
    }, threads);
    awaitCondition(() -> line.stats().waiting() == 1);
    assertEquals(List.of(), line.close(), "the free bundle went to the waiter");
    Exception e = assertThrows(Exception.class, () -> waiter.get(30, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof SessionClosedException, String.valueOf(e.getCause()));
    assertNull(line.close(), "closed already");
    assertThrows(SessionClosedException.class, line::acquire);
    Links late = bundle();
    assertSame(late, line.giveBack(late, false), "returned after the close: the caller closes it");
  }

  @Test
  void anInterruptedWaiterKeepsItsInterruptAndThrowsTyped() {
    PoolLine line = new PoolLine("pool", 1, Duration.ofMinutes(1), clock);
    line.acquire();
    Thread.currentThread().interrupt();
    try {
      assertThrows(QuiverInterruptedException.class, line::acquire);
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
    assertEquals(0, line.stats().waiting());
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
