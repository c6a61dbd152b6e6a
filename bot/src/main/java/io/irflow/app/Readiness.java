package io.irflow.app;

import io.irflow.store.Database;
import io.irflow.webex.WebexClient;
import io.irflow.webex.WebexException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code /readyz}, answered from memory: a background job asks Webex ({@code GET /people/me}: is the token still
 * valid?) and the database ({@code SELECT 1}) every {@value #INTERVAL_SECONDS} s, and a request only reads the last
 * result, so a hanging Webex or database never holds an HTTP thread. When the job has not completed a round for
 * {@value #STALE_INTERVALS} intervals (it is stuck on a call that does not answer), the state is "stale" and irflow
 * is not ready. In websocket mode the event socket's state is read on every request (it is in memory).
 */
public final class Readiness {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    static final long INTERVAL_SECONDS = 10;
    static final int STALE_INTERVALS = 3;

    private final WebexClient webex;
    private final Database database;
    private final Clock clock;
    private final Supplier<String> socket;
    private final Duration interval;
    private volatile Snapshot last;

    /** One completed round of checks. */
    private record Snapshot(Map<String, String> state, Instant at) {
    }

    public Readiness(WebexClient webex, Database database, Clock clock) {
        this(webex, database, clock, null);
    }

    /** @param socket the event socket's state, "ok" when connected (null in webhook mode) */
    public Readiness(WebexClient webex, Database database, Clock clock, Supplier<String> socket) {
        this(webex, database, clock, socket, Duration.ofSeconds(INTERVAL_SECONDS));
    }

    Readiness(WebexClient webex, Database database, Clock clock, Supplier<String> socket, Duration interval) {
        this.webex = webex;
        this.database = database;
        this.clock = clock;
        this.socket = socket;
        this.interval = interval;
    }

    /** Runs one round now (blocking: at start-up and on the background thread only), then one every interval. */
    public void start(ScheduledExecutorService scheduler) {
        refresh();
        long ms = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::refresh, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Asks Webex and the database; blocks as long as they take. Never throws (a throw would end the schedule). */
    void refresh() {
        Map<String, String> state = new LinkedHashMap<>();
        try {
            webex.me();
            state.put("webex", "ok");
        } catch (WebexException e) {
            state.put("webex", e.status() == 401 ? "token refused (401)" : "unreachable (" + e.status() + ")");
        } catch (RuntimeException e) {
            state.put("webex", "unreachable");
        }
        try {
            state.put("database", database.reachable() ? "ok" : "unreachable");
        } catch (RuntimeException e) {
            state.put("database", "unreachable");
        }
        if (!state.values().stream().allMatch("ok"::equals)) {
            LOG.warn("not ready: {}", state);
        }
        last = new Snapshot(Map.copyOf(state), clock.instant());
    }

    /** The current state of each dependency, "ok" or the reason; never blocks. */
    public Map<String, String> check() {
        Map<String, String> state = new LinkedHashMap<>();
        Snapshot s = last;
        if (s == null) {
            state.put("checks", "not run yet");
        } else {
            state.put("webex", s.state().get("webex"));
            state.put("database", s.state().get("database"));
            if (Duration.between(s.at(), clock.instant()).compareTo(interval.multipliedBy(STALE_INTERVALS)) > 0) {
                state.put("checks", "stale: none completed since " + s.at().truncatedTo(ChronoUnit.SECONDS)
                        + " (Webex or the database does not answer)");
            }
        }
        if (socket != null) {
            state.put("webex_socket", socket.get());
        }
        return state;
    }

    /** Whether every dependency is "ok" as of the last completed round, and that round is recent. */
    public boolean ready() {
        return check().values().stream().allMatch("ok"::equals);
    }
}
