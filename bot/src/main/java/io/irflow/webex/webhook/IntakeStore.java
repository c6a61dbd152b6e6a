package io.irflow.webex.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.irflow.json.Json;
import io.irflow.store.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The intake's rows in {@code webex_event} (V7, V19): recorded in batches before the acknowledgement, the primary key
 * {@code resource:data.id} answering "seen before?" for every instance sharing the database, then taken by lease.
 * A claim is a conditional UPDATE that only succeeds while the row is unfinished and unleased (or its lease lapsed),
 * which is the same on H2 and PostgreSQL: of two instances racing for a row, the second's UPDATE re-reads it after
 * the first commits and matches nothing.
 */
public final class IntakeStore {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeStore.class);
    private static final String CLAIMABLE = "done_at IS NULL AND (lease_until IS NULL OR lease_until < ?)";

    private static final String INSERT = "INSERT INTO webex_event (event_key, event_json, created_at, taken_at, "
            + "claimed_by, lease_until, attempts) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final Jdbc db;
    private final Clock clock;
    private final boolean postgres;

    /**
     * A delivery to record; {@code owner} and {@code leaseUntil} are null when no local worker is free for it. The
     * key, JSON and Webex time are computed by the caller's thread, so the one writing thread only writes.
     */
    public record NewEvent(String key, String json, Instant created, String owner, Instant leaseUntil) {
        public NewEvent(WebhookEvent event, String owner, Instant leaseUntil) {
            this(event, null, owner, leaseUntil);
        }

        /**
         * @param raw the delivery's verified body as received (stored as it came, which also spares serialising the
         *            parsed event again on the acknowledgement's path), or null to store the event serialised
         */
        public NewEvent(WebhookEvent event, String raw, String owner, Instant leaseUntil) {
            this(event.dedupeKey(), raw != null ? raw : IntakeStore.json(event), IntakeStore.created(event), owner,
                    leaseUntil);
        }
    }

    /** A row taken by this instance: the event and how many times it was claimed, this time included. */
    public record Claimed(WebhookEvent event, int attempts) {
    }

    /** Rows not yet done, and when the oldest of them was recorded (null when none). */
    public record Backlog(long waiting, Instant oldestTakenAt) {
    }

    public IntakeStore(DataSource dataSource, Clock clock) {
        this.db = new Jdbc(dataSource);
        this.clock = clock;
        this.postgres = postgres(dataSource);
    }

    private static boolean postgres(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new Jdbc.StoreException("cannot read the database kind: " + e.getMessage(), e);
        }
    }

    /** Whether several threads may write at once: on PostgreSQL; on H2 the look-first insert needs one writer. */
    public boolean concurrentWrites() {
        return postgres;
    }

    /**
     * Records new events and marks finished ones done, in one transaction (one commit for the whole batch).
     *
     * @return for each new event, whether it was recorded (false: its key was there already, a duplicate)
     */
    public boolean[] write(List<NewEvent> events, List<String> doneKeys) {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            boolean[] recorded = postgres ? insertOrSkip(c, events, now) : insertNew(c, events, now);
            if (!doneKeys.isEmpty() && postgres) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE webex_event SET done_at = ?, lease_until = NULL WHERE event_key = ANY(?)")) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setArray(2, c.createArrayOf("varchar", doneKeys.toArray()));
                    ps.executeUpdate();
                }
            } else if (!doneKeys.isEmpty()) {
                List<Object[]> rows = new ArrayList<>(doneKeys.size());
                doneKeys.forEach(k -> rows.add(new Object[]{now, k}));
                Jdbc.batch(c, "UPDATE webex_event SET done_at = ?, lease_until = NULL WHERE event_key = ?", rows);
            }
            return recorded;
        });
    }

    /**
     * PostgreSQL: the whole batch in one statement (arrays, one round trip); ON CONFLICT keeps it alive when another
     * instance recorded a key first, and RETURNING says which rows are new.
     */
    private static boolean[] insertOrSkip(Connection c, List<NewEvent> events, Instant now) throws SQLException {
        boolean[] recorded = new boolean[events.size()];
        if (events.isEmpty()) {
            return recorded;
        }
        int n = events.size();
        Object[] keys = new Object[n];
        Object[] jsons = new Object[n];
        Object[] created = new Object[n];
        Object[] owners = new Object[n];
        Object[] leases = new Object[n];
        Object[] attempts = new Object[n];
        // In key order, so two batches holding some of the same keys lock them in the same order (no deadlock).
        List<NewEvent> sorted = events.stream().sorted(java.util.Comparator.comparing(NewEvent::key)).toList();
        for (int i = 0; i < n; i++) {
            NewEvent e = sorted.get(i);
            keys[i] = e.key();
            jsons[i] = e.json();
            created[i] = timestamp(e.created());
            owners[i] = e.owner();
            leases[i] = timestamp(e.leaseUntil());
            attempts[i] = e.owner() == null ? 0 : 1;
        }
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO webex_event (event_key, event_json, created_at, "
                + "taken_at, claimed_by, lease_until, attempts) SELECT k, j, cr, ?, o, l, a FROM unnest(?::varchar[], "
                + "?::varchar[], ?::timestamp[], ?::varchar[], ?::timestamp[], ?::int[]) AS t(k, j, cr, o, l, a) "
                + "ON CONFLICT (event_key) DO NOTHING RETURNING event_key")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setArray(2, c.createArrayOf("varchar", keys));
            ps.setArray(3, c.createArrayOf("varchar", jsons));
            ps.setArray(4, c.createArrayOf("timestamp", created));
            ps.setArray(5, c.createArrayOf("varchar", owners));
            ps.setArray(6, c.createArrayOf("timestamp", leases));
            ps.setArray(7, c.createArrayOf("int4", attempts));
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
        }
        // A key twice in one batch is inserted once: the first of them is the new one.
        for (int i = 0; i < n; i++) {
            recorded[i] = inserted.remove(events.get(i).key());
        }
        return recorded;
    }

    /**
     * H2 has no ON CONFLICT outside its PostgreSQL mode; the embedded database is one process by construction and
     * each process writes from one thread, so looking first cannot race.
     */
    private static boolean[] insertNew(Connection c, List<NewEvent> events, Instant now) throws SQLException {
        boolean[] recorded = new boolean[events.size()];
        if (events.isEmpty()) {
            return recorded;
        }
        List<String> keys = events.stream().map(NewEvent::key).distinct().toList();
        Set<String> taken = new HashSet<>(Jdbc.query(c, "SELECT event_key FROM webex_event WHERE event_key IN ("
                + Jdbc.marks(keys.size()) + ")", rs -> rs.getString(1), keys.toArray()));
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (int i = 0; i < events.size(); i++) {
                NewEvent e = events.get(i);
                if (taken.add(e.key())) {
                    bind(ps, e, now);
                    ps.addBatch();
                    recorded[i] = true;
                }
            }
            ps.executeBatch();
        }
        return recorded;
    }

    private static void bind(PreparedStatement ps, NewEvent e, Instant now) throws SQLException {
        ps.setString(1, e.key());
        ps.setString(2, e.json());
        ps.setTimestamp(3, timestamp(e.created()));
        ps.setTimestamp(4, Timestamp.from(now));
        ps.setString(5, e.owner());
        ps.setTimestamp(6, timestamp(e.leaseUntil()));
        ps.setInt(7, e.owner() == null ? 0 : 1);
    }

    /**
     * Takes up to {@code max} unfinished rows whose lease is free or lapsed, oldest first, for {@code owner} until
     * {@code leaseUntil}; rows another instance takes at the same moment are skipped.
     */
    public List<Claimed> claim(String owner, int max, Instant leaseUntil) {
        Instant now = clock.instant();
        List<String> candidates = db.query("SELECT event_key FROM webex_event WHERE " + CLAIMABLE
                + " ORDER BY taken_at LIMIT ?", rs -> rs.getString(1), now, max);
        if (candidates.isEmpty()) {
            return List.of();
        }
        return db.inTransaction(c -> {
            int[] won;
            try (PreparedStatement ps = c.prepareStatement("UPDATE webex_event SET claimed_by = ?, lease_until = ?, "
                    + "attempts = attempts + 1 WHERE event_key = ? AND " + CLAIMABLE)) {
                for (String key : candidates) {
                    ps.setString(1, owner);
                    ps.setTimestamp(2, Timestamp.from(leaseUntil));
                    ps.setString(3, key);
                    ps.setTimestamp(4, Timestamp.from(now));
                    ps.addBatch();
                }
                won = ps.executeBatch();
            }
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < won.length; i++) {
                if (won[i] > 0) {
                    keys.add(candidates.get(i));
                }
            }
            if (keys.isEmpty()) {
                return List.<Claimed>of();
            }
            List<Claimed> claimed = new ArrayList<>();
            List<String[]> rows = Jdbc.query(c, "SELECT event_key, event_json, attempts FROM webex_event WHERE event_key IN ("
                    + Jdbc.marks(keys.size()) + ")", rs -> new String[]{rs.getString(1), rs.getString(2),
                    rs.getString(3)}, keys.toArray());
            for (String[] row : rows) {
                Optional<WebhookEvent> event = parse(row[1]);
                if (event.isPresent()) {
                    claimed.add(new Claimed(event.get(), Integer.parseInt(row[2])));
                } else {
                    Jdbc.update(c, "UPDATE webex_event SET done_at = ?, dead_at = ?, lease_until = NULL, last_error = ? "
                            + "WHERE event_key = ?", now, now, "unreadable stored event", row[0]);
                }
            }
            return claimed;
        });
    }

    /** Extends the leases of every unfinished row {@code owner} holds (its heartbeat); returns how many. */
    public int renew(String owner, Instant leaseUntil) {
        return db.update("UPDATE webex_event SET lease_until = ? WHERE claimed_by = ? AND done_at IS NULL",
                leaseUntil, owner);
    }

    /** Gives a failed row back, to be claimed again (by any instance) from {@code notBefore}. */
    public void retryLater(String key, Instant notBefore, String error) {
        db.update("UPDATE webex_event SET claimed_by = NULL, lease_until = ?, last_error = ? WHERE event_key = ? "
                + "AND done_at IS NULL", notBefore, Jdbc.clip(error, 400), key);
    }

    /** Gives up on a row: done, dead-lettered, with the reason. */
    public void deadLetter(String key, String error) {
        Instant now = clock.instant();
        db.update("UPDATE webex_event SET done_at = ?, dead_at = ?, lease_until = NULL, last_error = ? WHERE event_key = ?",
                now, now, Jdbc.clip(error, 400), key);
    }

    /** Hands back what {@code owner} holds but did not finish (a clean stop), for another instance to take at once. */
    public int release(String owner) {
        return db.update("UPDATE webex_event SET claimed_by = NULL, lease_until = NULL, "
                + "attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END WHERE claimed_by = ? AND done_at IS NULL",
                owner);
    }

    /** How many rows wait (recorded, not done) and the age of the oldest: for metrics and readiness. */
    public Backlog backlog() {
        return db.query("SELECT COUNT(*) AS waiting, MIN(taken_at) AS oldest FROM webex_event WHERE done_at IS NULL",
                rs -> new Backlog(rs.getLong("waiting"), Jdbc.instant(rs, "oldest"))).get(0);
    }

    /** Drops rows finished (processed or dead-lettered) before the retention; the socket catch-up never looks back that far. */
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

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
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
            LOG.error("dead-lettering an unreadable stored Webex event: {}", e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
