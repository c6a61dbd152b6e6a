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

    /**
     * One queued Webex post.
     *
     * @param maybePosted an earlier try failed after reaching Webex, so a copy may already be in the room
     */
    public record OutboxRow(long id, String roomId, String groupKey, boolean threadOfGroup, String markdown,
                            String cardJson, int attempts, boolean maybePosted) {
    }

    /**
     * A rendered post for a new alert or a group update.
     *
     * @param held true for the card of an alert irflow is about to act on: it waits (state HELD) until the pipeline
     *             releases it with the action's outcome, or until {@link #HOLD} has passed (then it goes out as
     *             rendered, so a crash between recording and acting never loses the card)
     */
    public record Post(String markdown, String cardJson, boolean held) {
        public Post(String markdown, String cardJson) {
            this(markdown, cardJson, false);
        }
    }

    /** How long a held card waits for its automatic action before it is posted as it stands. */
    public static final Duration HOLD = Duration.ofMinutes(2);

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
                List<Ingested> fresh = new Batch(c, alerts, roomId, window, now, renderer).run();
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

    /** Rows per IN list and per JDBC batch. */
    private static final int CHUNK = 500;

    /** A group as it stands during one ingest: read once, changed in memory, written once at the end. */
    private static final class GroupState {
        final boolean stored;
        Instant firstAt;
        Instant lastAt;
        int count;
        Long rootOutboxId;
        boolean replaced;
        boolean changed;
        Post pendingUpdate;

        GroupState(boolean stored, Instant firstAt, Instant lastAt, int count) {
            this.stored = stored;
            this.firstAt = firstAt;
            this.lastAt = lastAt;
            this.count = count;
        }
    }

    /**
     * One ingest in one transaction, with a constant number of round trips per chunk instead of several per event:
     * the seen-set and the groups are read with IN lists, new events are inserted in JDBC batches, and a group's
     * threaded updates within the batch coalesce into one (as they would in the outbox) before being written.
     */
    private final class Batch {
        private final Connection c;
        private final List<Alert> alerts;
        private final String roomId;
        private final Duration window;
        private final Instant now;
        private final Renderer renderer;
        private final java.util.Map<String, GroupState> groups = new java.util.LinkedHashMap<>();
        private final java.util.Set<String> threadRows = new java.util.HashSet<>();

        Batch(Connection c, List<Alert> alerts, String roomId, Duration window, Instant now, Renderer renderer) {
            this.c = c;
            this.alerts = alerts;
            this.roomId = roomId;
            this.window = window;
            this.now = now;
            this.renderer = renderer;
        }

        List<Ingested> run() throws SQLException {
            java.util.Set<String> seen = alreadySeen();
            List<Alert> unseen = new ArrayList<>();
            for (Alert a : alerts) {
                if (seen.add(a.source() + "\u0000" + a.id())) {
                    unseen.add(a);
                }
            }
            loadGroups(unseen);
            List<Ingested> fresh = new ArrayList<>();
            try (PreparedStatement insertSeen = c.prepareStatement("INSERT INTO alert_seen (source, alert_id, ref, seen_at, "
                    + "group_key, hostname, ip, mac, connector_guid, sha256, title, alert_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
                 PreparedStatement enqueue = c.prepareStatement("INSERT INTO outbox (created_at, room_id, group_key, "
                         + "thread_of_group, markdown, card_json, state, attempts, next_attempt_at) "
                         + "VALUES (?,?,?,?,?,?,?,0,?)", new String[]{"id"})) {
                int pending = 0;
                for (Alert a : unseen) {
                    String key = groupKey(a);
                    String ref = newRef();
                    Alert.AlertHost h = a.host() == null ? new Alert.AlertHost(null, null, null, null) : a.host();
                    bind(insertSeen, a.source(), a.id(), ref, now, key, h.hostname(), h.ip(), h.mac(), h.connectorGuid(),
                            a.sha256(), clip(a.title(), 500), a.at());
                    insertSeen.addBatch();
                    if (++pending == CHUNK) {
                        insertSeen.executeBatch();
                        pending = 0;
                    }
                    fresh.add(new Ingested(a, ref));
                    GroupState g = groups.get(key);
                    if (g != null && !a.at().isAfter(g.lastAt.plus(window))) {
                        g.count++;
                        g.lastAt = max(a.at(), g.lastAt);
                        g.changed = true;
                        g.pendingUpdate = renderer.update(a, g.count);
                    } else {
                        if (g != null && g.pendingUpdate != null) {
                            // The old group's update goes out before the new group's card, as it happened.
                            writeUpdate(key, g);
                        }
                        Post p = renderer.card(a, ref);
                        bind(enqueue, now, roomId, key, false, p.markdown(), p.cardJson(), p.held() ? "HELD" : "PENDING",
                                p.held() ? now.plus(HOLD) : now);
                        enqueue.executeUpdate();
                        long outboxId;
                        try (ResultSet keys = enqueue.getGeneratedKeys()) {
                            keys.next();
                            outboxId = keys.getLong(1);
                        }
                        if (p.held()) {
                            fresh.set(fresh.size() - 1, new Ingested(a, ref, outboxId));
                        }
                        GroupState fresher = new GroupState(g != null && g.stored, a.at(), a.at(), 1);
                        fresher.rootOutboxId = outboxId;
                        fresher.replaced = true;
                        fresher.changed = true;
                        groups.put(key, fresher);
                    }
                }
                if (pending > 0) {
                    insertSeen.executeBatch();
                }
            }
            writeGroups();
            return fresh;
        }

        /** Which of the batch's events are already recorded (by source and id). */
        private java.util.Set<String> alreadySeen() throws SQLException {
            java.util.Set<String> seen = new java.util.HashSet<>();
            java.util.Map<String, List<String>> idsBySource = new java.util.LinkedHashMap<>();
            for (Alert a : alerts) {
                idsBySource.computeIfAbsent(a.source(), k -> new ArrayList<>()).add(a.id());
            }
            for (var e : idsBySource.entrySet()) {
                List<String> ids = new ArrayList<>(new java.util.LinkedHashSet<>(e.getValue()));
                for (int i = 0; i < ids.size(); i += CHUNK) {
                    List<String> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
                    try (PreparedStatement ps = c.prepareStatement("SELECT alert_id FROM alert_seen WHERE source = ? "
                            + "AND alert_id IN (" + marks(chunk.size()) + ")")) {
                        ps.setString(1, e.getKey());
                        for (int j = 0; j < chunk.size(); j++) {
                            ps.setString(j + 2, chunk.get(j));
                        }
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                seen.add(e.getKey() + "\u0000" + rs.getString(1));
                            }
                        }
                    }
                }
            }
            return seen;
        }

        /** Reads the stored groups the events fall into. */
        private void loadGroups(List<Alert> unseen) throws SQLException {
            List<String> keys = new ArrayList<>(unseen.stream().map(AlertStore::groupKey)
                    .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)));
            for (int i = 0; i < keys.size(); i += CHUNK) {
                List<String> chunk = keys.subList(i, Math.min(keys.size(), i + CHUNK));
                try (PreparedStatement ps = c.prepareStatement("SELECT group_key, first_at, last_at, event_count FROM "
                        + "alert_group WHERE group_key IN (" + marks(chunk.size()) + ")")) {
                    for (int j = 0; j < chunk.size(); j++) {
                        ps.setString(j + 1, chunk.get(j));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            groups.put(rs.getString(1), new GroupState(true, instant(rs.getTimestamp(2)),
                                    instant(rs.getTimestamp(3)), rs.getInt(4)));
                        }
                    }
                }
            }
        }

        /** Merges a group's update into its pending threaded post, or queues a new one. */
        private void writeUpdate(String key, GroupState g) throws SQLException {
            // Only a group stored before this batch, or one this batch already queued an update for, can have one.
            boolean mayHaveRow = g.stored || threadRows.contains(key);
            int merged = mayHaveRow ? update(c, "UPDATE outbox SET markdown = ? WHERE group_key = ? AND thread_of_group = ? "
                    + "AND state = 'PENDING'", g.pendingUpdate.markdown(), key, true) : 0;
            if (merged == 0) {
                enqueue(c, roomId, key, true, g.pendingUpdate, now);
                threadRows.add(key);
            }
            g.pendingUpdate = null;
        }

        private void writeGroups() throws SQLException {
            List<String> replaced = new ArrayList<>();
            try (PreparedStatement upd = c.prepareStatement("UPDATE alert_group SET event_count = ?, last_at = ? "
                    + "WHERE group_key = ?");
                 PreparedStatement del = c.prepareStatement("DELETE FROM alert_group WHERE group_key = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO alert_group (group_key, room_id, root_outbox_id, "
                         + "message_id, first_at, last_at, event_count) VALUES (?,?,?,?,?,?,?)")) {
                int u = 0;
                int d = 0;
                int n = 0;
                for (var e : groups.entrySet()) {
                    GroupState g = e.getValue();
                    if (!g.changed) {
                        continue;
                    }
                    if (g.replaced) {
                        if (g.stored) {
                            bind(del, e.getKey());
                            del.addBatch();
                            d++;
                        }
                        bind(ins, e.getKey(), roomId, g.rootOutboxId, null, g.firstAt, g.lastAt, g.count);
                        ins.addBatch();
                        n++;
                        replaced.add(e.getKey());
                    } else {
                        bind(upd, g.count, g.lastAt, e.getKey());
                        upd.addBatch();
                        u++;
                    }
                }
                if (d > 0) {
                    del.executeBatch();
                }
                if (n > 0) {
                    ins.executeBatch();
                }
                if (u > 0) {
                    upd.executeBatch();
                }
            }
            for (var e : groups.entrySet()) {
                if (e.getValue().pendingUpdate != null) {
                    writeUpdate(e.getKey(), e.getValue());
                }
            }
        }
    }

    private static String marks(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    /**
     * An alert stored for the first time.
     *
     * @param heldPost the outbox id of its card when the card was held for an automatic action, else null
     */
    public record Ingested(Alert alert, String ref, Long heldPost) {
        public Ingested(Alert alert, String ref) {
            this(alert, ref, null);
        }
    }

    /**
     * Releases a held card with its final content; false when it was no longer held (its hold ran out and it went
     * out as first rendered), so the caller posts the outcome separately.
     */
    public boolean release(long outboxId, Post post, Instant now) {
        try (Connection c = ds.getConnection()) {
            return update(c, "UPDATE outbox SET markdown = ?, card_json = ?, state = 'PENDING', next_attempt_at = ? "
                    + "WHERE id = ? AND state = 'HELD'", post.markdown(), post.cardJson(), now, outboxId) == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("alert store: " + e.getMessage(), e);
        }
    }

    /** Queues a post of its own (not part of a group's thread), e.g. an approval card for an automatic action. */
    public long enqueue(String roomId, Post post, Instant now) {
        try (Connection c = ds.getConnection()) {
            return enqueue(c, roomId, null, false, post, now);
        } catch (SQLException e) {
            throw new IllegalStateException("alert store: " + e.getMessage(), e);
        }
    }

    /** Whether an event was already recorded. */
    public boolean seen(String source, String alertId) {
        return !query("SELECT 1 FROM alert_seen WHERE source = ? AND alert_id = ?", rs -> 1, source, alertId).isEmpty();
    }

    /** The cursor to resume a source from, or null (also when only failed polls were recorded so far). */
    public String cursor(String source) {
        return query("SELECT cursor_value FROM alert_source WHERE source = ?", rs -> rs.getString(1), source).stream()
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
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

    /**
     * What an alert's Open incident button opens: its title, host, hash and time, by the card's reference.
     *
     * @param title the alert's title, or null for alerts stored before titles were kept
     * @param at    when the product saw it, or null
     */
    public record Stored(String title, Alert.AlertHost host, String sha256, Instant at) {
    }

    /** The stored alert behind a card's reference. */
    public Optional<Stored> alertOf(String ref) {
        return query("SELECT title, hostname, ip, mac, connector_guid, sha256, alert_at FROM alert_seen WHERE ref = ?",
                rs -> new Stored(rs.getString(1), new Alert.AlertHost(rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)), rs.getString(6), instant(rs.getTimestamp(7))), ref).stream().findFirst();
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** Due outbox rows, oldest first: pending ones, and held ones whose hold ran out. */
    public List<OutboxRow> due(Instant now, int limit) {
        return query("SELECT id, room_id, group_key, thread_of_group, markdown, card_json, attempts, maybe_posted "
                + "FROM outbox WHERE state IN ('PENDING', 'HELD') AND next_attempt_at <= ? ORDER BY id "
                + "FETCH FIRST ? ROWS ONLY",
                rs -> new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5),
                        rs.getString(6), rs.getInt(7), rs.getBoolean(8)), now, limit);
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

    /**
     * Schedules a retry, or gives up after {@code maxAttempts}. {@code maybePosted} (the try reached Webex and may
     * have posted) sticks: once a copy may exist, every later try is marked as a re-send.
     */
    public void retryLater(long id, int attempts, Instant next, String error, int maxAttempts, boolean maybePosted) {
        exec("UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, state = ?, "
                + "maybe_posted = (maybe_posted OR ?) WHERE id = ?", attempts, next, truncate(error),
                attempts >= maxAttempts ? "FAILED" : "PENDING", maybePosted, id);
    }

    /** Rows still waiting (for /alerts and tests). */
    public long pendingPosts() {
        return query("SELECT COUNT(*) FROM outbox WHERE state = 'PENDING'", rs -> rs.getLong(1)).get(0);
    }

    static String groupKey(Alert a) {
        Alert.AlertHost h = a.host();
        String host = h == null ? "" : firstNonBlank(h.connectorGuid(), h.mac(), h.hostname(), h.ip());
        String threat = firstNonBlank(a.sha256(), a.threat(), a.title());
        String key = (a.source() + "|" + host + "|" + threat).toLowerCase();
        // group_key is VARCHAR(600): a long threat name keeps its start and a digest of the whole, so it still groups.
        return key.length() <= MAX_GROUP_KEY ? key : key.substring(0, MAX_GROUP_KEY - 65) + "#" + sha256(key);
    }

    private static final int MAX_GROUP_KEY = 600;

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private static String newRef() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
