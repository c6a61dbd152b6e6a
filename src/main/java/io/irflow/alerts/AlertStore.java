package io.irflow.alerts;

import io.irflow.capabilities.Alert;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The alerts' durable state: per-source cursor and pause flag, every event seen (so a restart or an overlapping page
 * posts nothing twice), groups that keep a storm in one thread, and the outbox of Webex posts.
 */
public final class AlertStore {
    private final DataSource ds;

    /** A source's state for {@code /alerts}. */
    public record SourceState(String source, String cursor, Instant lastPollAt, String lastError, boolean paused,
                              long seenToday) {
    }

    /** One queued Webex post. */
    public record OutboxRow(long id, String roomId, String groupKey, boolean threadOfGroup, String markdown,
                            String cardJson, int attempts) {
    }

    /** A rendered post for a new alert or a group update. */
    public record Post(String markdown, String cardJson) {
    }

    /** Renders what to post; called inside the ingest transaction, so it must not do I/O on this database. */
    public interface Renderer {
        /** The card for the first event of a group. */
        Post card(Alert alert, String alertRef);

        /** The threaded update for a group that now has {@code count} events. */
        Post update(Alert alert, int count);
    }

    public AlertStore(DataSource ds) {
        this.ds = ds;
    }

    /**
     * In one transaction: stores every alert not seen before, enqueues a card for a new group or one (coalesced)
     * threaded update for an existing group within the window, and moves the source's cursor.
     *
     * @return the alerts that were new, with their references
     */
    public List<Ingested> ingest(String source, List<Alert> alerts, String nextCursor, String roomId, Duration window,
                                 Instant now, Renderer renderer) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Ingested> fresh = new ArrayList<>();
                for (Alert a : alerts) {
                    String key = groupKey(a);
                    String ref = newRef();
                    if (!insertSeen(c, a, ref, key, now)) {
                        continue;
                    }
                    fresh.add(new Ingested(a, ref));
                    Optional<Group> group = group(c, key);
                    if (group.isPresent() && !a.at().isAfter(group.get().lastAt().plus(window))) {
                        int count = group.get().count() + 1;
                        update(c, "UPDATE alert_group SET event_count = ?, last_at = ? WHERE group_key = ?", count,
                                max(a.at(), group.get().lastAt()), key);
                        Post p = renderer.update(a, count);
                        int merged = update(c, "UPDATE outbox SET markdown = ? WHERE group_key = ? AND thread_of_group = ? "
                                + "AND state = 'PENDING'", p.markdown(), key, true);
                        if (merged == 0) {
                            enqueue(c, roomId, key, true, p, now);
                        }
                    } else {
                        Post p = renderer.card(a, ref);
                        long outboxId = enqueue(c, roomId, key, false, p, now);
                        update(c, "DELETE FROM alert_group WHERE group_key = ?", key);
                        update(c, "INSERT INTO alert_group (group_key, room_id, root_outbox_id, message_id, first_at, last_at, "
                                + "event_count) VALUES (?,?,?,?,?,?,?)", key, roomId, outboxId, null, a.at(), a.at(), 1);
                    }
                }
                saveCursor(c, source, nextCursor, now);
                c.commit();
                return fresh;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("alert store: " + e.getMessage(), e);
        }
    }

    /** An alert stored for the first time. */
    public record Ingested(Alert alert, String ref) {
    }

    /** Whether an event was already recorded. */
    public boolean seen(String source, String alertId) {
        return !query("SELECT 1 FROM alert_seen WHERE source = ? AND alert_id = ?", rs -> 1, source, alertId).isEmpty();
    }

    /** The cursor to resume a source from, or null. */
    public String cursor(String source) {
        return query("SELECT cursor_value FROM alert_source WHERE source = ?", rs -> rs.getString(1), source).stream()
                .findFirst().orElse(null);
    }

    /** Records a failed poll without moving the cursor. */
    public void pollFailed(String source, String error, Instant now) {
        ensureSource(source);
        exec("UPDATE alert_source SET last_poll_at = ?, last_error = ? WHERE source = ?", now, truncate(error), source);
    }

    /** Pauses or resumes a source. */
    public void setPaused(String source, boolean paused) {
        ensureSource(source);
        exec("UPDATE alert_source SET paused = ? WHERE source = ?", paused, source);
    }

    /** Whether a source is paused. */
    public boolean paused(String source) {
        return query("SELECT paused FROM alert_source WHERE source = ?", rs -> rs.getBoolean(1), source).stream()
                .findFirst().orElse(false);
    }

    /** Every source's state, with how many alerts it raised since {@code since}. */
    public List<SourceState> sources(Instant since) {
        return query("SELECT s.source, s.cursor_value, s.last_poll_at, s.last_error, s.paused, "
                + "(SELECT COUNT(*) FROM alert_seen a WHERE a.source = s.source AND a.seen_at >= ?) FROM alert_source s "
                + "ORDER BY s.source", rs -> new SourceState(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)),
                rs.getString(4), rs.getBoolean(5), rs.getLong(6)), since);
    }

    /** The stored host and hash of an alert, by the reference its card's buttons carry. */
    public Optional<Alert.AlertHost> hostOf(String ref) {
        return query("SELECT hostname, ip, mac, connector_guid FROM alert_seen WHERE ref = ?",
                rs -> new Alert.AlertHost(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), ref)
                .stream().findFirst();
    }

    /** Due outbox rows, oldest first. */
    public List<OutboxRow> due(Instant now, int limit) {
        return query("SELECT id, room_id, group_key, thread_of_group, markdown, card_json, attempts FROM outbox "
                + "WHERE state = 'PENDING' AND next_attempt_at <= ? ORDER BY id FETCH FIRST ? ROWS ONLY",
                rs -> new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5),
                        rs.getString(6), rs.getInt(7)), now, limit);
    }

    /** The Webex message id of a group's first card, once it was posted. */
    public Optional<String> groupMessage(String groupKey) {
        return query("SELECT message_id FROM alert_group WHERE group_key = ?", rs -> rs.getString(1), groupKey).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /** Marks a post sent; a group's first card also records its message id for the thread. */
    public void sent(long id, String messageId) {
        exec("UPDATE outbox SET state = 'SENT', message_id = ? WHERE id = ?", messageId, id);
        exec("UPDATE alert_group SET message_id = ? WHERE root_outbox_id = ?", messageId, id);
    }

    /** Schedules a retry, or gives up after {@code maxAttempts}. */
    public void retryLater(long id, int attempts, Instant next, String error, int maxAttempts) {
        exec("UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, state = ? WHERE id = ?", attempts, next,
                truncate(error), attempts >= maxAttempts ? "FAILED" : "PENDING", id);
    }

    /** Rows still waiting (for /alerts and tests). */
    public long pendingPosts() {
        return query("SELECT COUNT(*) FROM outbox WHERE state = 'PENDING'", rs -> rs.getLong(1)).get(0);
    }

    static String groupKey(Alert a) {
        Alert.AlertHost h = a.host();
        String host = h == null ? "" : firstNonBlank(h.connectorGuid(), h.mac(), h.hostname(), h.ip());
        String threat = firstNonBlank(a.sha256(), a.threat(), a.title());
        return (a.source() + "|" + host + "|" + threat).toLowerCase();
    }

    private record Group(Instant lastAt, int count) {
    }

    private Optional<Group> group(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_at, event_count FROM alert_group WHERE group_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Group(instant(rs.getTimestamp(1)), rs.getInt(2))) : Optional.empty();
            }
        }
    }

    private boolean insertSeen(Connection c, Alert a, String ref, String key, Instant now) throws SQLException {
        try (PreparedStatement check = c.prepareStatement("SELECT 1 FROM alert_seen WHERE source = ? AND alert_id = ?")) {
            check.setString(1, a.source());
            check.setString(2, a.id());
            try (ResultSet rs = check.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        Alert.AlertHost h = a.host() == null ? new Alert.AlertHost(null, null, null, null) : a.host();
        update(c, "INSERT INTO alert_seen (source, alert_id, ref, seen_at, group_key, hostname, ip, mac, connector_guid, sha256) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?)", a.source(), a.id(), ref, now, key, h.hostname(), h.ip(), h.mac(),
                h.connectorGuid(), a.sha256());
        return true;
    }

    private long enqueue(Connection c, String roomId, String key, boolean thread, Post p, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (created_at, room_id, group_key, thread_of_group, "
                + "markdown, card_json, state, attempts, next_attempt_at) VALUES (?,?,?,?,?,?,'PENDING',0,?)", new String[]{"id"})) {
            bind(ps, now, roomId, key, thread, p.markdown(), p.cardJson(), now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private void saveCursor(Connection c, String source, String cursor, Instant now) throws SQLException {
        int n = update(c, "UPDATE alert_source SET cursor_value = ?, last_poll_at = ?, last_error = NULL WHERE source = ?",
                cursor, now, source);
        if (n == 0) {
            update(c, "INSERT INTO alert_source (source, cursor_value, last_poll_at, paused) VALUES (?,?,?,?)", source, cursor,
                    now, false);
        }
    }

    private void ensureSource(String source) {
        if (query("SELECT 1 FROM alert_source WHERE source = ?", rs -> 1, source).isEmpty()) {
            try {
                exec("INSERT INTO alert_source (source, paused) VALUES (?, ?)", source, false);
            } catch (IllegalStateException raced) {
                // another poller inserted it first; fine
            }
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    private void exec(String sql, Object... params) {
        try (Connection c = ds.getConnection()) {
            update(c, sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException("alert store: " + e.getMessage(), e);
        }
    }

    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... params) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("alert store: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            ps.setObject(i + 1, p instanceof Instant at ? Timestamp.from(at) : p);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "";
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 999) + "…";
    }

    private static String newRef() {
        byte[] b = new byte[18];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
