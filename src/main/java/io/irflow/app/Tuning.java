package io.irflow.app;

import io.irflow.webex.RetryPolicy;
import io.irflow.webex.socket.WebexSocket;

import java.time.Duration;

/**
 * Knobs that are not part of the config contract: worker pool size, queue bound, dedupe window, Webex retries
 * and the event socket's timings.
 * Tests shorten the retry waits; production uses {@link #defaults()}.
 */
public record Tuning(int workers, int queueCapacity, Duration dedupeWindow, RetryPolicy webexRetry,
                     WebexSocket.Settings socket) {

    /** Production values: 16 workers (they mostly wait on HTTP), 10,000 queued deliveries, 24 h dedupe. */
    public static Tuning defaults() {
        return new Tuning(16, 10_000, Duration.ofHours(24), RetryPolicy.defaults(), WebexSocket.Settings.defaults());
    }

    public Tuning withSocket(WebexSocket.Settings socket) {
        return new Tuning(workers, queueCapacity, dedupeWindow, webexRetry, socket);
    }
}
