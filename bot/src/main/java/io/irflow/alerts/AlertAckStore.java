package io.irflow.alerts;

import io.irflow.store.Jdbc;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who took which alert group ("I'm on it", tables {@code alert_ack} and {@code alert_ack_host}): one record per group,
 * the first press wins. The group is found from what the card carries, an alert's opaque reference (host cards) or a
 * storm digest's key, each checked and looked up here, never taken as the group itself. A group is one run of a host's
 * thread (or a digest): a card of an earlier run of the same thread names a run that is over ({@link Target#ended}).
 */
public final class AlertAckStore {
    /** The references {@link IngestBatch} hands out (18 random bytes, URL-safe Base64), with room to spare. */
    private static final Pattern REF = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    /** Host identifiers recorded per acknowledgement at most (a storm digest may have hit thousands). */
    static final int MAX_HOST_KEYS = 500;
    private static final int MAX_KEY = 512;

    private final Jdbc jdbc;

    /**
     * An alert group a card stands for.
     *
     * @param firstAt  the group's first event: with the key, what names this run of the group
     * @param label    what was taken, in words ("Executed malware on WKS-FIN-042")
     * @param hostKeys the group's host identifiers, lower-cased
     * @param ended    true when the card belongs to an earlier run of the group (a newer card replaced it)
     */
    public record Target(String groupKey, Instant firstAt, String roomId, String label, List<String> hostKeys,
                         boolean ended) {
        public Target {
            hostKeys = List.copyOf(hostKeys);
        }
    }

    /** An acknowledgement: who (the email Webex reported for the presser) took what, when. */
    public record Ack(String groupKey, Instant firstAt, String label, String by, Instant at) {
    }

    /**
     * What a press did.
     *
     * @param ack   the group's acknowledgement as recorded (this press's, or the one before it)
     * @param fresh true when this press recorded it
     */
    public record Outcome(Ack ack, boolean fresh) {
    }

    public AlertAckStore(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    /** The group of the alert a host card was drawn for, by the card's reference; empty for a reference not issued. */
    public Optional<Target> ofAlert(String ref) {
        if (ref == null || !REF.matcher(ref).matches()) {
            return Optional.empty();
        }
        List<Object[]> rows = jdbc.query("SELECT s.group_key, s.seen_at, s.hostname, s.ip, s.mac, "
                + "COALESCE(s.threat, s.title), g.first_at, g.opened_at, g.host_name, g.room_id FROM alert_seen s "
                + "JOIN alert_group g ON g.group_key = s.group_key WHERE s.ref = ?", rs -> new Object[]{
                rs.getString(1), Jdbc.instant(rs, 2), firstNonBlank(rs.getString(9), rs.getString(3), rs.getString(4),
                rs.getString(5)), rs.getString(6), Jdbc.instant(rs, 7), Jdbc.instant(rs, 8), rs.getString(10)}, ref);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        String key = (String) r[0];
        Instant seenAt = (Instant) r[1];
        Instant openedAt = (Instant) r[5];
        String what = r[3] == null ? "Alert" : (String) r[3];
        String label = r[2] == null ? what : what + " on " + r[2];
        // A group stored before opened_at was kept counts every card of its key as its own.
        boolean ended = openedAt != null && seenAt.isBefore(openedAt);
        return Optional.of(new Target(key, (Instant) r[4], (String) r[6], label, ended ? List.of()
                : hostKeys(key, openedAt), ended));
    }

    /** A storm digest's group, by its key; empty for a key that names no digest. */
    public Optional<Target> ofDigest(String digestKey) {
        if (digestKey == null || digestKey.length() > 600 || !digestKey.startsWith(AlertStormStore.DIGEST_PREFIX)) {
            return Optional.empty();
        }
        List<Object[]> rows = jdbc.query("SELECT first_at, room_id FROM alert_group WHERE group_key = ?",
                rs -> new Object[]{Jdbc.instant(rs, 1), rs.getString(2)}, digestKey);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String threat = jdbc.query("SELECT MAX(COALESCE(threat, title)) FROM alert_seen WHERE group_key = ?",
                rs -> rs.getString(1), digestKey).stream().findFirst().orElse(null);
        List<String> keys = hostKeys(digestKey, null);
        return Optional.of(new Target(digestKey, (Instant) rows.get(0)[0], (String) rows.get(0)[1],
                "alert storm digest of " + (threat == null ? "an unnamed threat" : threat), keys, false));
    }

    /**
     * Records that {@code by} took the group, unless someone did first: exactly one record per group however many
     * press at once, on however many instances (the primary key decides; the loser reads the winner's record).
     */
    public Outcome acknowledge(Target t, String by, String personId, Instant at) {
        if (t.ended()) {
            throw new IllegalArgumentException("the group run of this card is over");
        }
        Optional<Ack> before = find(t.groupKey(), t.firstAt());
        if (before.isPresent()) {
            return new Outcome(before.get(), false);
        }
        try {
            jdbc.inTransaction(c -> {
                Jdbc.update(c, "INSERT INTO alert_ack (group_key, group_first_at, room_id, label, acked_by, person_id, "
                        + "acked_at) VALUES (?,?,?,?,?,?,?)", t.groupKey(), t.firstAt(), Jdbc.clip(t.roomId(), 256),
                        Jdbc.clip(t.label(), 400), Jdbc.clip(by, 320), Jdbc.clip(personId, 256), at);
                List<Object[]> hosts = new ArrayList<>();
                t.hostKeys().stream().limit(MAX_HOST_KEYS).forEach(k -> hosts.add(new Object[]{t.groupKey(),
                        t.firstAt(), k}));
                Jdbc.batch(c, "INSERT INTO alert_ack_host (group_key, group_first_at, key_value) VALUES (?,?,?)",
                        hosts);
                return null;
            });
        } catch (RuntimeException e) {
            if (!Jdbc.uniqueViolation(e)) {
                throw e;
            }
            // Someone else's press committed first.
            return new Outcome(find(t.groupKey(), t.firstAt()).orElseThrow(() -> e), false);
        }
        return new Outcome(new Ack(t.groupKey(), t.firstAt(), Jdbc.clip(t.label(), 400), Jdbc.clip(by, 320), at), true);
    }

    /** The acknowledgement of one run of a group, if any. */
    public Optional<Ack> find(String groupKey, Instant firstAt) {
        return jdbc.query("SELECT group_key, group_first_at, label, acked_by, acked_at FROM alert_ack "
                + "WHERE group_key = ? AND group_first_at = ?", AlertAckStore::ack, groupKey, firstAt)
                .stream().findFirst();
    }

    /** Acknowledgements made since then, newest first. */
    public List<Ack> since(Instant since, int limit) {
        return jdbc.query("SELECT group_key, group_first_at, label, acked_by, acked_at FROM alert_ack "
                + "WHERE acked_at >= ? ORDER BY acked_at DESC LIMIT " + Math.max(1, limit), AlertAckStore::ack, since);
    }

    /** How many alert groups with an event since then nobody has taken yet. */
    public int untaken(Instant since) {
        return jdbc.query("SELECT COUNT(*) FROM alert_group g WHERE g.last_at >= ? AND NOT EXISTS (SELECT 1 FROM "
                + "alert_ack a WHERE a.group_key = g.group_key AND a.group_first_at = g.first_at)",
                rs -> rs.getInt(1), since).get(0);
    }

    /**
     * The first acknowledgement made at or after {@code since} of a group that covered any of these host identifiers
     * (case-insensitive).
     */
    public Optional<Ack> firstFor(Collection<String> hostKeys, Instant since) {
        List<String> keys = new ArrayList<>(lower(hostKeys));
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        keys = keys.subList(0, Math.min(keys.size(), MAX_HOST_KEYS));
        Object[] params = new Object[keys.size() + 1];
        params[0] = since;
        for (int i = 0; i < keys.size(); i++) {
            params[i + 1] = keys.get(i);
        }
        return jdbc.query("SELECT a.group_key, a.group_first_at, a.label, a.acked_by, a.acked_at FROM alert_ack a "
                + "WHERE a.acked_at >= ? AND EXISTS (SELECT 1 FROM alert_ack_host h WHERE h.group_key = a.group_key "
                + "AND h.group_first_at = a.group_first_at AND h.key_value IN (" + Jdbc.marks(keys.size()) + ")) "
                + "ORDER BY a.acked_at LIMIT 1", AlertAckStore::ack, params).stream().findFirst();
    }

    /** The host identifiers of a group's events (of its current run when {@code openedAt} is known), lower-cased. */
    private List<String> hostKeys(String groupKey, Instant openedAt) {
        String sql = "SELECT DISTINCT hostname, ip, mac, connector_guid FROM alert_seen WHERE group_key = ?";
        List<String[]> rows = openedAt == null ? jdbc.query(sql, AlertAckStore::host, groupKey)
                : jdbc.query(sql + " AND seen_at >= ?", AlertAckStore::host, groupKey, openedAt);
        Set<String> out = new LinkedHashSet<>();
        for (String[] r : rows) {
            out.addAll(lower(List.of(r)));
            if (out.size() >= MAX_HOST_KEYS) {
                break;
            }
        }
        return List.copyOf(out);
    }

    private static String[] host(java.sql.ResultSet rs) throws java.sql.SQLException {
        String[] out = new String[4];
        for (int i = 0; i < 4; i++) {
            out[i] = rs.getString(i + 1) == null ? "" : rs.getString(i + 1);
        }
        return out;
    }

    private static Set<String> lower(Collection<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (v != null && !v.isBlank() && v.strip().length() <= MAX_KEY) {
                out.add(v.strip().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static Ack ack(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Ack(rs.getString(1), Jdbc.instant(rs, 2), rs.getString(3), rs.getString(4), Jdbc.instant(rs, 5));
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
