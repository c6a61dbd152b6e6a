package io.irflow.alerts;

import io.irflow.capabilities.Alert;
import io.irflow.store.Jdbc;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The groups that keep an alert storm in one thread (table {@code alert_group}): events of one host within the window
 * share one top-level card whatever product sent them ({@link HostThreads} keys them), and later ones go to its
 * thread: the first event of each other kind ({@link #kind}) as its own card there, repeats as coalesced updates that
 * count the events of their kind; an event with no host a product reported groups by source, what it carries and
 * threat ({@link #groupKey}). A host thread whose top card named only an address gets a top card naming the host when
 * a product first names it ({@link Replacement}; the old card is deleted by {@link AlertPublisher}).
 */
public final class AlertGroupStore {
    /** Rows per IN list. */
    private static final int CHUNK = 500;
    private static final int MAX_GROUP_KEY = 600;
    private static final int MAX_KINDS = 2000;
    private static final int MAX_KIND = 200;

    private final Jdbc jdbc;

    /** A group as it stands during one ingest: read once, changed in memory, written once at the end. */
    static final class Group {
        final boolean stored;
        Instant firstAt;
        Instant lastAt;
        int count;
        Long rootOutboxId;
        boolean replaced;
        boolean changed;
        /** The host name the top card shows; null while it names only an address, MAC or connector. */
        String hostName;
        /** Set when this ingest queued a top card naming the host in place of {@link #replacedOutboxId}'s. */
        boolean renamed;
        Long replacedOutboxId;
        AlertOutboxStore.Post pendingUpdate;
        /**
         * The kinds of event with a card in this thread and how many events of each it has had (null: a kind stored
         * before counts were kept); null for a group stored before kinds were kept.
         */
        private final Map<String, Integer> kinds;

        Group(boolean stored, Instant firstAt, Instant lastAt, int count, String kinds) {
            this.stored = stored;
            this.firstAt = firstAt;
            this.lastAt = lastAt;
            this.count = count;
            this.kinds = parse(kinds);
        }

        /** A new group started by one event of this kind. */
        static Group started(boolean stored, Instant at, String kind) {
            return new Group(stored, at, at, 1, kind + "\t1");
        }

        /** Whether this kind's first event on the host is still to get its own card in the thread. */
        boolean newKind(String kind) {
            return kinds != null && !kinds.containsKey(kind) && kinds().length() + kind.length() + 12 <= MAX_KINDS;
        }

        void addKind(String kind) {
            kinds.put(kind, 1);
        }

        /**
         * Counts one more event of a kind already in the thread; returns how many of that kind it has had, or the
         * group's count for a group or kind stored before counts per kind were kept.
         */
        int repeat(String kind) {
            Integer n = kinds == null ? null : kinds.get(kind);
            if (n == null) {
                return count;
            }
            kinds.put(kind, n + 1);
            return n + 1;
        }

        /** The stored form: one kind per line, with its count after a tab. */
        String kinds() {
            if (kinds == null) {
                return null;
            }
            StringBuilder out = new StringBuilder();
            kinds.forEach((k, n) -> out.append(out.length() == 0 ? "" : "\n").append(k).append(n == null ? "" : "\t" + n));
            return out.toString();
        }

        private static Map<String, Integer> parse(String stored) {
            if (stored == null) {
                return null;
            }
            Map<String, Integer> out = new LinkedHashMap<>();
            for (String line : stored.split("\n")) {
                int tab = line.lastIndexOf('\t');
                if (tab > 0 && line.substring(tab + 1).matches("\\d{1,9}")) {
                    out.put(line.substring(0, tab), Integer.parseInt(line.substring(tab + 1)));
                } else {
                    out.put(line, null);
                }
            }
            return out;
        }
    }

    /**
     * A host's top card replaced by one naming the host: the old card is deleted once the new one is posted.
     *
     * @param oldState      the old card's outbox state (null when its row is gone)
     * @param oldMessageId  the old card's Webex message id, once posted
     */
    record Replacement(String groupKey, long oldOutboxId, String oldState, String oldMessageId) {
    }

    public AlertGroupStore(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    /** The replacements whose new top card is posted and whose old one is still to delete. */
    List<Replacement> replacementsDue() {
        return jdbc.query("SELECT g.group_key, g.replaced_outbox_id, o.state, o.message_id FROM alert_group g "
                + "LEFT JOIN outbox o ON o.id = g.replaced_outbox_id "
                + "WHERE g.replaced_outbox_id IS NOT NULL AND g.message_id IS NOT NULL", rs -> new Replacement(
                rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
    }

    /** Records that a replaced top card is gone (deleted, or never posted). */
    void replacementDone(Replacement r) {
        jdbc.update("UPDATE alert_group SET replaced_outbox_id = NULL WHERE group_key = ? AND replaced_outbox_id = ?",
                r.groupKey(), r.oldOutboxId());
    }

    /** The Webex message id of a group's first card, once it was posted. */
    public Optional<String> groupMessage(String groupKey) {
        return jdbc.query("SELECT message_id FROM alert_group WHERE group_key = ?", rs -> rs.getString(1), groupKey)
                .stream().filter(Objects::nonNull).findFirst();
    }

    /** Records the message id of a posted outbox row on the group it is the first card of (if any), for the thread. */
    public void posted(long outboxId, String messageId) {
        jdbc.update("UPDATE alert_group SET message_id = ? WHERE root_outbox_id = ?", messageId, outboxId);
    }

    /**
     * The group of an alert no host thread takes (no host, or an inbound alert's unconfirmed claims): source, host,
     * and threat (hash, else threat name, else title).
     */
    static String groupKey(Alert a) {
        Alert.AlertHost h = a.host();
        String host = h == null ? "" : firstNonBlank(h.connectorGuid(), h.mac(), h.hostname(), h.ip());
        String threat = firstNonBlank(a.sha256(), a.threat(), a.title());
        String key = (a.source() + "|" + host + "|" + threat).toLowerCase();
        // group_key is VARCHAR(600): a long threat name keeps its start and a digest of the whole, so it still groups.
        return key.length() <= MAX_GROUP_KEY ? key : key.substring(0, MAX_GROUP_KEY - 65) + "#" + sha256(key);
    }

    /** An event's kind within a host's thread: its source and threat (hash, else threat name, else title). */
    static String kind(Alert a) {
        String kind = (a.source() + "|" + firstNonBlank(a.sha256(), a.threat(), a.title())).toLowerCase()
                .replace('\n', ' ').replace('\t', ' ');
        return kind.length() <= MAX_KIND ? kind : kind.substring(0, MAX_KIND - 65) + "#" + sha256(kind);
    }

    /** Reads the stored groups with these keys into {@code into}. */
    static void load(Connection c, List<String> keys, Map<String, Group> into) throws SQLException {
        for (int i = 0; i < keys.size(); i += CHUNK) {
            List<String> chunk = keys.subList(i, Math.min(keys.size(), i + CHUNK));
            for (Map.Entry<String, Group> e : Jdbc.query(c, "SELECT group_key, first_at, last_at, event_count, kinds, "
                    + "host_name, root_outbox_id FROM alert_group WHERE group_key IN (" + Jdbc.marks(chunk.size()) + ")",
                    rs -> {
                        Group g = new Group(true, Jdbc.instant(rs, 2), Jdbc.instant(rs, 3), rs.getInt(4), rs.getString(5));
                        g.hostName = rs.getString(6);
                        long root = rs.getLong(7);
                        g.rootOutboxId = rs.wasNull() ? null : root;
                        return Map.entry(rs.getString(1), g);
                    }, chunk.toArray())) {
                into.put(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * Writes the changed groups: a replaced group gets a new row (its new first card, opened {@code now}: what tells
     * its cards from an earlier run's, see {@link AlertAckStore}), others a new count.
     */
    static void write(Connection c, String roomId, Map<String, Group> groups, Instant now) throws SQLException {
        List<Object[]> deletes = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> renames = new ArrayList<>();
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            Group g = e.getValue();
            if (!g.changed) {
                continue;
            }
            if (g.replaced) {
                if (g.stored) {
                    deletes.add(new Object[]{e.getKey()});
                }
                inserts.add(new Object[]{e.getKey(), roomId, g.rootOutboxId, null, g.firstAt, g.lastAt, g.count,
                        g.kinds(), Jdbc.clip(g.hostName, 256), g.replacedOutboxId, now});
            } else {
                updates.add(new Object[]{g.count, g.lastAt, g.kinds(), e.getKey()});
                if (g.renamed) {
                    // The new top card is the thread's root from now: later posts wait for it, not the old one.
                    renames.add(new Object[]{g.rootOutboxId, Jdbc.clip(g.hostName, 256), g.replacedOutboxId,
                            e.getKey()});
                }
            }
        }
        Jdbc.batch(c, "DELETE FROM alert_group WHERE group_key = ?", deletes);
        Jdbc.batch(c, "INSERT INTO alert_group (group_key, room_id, root_outbox_id, message_id, first_at, last_at, "
                + "event_count, kinds, host_name, replaced_outbox_id, opened_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                inserts);
        Jdbc.batch(c, "UPDATE alert_group SET event_count = ?, last_at = ?, kinds = ? WHERE group_key = ?", updates);
        Jdbc.batch(c, "UPDATE alert_group SET root_outbox_id = ?, message_id = NULL, host_name = ?, "
                + "replaced_outbox_id = ? WHERE group_key = ?", renames);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "";
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
