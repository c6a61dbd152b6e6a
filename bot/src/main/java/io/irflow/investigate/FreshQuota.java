package io.irflow.investigate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * How many observables one person may look up with {@code --fresh} (bypassing the cache) in any rolling hour. Each
 * fresh observable costs the products real API calls (AMP up to about a dozen: computers, activity pages, events)
 * against quotas they share with the alert poller and containment (AMP: 3000 requests per hour per credential), so
 * this limit, not good will, is what keeps one person from spending the hour's quota. Over the limit the
 * investigation still runs, from the cache.
 */
public final class FreshQuota {
    private static final Duration WINDOW = Duration.ofHours(1);

    private final int perHour;
    private final Clock clock;
    private final Map<String, Deque<Instant>> uses = new HashMap<>();

    /** @param perHour fresh observables per person per rolling hour (0: {@code --fresh} is off) */
    public FreshQuota(int perHour, Clock clock) {
        this.perHour = perHour;
        this.clock = clock;
    }

    /**
     * The answer to one request.
     *
     * @param allowed  whether the lookups may bypass the cache (and were counted)
     * @param used     fresh observables the person already had in the last hour, before this request
     * @param limit    the hourly limit
     * @param nextAt   when enough earlier uses will have aged out for this request to pass, or null when it never can
     */
    public record Decision(boolean allowed, int used, int limit, Instant nextAt) {
    }

    /** Counts {@code observables} fresh lookups for a person if they fit in the rolling hour. */
    public synchronized Decision take(String person, int observables) {
        Instant now = clock.instant();
        Deque<Instant> mine = uses.computeIfAbsent(person, p -> new ArrayDeque<>());
        while (!mine.isEmpty() && !mine.peekFirst().plus(WINDOW).isAfter(now)) {
            mine.pollFirst();
        }
        // Forget people with nothing in the window, so the map holds only the last hour's users.
        uses.values().removeIf(d -> d.isEmpty() || !d.peekLast().plus(WINDOW).isAfter(now));
        int used = mine.size();
        if (used + observables <= perHour) {
            for (int i = 0; i < observables; i++) {
                mine.addLast(now);
            }
            uses.put(person, mine);
            return new Decision(true, used, perHour, null);
        }
        if (observables > perHour) {
            return new Decision(false, used, perHour, null);
        }
        // The request fits once the oldest (used + observables - perHour) uses have left the window.
        Instant freed = mine.stream().skip(used + observables - perHour - 1L).findFirst().orElse(now);
        return new Decision(false, used, perHour, freed.plus(WINDOW));
    }
}
