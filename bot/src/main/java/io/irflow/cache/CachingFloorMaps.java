package io.irflow.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.FloorMaps;
import io.irflow.capabilities.Location;

import java.time.Duration;
import java.util.Optional;

/**
 * Floor plans kept for a while: a floor's plan changes when someone imports a new one, not between two
 * investigations, so each floor is asked once per {@code ttl}, and "this floor has no plan" is kept as long. Failures
 * (timeouts, refused credentials, unreachable) are not kept: the next investigation asks again.
 */
public final class CachingFloorMaps implements FloorMaps {
    /** How long a floor's plan (or its absence) is kept. */
    public static final Duration TTL = Duration.ofMinutes(15);
    /** How many floors are kept (a plan is at most {@code FloorMapPicture.MAX_SIDE} wide once drawn, but read raw). */
    public static final int SIZE = 32;

    private final FloorMaps delegate;
    private final Cache<Location.Floor, Optional<FloorPlan>> cache;

    public CachingFloorMaps(FloorMaps delegate, Ticker ticker) {
        this.delegate = delegate;
        this.cache = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(SIZE).ticker(ticker).build();
    }

    @Override
    public String source() {
        return delegate.source();
    }

    @Override
    public Optional<FloorPlan> plan(Location.Floor floor, Duration within) throws AdapterException {
        Optional<FloorPlan> kept = cache.getIfPresent(floor);
        if (kept != null) {
            return kept;
        }
        Optional<FloorPlan> plan = delegate.plan(floor, within);
        cache.put(floor, plan);
        return plan;
    }
}
