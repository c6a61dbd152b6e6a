package io.irflow.adapters.amp;

import io.irflow.adapters.RetryAfter;
import kong.unirest.core.Headers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The per-credential hourly quota as AMP last reported it (docs/reference/amp.md#rate-limits), so an exhausted quota
 * fails fast until the reset instead of spending more 429s. Reads both header spellings, case-insensitively.
 */
final class AmpRateLimit {
    private static final String[] REMAINING = {"x-ratelimit-remaining", "x-rate-limit-remaining"};
    private static final String[] RESET = {"x-ratelimit-reset", "x-rate-limit-reset"};

    private final Clock clock;
    private final AtomicReference<Instant> blockedUntil = new AtomicReference<>();

    AmpRateLimit(Clock clock) {
        this.clock = clock;
    }

    /** How long to wait before the next call, or null when calls may go ahead. */
    Duration waitBeforeCall() {
        Instant until = blockedUntil.get();
        if (until == null) {
            return null;
        }
        Duration left = Duration.between(clock.instant(), until);
        if (left.isNegative() || left.isZero()) {
            blockedUntil.compareAndSet(until, null);
            return null;
        }
        return left;
    }

    /** Records the quota headers of any response; a zero remaining count blocks calls until the reset. */
    void observe(Headers headers) {
        Long remaining = number(first(headers, REMAINING));
        Duration reset = resetAfter(headers);
        if (remaining != null && remaining <= 0 && reset != null) {
            blockedUntil.set(clock.instant().plus(reset));
        } else if (remaining != null && remaining > 0) {
            blockedUntil.set(null);
        }
    }

    /** The wait a 429 asks for: Retry-After when present, else the seconds until the quota window resets. */
    Duration retryAfter(Headers headers) {
        Duration retry = RetryAfter.parse(headers.getFirst("Retry-After"));
        return retry != null ? retry : resetAfter(headers);
    }

    /** Blocks calls for the given wait (after a 429). */
    void blockFor(Duration wait) {
        if (wait != null && !wait.isZero()) {
            blockedUntil.set(clock.instant().plus(wait));
        }
    }

    private static Duration resetAfter(Headers headers) {
        Long seconds = number(first(headers, RESET));
        return seconds == null ? null : Duration.ofSeconds(Math.max(0, seconds));
    }

    private static String first(Headers headers, String[] names) {
        for (String name : names) {
            String value = headers.getFirst(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static Long number(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
