package io.irflow.webex.socket;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.irflow.json.Json;
import io.irflow.store.Jdbc;
import io.irflow.webex.webhook.SeenEvents;
import io.irflow.webex.webhook.WebhookEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The events taken in websocket mode, in the database: the primary key makes "first sight" atomic across threads (and
 * instances sharing PostgreSQL), unfinished rows survive a crash and are run again, and the newest event time is where
 * the REST catch-up starts after a restart.
 */
public final class HandledEventStore implements SeenEvents {
    private static final Logger LOG = LoggerFactory.getLogger(HandledEventStore.class);

    private final Jdbc db;
    private final Clock clock;

    public HandledEventStore(DataSource dataSource, Clock clock) {
        this.db = new Jdbc(dataSource);
        this.clock = clock;
    }

    @Override
    public boolean firstSight(WebhookEvent event) {
        try {
            db.update("INSERT INTO webex_event (event_key, event_json, created_at, taken_at) VALUES (?, ?, ?, ?)",
                    event.dedupeKey(), json(event), created(event), clock.instant());
            return true;
        } catch (Jdbc.StoreException e) {
            if (e.getCause() instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23")) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void forget(WebhookEvent event) {
        db.update("DELETE FROM webex_event WHERE event_key = ? AND done_at IS NULL", event.dedupeKey());
    }

    @Override
    public void done(WebhookEvent event) {
        db.update("UPDATE webex_event SET done_at = ? WHERE event_key = ?", clock.instant(), event.dedupeKey());
    }

    /** Whether a message with this id was taken already. */
    public boolean hasMessage(String messageId) {
        return !db.query("SELECT 1 FROM webex_event WHERE event_key = ?", rs -> 1,
                WebhookEvent.dedupeKey("messages", messageId)).isEmpty();
    }

    /** Events taken but never finished (irflow stopped while they ran), oldest first. */
    public List<WebhookEvent> unfinished() {
        return db.query("SELECT event_json FROM webex_event WHERE done_at IS NULL ORDER BY taken_at", rs -> rs.getString(1))
                .stream().map(HandledEventStore::parse).flatMap(Optional::stream).toList();
    }

    /** The Webex time of the newest event taken, if any: where a catch-up after a restart starts. */
    public Optional<Instant> newest() {
        return db.query("SELECT MAX(created_at) AS newest FROM webex_event", rs -> Jdbc.instant(rs, "newest"))
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** Drops rows older than the retention (catch-up never looks back that far). */
    public int purge(Duration retention) {
        return db.update("DELETE FROM webex_event WHERE taken_at < ? AND done_at IS NOT NULL", clock.instant().minus(retention));
    }

    private static Instant created(WebhookEvent event) {
        String created = event.data() == null ? null : event.data().created();
        if (created == null) {
            return null;
        }
        try {
            return Instant.parse(created);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String json(WebhookEvent event) {
        try {
            return Json.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.dedupeKey(), e);
        }
    }

    private static Optional<WebhookEvent> parse(String json) {
        try {
            return Optional.of(Json.mapper().readValue(json, WebhookEvent.class));
        } catch (JsonProcessingException e) {
            LOG.warn("skipping an unreadable stored Webex event: {}", e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
