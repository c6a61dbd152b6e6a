package io.irflow.app;

import io.irflow.store.Database;
import io.irflow.webex.WebexClient;
import io.irflow.webex.WebexException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /readyz}: is the Webex token still valid and the database reachable (checked at most every 30 s), and in
 * websocket mode, is the event socket connected (checked on every call: it is in memory)?
 */
public final class Readiness {
    private static final Duration RECHECK = Duration.ofSeconds(30);

    private final WebexClient webex;
    private final Database database;
    private final Clock clock;
    private Instant checkedAt = Instant.EPOCH;
    private Map<String, String> last = Map.of();
    private boolean ready;

    private final java.util.function.Supplier<String> socket;

    public Readiness(WebexClient webex, Database database, Clock clock) {
        this(webex, database, clock, null);
    }

    /** @param socket the event socket's state, "ok" when connected (null in webhook mode) */
    public Readiness(WebexClient webex, Database database, Clock clock, java.util.function.Supplier<String> socket) {
        this.socket = socket;
        this.webex = webex;
        this.database = database;
        this.clock = clock;
    }

    /** The current state of each dependency; "ok" or the reason. */
    public synchronized Map<String, String> check() {
        Map<String, String> state = new LinkedHashMap<>(cached());
        if (socket != null) {
            state.put("webex_socket", socket.get());
        }
        ready = state.values().stream().allMatch("ok"::equals);
        return state;
    }

    private Map<String, String> cached() {
        Instant now = clock.instant();
        if (Duration.between(checkedAt, now).compareTo(RECHECK) < 0) {
            return last;
        }
        Map<String, String> state = new LinkedHashMap<>();
        try {
            webex.me();
            state.put("webex", "ok");
        } catch (WebexException e) {
            state.put("webex", e.status() == 401 ? "token refused (401)" : "unreachable (" + e.status() + ")");
        }
        state.put("database", database.reachable() ? "ok" : "unreachable");
        last = state;
        checkedAt = now;
        return state;
    }

    /** Whether the last check passed (runs one if due). */
    public synchronized boolean ready() {
        check();
        return ready;
    }
}
