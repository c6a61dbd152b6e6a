package io.irflow.app;

import io.irflow.chat.AccessStore;
import io.irflow.store.Database;
import io.irflow.store.Jdbc;
import io.irflow.testing.MutableClock;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hourly purge deletes old finished bookkeeping and nothing that exactly-once or an undo still needs. */
class RetentionTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(90);
    private static final Duration ALERT_FLOOR = Duration.ofMinutes(70);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void purges_what_is_old_and_finished_and_keeps_what_is_still_needed(String kind) {
        try (Database db = TestDatabases.open(TestDatabases.freshUrl(kind, dir))) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            Instant old = T0;
            Instant recent = T0.plus(Duration.ofDays(89));

            action(jdbc, "done-old", "DONE", "aa:aa:aa:aa:aa:01", old);
            action(jdbc, "failed-old", "FAILED", "aa:aa:aa:aa:aa:02", old);
            action(jdbc, "cancelled-old", "CANCELLED", "aa:aa:aa:aa:aa:03", old);
            action(jdbc, "offered-old", "OFFERED", "aa:aa:aa:aa:aa:04", old);
            action(jdbc, "approval-old", "AWAITING_APPROVAL", "aa:aa:aa:aa:aa:05", old);
            action(jdbc, "executing-old", "EXECUTING", "aa:aa:aa:aa:aa:06", old);
            action(jdbc, "intent-old", "INTENT", "aa:aa:aa:aa:aa:07", old);
            action(jdbc, "done-still-contained", "DONE", "aa:aa:aa:aa:aa:08", old);
            action(jdbc, "done-recent", "DONE", "aa:aa:aa:aa:aa:09", recent);
            jdbc.update("INSERT INTO contained (kind, target, target_label, product, since, contained_by, room_id) "
                    + "VALUES ('QUARANTINE', 'aa:aa:aa:aa:aa:08', 'WKS-8', 'ISE', ?, 'alice@example.com', 'room')", old);

            seen(jdbc, "evt-old", old);
            seen(jdbc, "evt-recent", recent);
            long sentOld = post(jdbc, "g-old", "SENT", old);
            long pendingOld = post(jdbc, "g-pending", "PENDING", old);
            long failedOld = post(jdbc, null, "FAILED", old);
            long rootOfLiveGroup = post(jdbc, "g-live", "SENT", old);
            long sentRecent = post(jdbc, "g-live", "SENT", recent);
            group(jdbc, "g-old", sentOld, old);
            group(jdbc, "g-pending", pendingOld, old);
            group(jdbc, "g-live", rootOfLiveGroup, recent);

            ticket(jdbc, "SENT", old);
            ticket(jdbc, "PENDING", old);
            ticket(jdbc, "SENT", recent);
            event(jdbc, "messages:old-done", old, true);
            event(jdbc, "messages:old-unfinished", old, false);
            event(jdbc, "messages:recent-done", recent, true);
            seed(jdbc, "seed-old", old);
            seed(jdbc, "seed-recent", recent);
            AccessStore access = new AccessStore(db.dataSource());
            access.refusal("outsider-old", old, Duration.ofHours(1));
            access.refusal("outsider-recent", recent, Duration.ofHours(1));
            access.log(new AccessStore.Entry(old, "p-old", "old@outside.example", "room", "/investigate", "analyst",
                    "refused"));
            access.log(new AccessStore.Entry(recent, "p-recent", "new@outside.example", "room", "/investigate",
                    "analyst", "refused"));
            access.firstNotice("group-room-old", old);

            clock.advance(Duration.ofDays(92));
            Retention retention = new Retention(db.dataSource(), RETENTION, ALERT_FLOOR, clock);
            Retention.Purged purged = retention.purge();

            assertThat(purged).isEqualTo(new Retention.Purged(5, 1, 1, 1, 1, 1, 1, 1, 1));
            assertThat(strings(jdbc, "SELECT ref FROM pending_action ORDER BY ref")).containsExactly("done-recent",
                    "done-still-contained", "executing-old", "intent-old");
            assertThat(strings(jdbc, "SELECT alert_id FROM alert_seen")).containsExactly("evt-recent");
            assertThat(strings(jdbc, "SELECT group_key FROM alert_group ORDER BY group_key")).containsExactly("g-live",
                    "g-pending");
            assertThat(strings(jdbc, "SELECT CAST(id AS VARCHAR(20)) FROM outbox ORDER BY id")).containsExactly(
                    String.valueOf(pendingOld), String.valueOf(failedOld), String.valueOf(rootOfLiveGroup),
                    String.valueOf(sentRecent));
            assertThat(strings(jdbc, "SELECT state FROM ticket_outbox ORDER BY id")).containsExactly("PENDING", "SENT");
            assertThat(strings(jdbc, "SELECT event_key FROM webex_event ORDER BY event_key")).containsExactly(
                    "messages:old-unfinished", "messages:recent-done");
            assertThat(strings(jdbc, "SELECT ref FROM incident_seed")).containsExactly("seed-recent");
            assertThat(strings(jdbc, "SELECT person_key FROM access_refusal")).containsExactly("outsider-recent");
            assertThat(strings(jdbc, "SELECT person_id FROM access_log")).containsExactly("p-recent");
            assertThat(strings(jdbc, "SELECT room_id FROM room_notice")).as("a room is told once, for ever")
                    .containsExactly("group-room-old");

            assertThat(retention.purge()).as("a second run finds nothing more")
                    .isEqualTo(new Retention.Purged(0, 0, 0, 0, 0, 0, 0, 0, 0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void alert_dedupe_keys_outlive_a_short_retention_by_the_alert_lookback_and_window(String kind) {
        try (Database db = TestDatabases.open(TestDatabases.freshUrl(kind, dir))) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            seen(jdbc, "evt-2d", T0);
            seed(jdbc, "seed-2d", T0);
            clock.advance(Duration.ofDays(2));

            Retention shortRetention = new Retention(db.dataSource(), Duration.ofDays(1), Duration.ofDays(3), clock);
            Retention.Purged purged = shortRetention.purge();

            assertThat(purged.incidentSeeds()).isEqualTo(1);
            assertThat(purged.seenAlerts()).isZero();
            assertThat(strings(jdbc, "SELECT alert_id FROM alert_seen")).containsExactly("evt-2d");
            clock.advance(Duration.ofDays(1).plusSeconds(1));
            assertThat(shortRetention.purge().seenAlerts()).isEqualTo(1);
        }
    }

    private static List<String> strings(Jdbc jdbc, String sql) {
        return jdbc.query(sql, rs -> rs.getString(1));
    }

    private static void action(Jdbc jdbc, String ref, String state, String target, Instant at) {
        boolean decided = !state.equals("OFFERED");
        jdbc.update("INSERT INTO pending_action (ref, kind, is_undo, product, target, target_label, room_id, "
                        + "requested_by, created_at, expires_at, state, confirmed_by, decided_at) "
                        + "VALUES (?, 'QUARANTINE', FALSE, 'ISE', ?, ?, 'room', 'alice@example.com', ?, ?, ?, NULL, ?)",
                ref, target, target, at, at.plus(Duration.ofHours(24)), state, decided ? at.plusSeconds(60) : null);
    }

    private static void seen(Jdbc jdbc, String id, Instant at) {
        jdbc.update("INSERT INTO alert_seen (source, alert_id, ref, seen_at, group_key) "
                + "VALUES ('AMP for Endpoints', ?, ?, ?, 'g')", id, "ref-" + id, at);
    }

    private static long post(Jdbc jdbc, String group, String state, Instant at) {
        jdbc.update("INSERT INTO outbox (created_at, room_id, group_key, thread_of_group, markdown, state, attempts, "
                + "next_attempt_at) VALUES (?, 'room', ?, FALSE, 'alert', ?, 0, ?)", at, group, state, at);
        return jdbc.query("SELECT MAX(id) FROM outbox", rs -> rs.getLong(1)).get(0);
    }

    private static void group(Jdbc jdbc, String key, long root, Instant last) {
        jdbc.update("INSERT INTO alert_group (group_key, room_id, root_outbox_id, first_at, last_at, event_count) "
                + "VALUES (?, 'room', ?, ?, ?, 1)", key, root, T0, last);
    }

    private static void ticket(Jdbc jdbc, String state, Instant at) {
        jdbc.update("INSERT INTO ticket_outbox (incident_id, created_at, op, summary, state, attempts, next_attempt_at, "
                + "sent_at) VALUES ('IR-2026-0001', ?, 'create', 'summary', ?, 0, ?, ?)", at, state, at,
                state.equals("SENT") ? at : null);
    }

    private static void event(Jdbc jdbc, String key, Instant at, boolean done) {
        jdbc.update("INSERT INTO webex_event (event_key, event_json, created_at, taken_at, done_at) "
                + "VALUES (?, '{}', ?, ?, ?)", key, at, at, done ? at.plusSeconds(1) : null);
    }

    private static void seed(Jdbc jdbc, String ref, Instant at) {
        jdbc.update("INSERT INTO incident_seed (ref, title, obs_type, obs_value, created_at) VALUES (?, 't', 'HOSTNAME', "
                + "'wks-1', ?)", ref, at);
    }
}
