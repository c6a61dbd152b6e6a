package io.irflow.investigate;

import io.irflow.capabilities.Finding;

import java.time.Duration;
import java.time.Instant;

/**
 * One source's answer in an investigation.
 *
 * @param source     product name
 * @param status     how it ended
 * @param finding    what it found (FOUND or NOTHING_KNOWN), else null
 * @param detail     a short human reason for non-found statuses, e.g. "HTTP 503"
 * @param retryAfter for RATE_LIMITED: when the product may be asked again, else null
 * @param elapsed    how long the call took (zero for cache hits)
 * @param cachedAt   when the answer was fetched, if it came from the cache; else null
 */
public record SourceResult(String source, SourceStatus status, Finding finding, String detail, Duration retryAfter,
                           Duration elapsed, Instant cachedAt) {

    /** A source that is not configured. */
    public static SourceResult notConfigured(String source) {
        return new SourceResult(source, SourceStatus.NOT_CONFIGURED, null, "", null, Duration.ZERO, null);
    }

    /** A source that did not answer within its time. */
    public static SourceResult timedOut(String source, Duration after) {
        return new SourceResult(source, SourceStatus.TIMED_OUT, null, "no answer within " + after.toSeconds() + " s",
                null, after, null);
    }
}
