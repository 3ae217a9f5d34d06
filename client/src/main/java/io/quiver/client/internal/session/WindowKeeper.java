package io.quiver.client.internal.session;

import io.quiver.client.ConnectionException;
import io.quiver.client.QuiverException;
import io.quiver.client.internal.ReplayWindow;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Window keeping: waits until the inserts in a bundle's replay windows are provably durable
 * (their newest insert older than the window, then one answered round trip), confirms or absorbs
 * the windows of redirect links, and decides what a close does with a window that cannot be
 * confirmed. Time comes from the {@link Clock}; round trips go through the {@link Retrier}.
 */
public final class WindowKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(WindowKeeper.class);

  private final Links links;
  private final Retrier retrier;
  private final Clock clock;
  private final boolean awaitOnClose;
  private final long windowMillis;

  /**
   * @param awaitOnClose the {@code awaitWindowOnClose} setting
   * @param windowMillis the {@code replayWindow} setting, for messages
   */
  public WindowKeeper(Links links, Retrier retrier, Clock clock, boolean awaitOnClose, long windowMillis) {
    this.links = links;
    this.retrier = retrier;
    this.clock = clock;
    this.awaitOnClose = awaitOnClose;
    this.windowMillis = windowMillis;
  }

  /**
   * Waits until every insert acknowledged so far has left the windows (redirect links first; see
   * {@code TableSession#awaitReplayWindow}). {@code live} gives the home link, reconnected and
   * replayed when needed.
   *
   * @throws ConnectionException if the server stays unreachable for the retry settings, or the
   *     window still holds frames after {@code maxRetry + 2} rounds
   */
  public void await(Supplier<Link> live) {
    confirmRedirects(false);
    awaitHome(live);
  }

  private void awaitHome(Supplier<Link> live) {
    int rounds = retrier.policy().maxRetry() + 2;
    for (int round = 0; round < rounds; round++) {
      Link home = links.home();
      ReplayWindow w = home.window();
      if (w == null || w.frames() == 0) {
        return;
      }
      if (!home.needsReplay() && !home.isBroken()) {
        long due = w.newestAckNanos() + w.windowNanos() - clock.nanoTime();
        if (due > 0) {
          clock.sleep(Clock.millisCeil(due), "for the replay window");
        }
      }
      retrier.run("confirm the replay window", live, link -> {
        link.ping();
        return null;
      });
    }
    Link home = links.home();
    ReplayWindow w = home.window();
    if (w != null && w.frames() > 0) {
      throw new ConnectionException(home.endpoint().toString(), "the replay window still holds " + w.frames()
          + " acknowledged insert requests (" + w.rows() + " rows) after " + rounds + " rounds of waiting: the"
          + " connection kept failing and each reconnect replayed them again", null);
    }
  }

  /**
   * Confirms the windows of the redirect links, and closes them when {@code closing}. Those whose
   * windows hold acknowledged inserts are waited for together (unless closing without {@code
   * awaitWindowOnClose}): until their newest insert is past the window, then one round trip each.
   * A window that could not be confirmed so is absorbed by the home link (its redirect link
   * closed), which replays it while the home window is awaited.
   */
  void confirmRedirects(boolean closing) {
    List<Link> redirects = links.redirects();
    if (redirects.isEmpty()) {
      return;
    }
    boolean await = !closing || awaitOnClose;
    if (await) {
      long now = clock.nanoTime();
      long due = 0;
      for (Link rc : redirects) {
        ReplayWindow w = rc.window();
        if (rc.holdsFrames() && !rc.isBroken()) {
          due = Math.max(due, w.newestAckNanos() + w.windowNanos() - now);
        }
      }
      if (due > 0) {
        clock.sleep(Clock.millisCeil(due), "for the replay windows of the redirect connections");
      }
    }
    for (Link rc : redirects) {
      if (rc.holdsFrames()) {
        if (!await) {
          LOG.debug("closing the redirect connection to {} with {} acknowledged inserts in its replay window"
              + " (awaitWindowOnClose is false)", rc.endpoint(), rc.window().frames());
        } else {
          if (!rc.isBroken()) {
            try {
              rc.ping();
            } catch (QuiverException e) {
              LOG.debug("the redirect connection to {} failed its round trip: {}", rc.endpoint(), e.getMessage());
            }
          }
          if (rc.holdsFrames()) {
            links.home().absorbWindow(rc.detachWindow(), rc.endpoint());
            links.removeRedirect(rc);
            rc.close();
            continue;
          }
        }
      }
      if (closing) {
        links.removeRedirect(rc);
        rc.close();
      }
    }
  }

  /**
   * Before the bundle closes: waits for the windows when {@code awaitWindowOnClose}; returns (not
   * throws) a failure, so that the caller closes the links anyway.
   */
  public RuntimeException awaitBeforeClosing(Supplier<Link> live) {
    confirmRedirects(true);
    Link home = links.home();
    if (!home.holdsFrames()) {
      return null;
    }
    ReplayWindow w = home.window();
    if (!awaitOnClose) {
      LOG.debug("closing with {} acknowledged inserts ({} rows) still in the replay window (awaitWindowOnClose is"
          + " false)", w.frames(), w.rows());
      return null;
    }
    long t0 = clock.nanoTime();
    try {
      awaitHome(live);
      LOG.debug("waited {} ms for the replay window before closing", (clock.nanoTime() - t0) / 1_000_000);
      return null;
    } catch (QuiverException e) {
      ReplayWindow left = links.home().window();
      String held = left == null ? "" : left.frames() + " acknowledged insert requests (" + left.rows() + " rows) ";
      // The server did not answer: a connection failure, reported (not retryable: the session is
      // closing) with what could not be confirmed.
      ConnectionException failure = new ConnectionException(links.home().endpoint().toString(), "closing the session:"
          + " the " + held + "in its replay window could not be confirmed as durable because the server did not"
          + " answer (" + e.getMessage() + "); if IoTDB at " + links.home().endpoint() + " crashed, re-send the rows"
          + " acknowledged in the last " + windowMillis + " ms before this failure", false, e);
      LOG.warn(failure.getMessage());
      return failure;
    }
  }

  /**
   * Waits for the windows as a close does, then closes the bundle, whatever happened (a pool
   * closing a bundle it holds, with no session around it).
   *
   * @throws ConnectionException (not retryable) after closing, if a window could not be confirmed
   */
  public void awaitAndClose() {
    RuntimeException failure = awaitBeforeClosing(() -> links.live(() -> { }));
    links.close();
    if (failure != null) {
      throw failure;
    }
  }
}
