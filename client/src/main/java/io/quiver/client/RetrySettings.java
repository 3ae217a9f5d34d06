package io.quiver.client;

import java.time.Duration;

/**
 * When a failed insert or query is tried again: at most {@code maxRetry} more times, waiting
 * {@code interval} and doubling up to 5 s, while {@code budget} (since the first try) lasts. See
 * {@link TableSessionConfig.Builder#maxRetry}, {@link TableSessionConfig.Builder#retryInterval} and
 * {@link TableSessionConfig.Builder#retryBudget}.
 */
public record RetrySettings(int maxRetry, Duration interval, Duration budget) {
}
