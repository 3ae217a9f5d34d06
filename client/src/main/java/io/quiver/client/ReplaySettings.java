package io.quiver.client;

import java.time.Duration;

/**
 * The replay window: acknowledged inserts kept for {@code window} (zero: off), at most {@code
 * maxBytes} of them, and whether closing waits for them ({@code awaitOnClose}). See {@link
 * TableSessionConfig.Builder#replayWindow}, {@link TableSessionConfig.Builder#replayWindowBytes} and
 * {@link TableSessionConfig.Builder#awaitWindowOnClose}.
 */
public record ReplaySettings(Duration window, long maxBytes, boolean awaitOnClose) {
  /** True when the window is on. */
  public boolean enabled() {
    return !window.isZero();
  }
}
