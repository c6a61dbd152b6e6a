package io.irflow.webex.socket;

import io.irflow.store.Jdbc;
import io.irflow.webex.webhook.WebhookEvent;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.Optional;

/**
 * What websocket mode reads from the intake's table ({@code webex_event}, written by
 * {@link io.irflow.webex.webhook.IntakeStore}): whether a message was taken already (the REST catch-up skips those),
 * and the newest event time (where the catch-up starts after a restart).
 */
public final class HandledEventStore {
    private final Jdbc db;

    public HandledEventStore(DataSource dataSource) {
        this.db = new Jdbc(dataSource);
    }

    /** Whether a message with this id was taken already. */
    public boolean hasMessage(String messageId) {
        return !db.query("SELECT 1 FROM webex_event WHERE event_key = ?", rs -> 1,
                WebhookEvent.dedupeKey("messages", messageId)).isEmpty();
    }

    /** The Webex time of the newest event taken, if any: where a catch-up after a restart starts. */
    public Optional<Instant> newest() {
        return db.query("SELECT MAX(created_at) AS newest FROM webex_event", rs -> Jdbc.instant(rs, "newest"))
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }
}
