package io.irflow.webex;

import java.time.Duration;

/**
 * How the Webex client retries: 429 waits for Retry-After (missing: {@code defaultRetryAfter}, zero: one second,
 * capped at {@code maxWait}); 5xx and transport errors back off exponentially from {@code baseBackoff} with jitter,
 * except that a POST is retried only on 429 or a connection that failed before sending (WebexClient says why).
 * All are bounded by {@code maxRetries}.
 */
public record RetryPolicy(int maxRetries, Duration baseBackoff, Duration defaultRetryAfter, Duration maxWait,
                          Duration connectTimeout, Duration readTimeout) {

    /** Production defaults (the Python SDK's 15 s for a missing Retry-After). */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(15), Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofSeconds(20));
    }
}
