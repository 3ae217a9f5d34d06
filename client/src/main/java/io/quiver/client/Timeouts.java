package io.quiver.client;

import java.time.Duration;

/**
 * How long a session waits: {@code connect} for connecting to one node (TCP, TLS handshake, each
 * answer while the session opens), {@code read} for each later answer (statements and fetches: at
 * least their own time limit + 10 s). Zero means no limit. See {@link
 * TableSessionConfig.Builder#connectTimeout} and {@link TableSessionConfig.Builder#readTimeout}.
 */
public record Timeouts(Duration connect, Duration read) {
}
