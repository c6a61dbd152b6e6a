package io.irflow.adapters.virustotal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A thread-safe sliding-window limiter: at most {@code permits} calls in any {@code window}; it never waits.
 */
public final class QuotaLimiter {
    private final int permits;
    private final Duration window;
    private final Clock clock;
    private final Deque<Instant> granted = new ArrayDeque<>();

    public QuotaLimiter(int permits, Duration window, Clock clock) {
        if (permits <= 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("permits and window must be positive");
        }
        this.permits = permits;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Takes a slot if one is free.
     *
     * @return {@link Duration#ZERO} when a slot was taken, otherwise how long until the oldest slot frees
     */
    public synchronized Duration tryAcquire() {
        Instant now = clock.instant();
        while (!granted.isEmpty() && !granted.peekFirst().plus(window).isAfter(now)) {
            granted.removeFirst();
        }
        if (granted.size() < permits) {
            granted.addLast(now);
            return Duration.ZERO;
        }
        return Duration.between(now, granted.peekFirst().plus(window));
    }
}
