package io.irflow.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Enrichment;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;

/**
 * A Caffeine cache in front of one read-only enrichment: findings are kept for {@code ttl}, "nothing known" for
 * {@code negativeTtl}, errors never. Concurrent lookups of the same observable share one product call.
 */
public final class CachingEnrichment implements Enrichment {
    private final Enrichment delegate;
    private final Cache<Observable, Entry> cache;
    private final Clock clock;

    /** A cached finding and when it was fetched. */
    public record Entry(Finding finding, Instant fetchedAt) {
    }

    /** A lookup's answer: the finding, and whether it came from the cache. */
    public record Lookup(Finding finding, Instant cachedAt) {
    }

    public CachingEnrichment(Enrichment delegate, CacheSettings settings, Ticker ticker, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(settings.maxSize())
                .ticker(ticker)
                .expireAfter(new Expiry<Observable, Entry>() {
                    @Override
                    public long expireAfterCreate(Observable key, Entry value, long currentTime) {
                        return (value.finding().known() ? settings.ttl() : settings.negativeTtl()).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(Observable key, Entry value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(Observable key, Entry value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .recordStats()
                .build();
    }

    @Override
    public String source() {
        return delegate.source();
    }

    @Override
    public boolean supports(ObservableType type) {
        return delegate.supports(type);
    }

    @Override
    public Finding enrich(Observable observable) throws AdapterException {
        return lookup(observable, false).finding();
    }

    /**
     * Looks up through the cache; {@code fresh} skips it and stores the new answer.
     *
     * @throws AdapterException the product's failure (never cached)
     */
    public Lookup lookup(Observable observable, boolean fresh) throws AdapterException {
        if (fresh) {
            Entry e = new Entry(delegate.enrich(observable), clock.instant());
            cache.put(observable, e);
            return new Lookup(e.finding(), null);
        }
        boolean[] loaded = {false};
        try {
            Entry e = cache.get(observable, key -> {
                loaded[0] = true;
                try {
                    return new Entry(delegate.enrich(key), clock.instant());
                } catch (AdapterException ex) {
                    throw new CompletionException(ex);
                }
            });
            return new Lookup(e.finding(), loaded[0] ? null : e.fetchedAt());
        } catch (CompletionException ex) {
            if (ex.getCause() instanceof AdapterException ae) {
                throw ae;
            }
            throw ex;
        }
    }

    /**
     * Drops every cached answer about any of these identifiers (normalised: trimmed, lower case): those looked up by
     * one of them, and those whose hosts name one (a hash's answer listing the computers it was seen on), so the next
     * lookup asks the product again. Used when irflow contains or releases a host.
     *
     * @return how many answers were dropped
     */
    public int forget(java.util.Set<String> identifiers) {
        int before = cache.asMap().size();
        cache.asMap().entrySet().removeIf(e -> identifiers.contains(normal(e.getKey().value()))
                || e.getValue().finding().hosts().stream().anyMatch(h -> names(h, identifiers)));
        return Math.max(0, before - cache.asMap().size());
    }

    private static boolean names(io.irflow.capabilities.HostDetails h, java.util.Set<String> identifiers) {
        return h.hostname() != null && identifiers.contains(normal(h.hostname()))
                || h.ips().stream().anyMatch(ip -> identifiers.contains(normal(ip)))
                || h.macs().stream().anyMatch(mac -> identifiers.contains(normal(mac)))
                || h.id() != null && identifiers.contains(normal(h.id().value()));
    }

    private static String normal(String s) {
        return s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** Hit and miss counts since start. */
    public CacheStats stats() {
        return cache.stats();
    }

    /** Entries currently held. */
    public long size() {
        return cache.estimatedSize();
    }

    /** Time-to-live settings, for tests that step a ticker. */
    public record CacheSettings(Duration ttl, Duration negativeTtl, long maxSize) {
    }
}
