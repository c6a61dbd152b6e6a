package io.irflow.webex.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;

/** The events seen within a window, in memory: enough for webhook redeliveries, which come within minutes. */
public final class RecentEvents implements SeenEvents {
    private final Cache<String, Boolean> seen;

    public RecentEvents(Duration window) {
        this.seen = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(500_000).build();
    }

    @Override
    public boolean firstSight(WebhookEvent event) {
        return seen.asMap().putIfAbsent(event.dedupeKey(), Boolean.TRUE) == null;
    }

    @Override
    public void forget(WebhookEvent event) {
        seen.invalidate(event.dedupeKey());
    }
}
