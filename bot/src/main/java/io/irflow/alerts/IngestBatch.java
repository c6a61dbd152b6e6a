package io.irflow.alerts;

import io.irflow.capabilities.Alert;
import io.irflow.hosts.HostStore;
import io.irflow.store.Jdbc;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ingest in one transaction ({@link AlertSeenStore#ingest}), with a constant number of round trips per chunk
 * instead of several per event: the seen-set and the groups are read with IN lists, new events are inserted in JDBC
 * batches, and a group's threaded updates within the batch coalesce into one (as they would in the outbox) before
 * being written.
 */
final class IngestBatch {
    /** Rows per IN list. */
    private static final int CHUNK = 500;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Connection c;
    private final HostStore hosts;
    private final List<AlertSeenStore.Placed> alerts;
    private final String roomId;
    private final Duration window;
    private final Instant now;
    private final AlertSeenStore.Renderer renderer;
    private final Map<String, AlertGroupStore.Group> groups = new LinkedHashMap<>();
    private final Set<String> threadRows = new HashSet<>();
    /** The alert_seen rows of this batch, inserted at the end. */
    private final List<Object[]> seenRows = new ArrayList<>();

    IngestBatch(Connection c, HostStore hosts, List<AlertSeenStore.Placed> alerts, String roomId, Duration window, Instant now,
                AlertSeenStore.Renderer renderer) {
        this.c = c;
        this.hosts = hosts;
        this.alerts = alerts;
        this.roomId = roomId;
        this.window = window;
        this.now = now;
        this.renderer = renderer;
    }

    List<AlertSeenStore.Ingested> run() throws SQLException {
        Set<String> seen = alreadySeen();
        List<AlertSeenStore.Placed> unseen = new ArrayList<>();
        Set<AlertSeenStore.Learned> learned = new LinkedHashSet<>();
        for (AlertSeenStore.Placed p : alerts) {
            if (seen.add(p.alert().source() + "\u0000" + p.alert().id())) {
                unseen.add(p);
                learned.addAll(p.learned());
            }
        }
        AlertGroupStore.load(c, new ArrayList<>(unseen.stream().flatMap(p -> p.groupKeys().stream())
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new))), groups);
        List<AlertSeenStore.Ingested> fresh = new ArrayList<>();
        for (AlertSeenStore.Placed placed : unseen) {
            Alert a = placed.alert();
            String key = open(placed);
            String ref = newRef();
            Alert.AlertHost h = a.host() == null ? new Alert.AlertHost(null, null, null, null) : a.host();
            seenRows.add(new Object[]{a.source(), a.id(), ref, now, key, h.hostname(), h.ip(), h.mac(), h.connectorGuid(),
                    a.sha256(), Jdbc.clip(a.title(), 500), a.at(), Jdbc.clip(a.severity(), 32),
                    Jdbc.clip(a.threat(), 500)});
            fresh.add(new AlertSeenStore.Ingested(a, ref));
            AlertGroupStore.Group g = groups.get(key);
            if (g != null && !a.at().isAfter(g.lastAt.plus(window))) {
                g.count++;
                g.lastAt = a.at().isAfter(g.lastAt) ? a.at() : g.lastAt;
                g.changed = true;
                if (namesHostFirst(key, g, a)) {
                    rename(key, g, a, ref, fresh);
                } else if (g.newKind(AlertGroupStore.kind(a))) {
                    // Another product's or threat's first event on this host: its own card (and buttons) in the
                    // host's thread; repeats of a kind are coalesced updates.
                    if (g.pendingUpdate != null) {
                        writeUpdate(key, g);
                    }
                    AlertOutboxStore.Post p = renderer.card(a, ref);
                    long outboxId = AlertOutboxStore.enqueue(c, roomId, key, true, p, now);
                    if (p.held()) {
                        fresh.set(fresh.size() - 1, new AlertSeenStore.Ingested(a, ref, outboxId));
                    }
                    g.addKind(AlertGroupStore.kind(a));
                } else {
                    // "N events of this kind": the count of this kind in the thread, not of every event on the host.
                    g.pendingUpdate = renderer.update(a, g.repeat(AlertGroupStore.kind(a)));
                }
            } else {
                if (g != null && g.pendingUpdate != null) {
                    // The old group's update goes out before the new group's card, as it happened.
                    writeUpdate(key, g);
                }
                AlertOutboxStore.Post p = renderer.card(a, ref);
                long outboxId = AlertOutboxStore.enqueue(c, roomId, key, false, p, now);
                if (p.held()) {
                    fresh.set(fresh.size() - 1, new AlertSeenStore.Ingested(a, ref, outboxId));
                }
                AlertGroupStore.Group fresher = AlertGroupStore.Group.started(g != null && g.stored, a.at(),
                        AlertGroupStore.kind(a));
                fresher.rootOutboxId = outboxId;
                fresher.hostName = a.host() == null ? null : a.host().hostname();
                fresher.replaced = true;
                fresher.changed = true;
                groups.put(key, fresher);
            }
        }
        Jdbc.batch(c, "INSERT INTO alert_seen (source, alert_id, ref, seen_at, group_key, hostname, ip, mac, "
                + "connector_guid, sha256, title, alert_at, severity, threat) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", seenRows);
        AlertGroupStore.write(c, roomId, groups);
        for (AlertSeenStore.Learned l : learned) {
            hosts.record(c, l.identifiers(), l.name());
        }
        for (var e : groups.entrySet()) {
            if (e.getValue().pendingUpdate != null) {
                writeUpdate(e.getKey(), e.getValue());
            }
        }
        return fresh;
    }

    /**
     * Whether this event is the first to name the host of a thread whose top card names only an address, MAC or
     * connector (the event that opened it came before any product named the host).
     */
    private static boolean namesHostFirst(String key, AlertGroupStore.Group g, Alert a) {
        return key.startsWith(HostThreads.PREFIX) && !key.startsWith(HostThreads.NAMED) && g.hostName == null
                && g.rootOutboxId != null && a.host() != null && a.host().hostname() != null;
    }

    /**
     * Queues a top card naming the host, with every kind of event the thread has had, in place of the one that named
     * only an identifier: the group records the replacement in this transaction (the publisher deletes the old card
     * once the new one is posted, after a restart too), and later posts thread under the new card.
     */
    private void rename(String key, AlertGroupStore.Group g, Alert a, String ref, List<AlertSeenStore.Ingested> fresh)
            throws SQLException {
        String kind = AlertGroupStore.kind(a);
        List<String> earlier = earlier(key);
        if (g.newKind(kind)) {
            g.addKind(kind);
        } else {
            g.repeat(kind);
        }
        AlertOutboxStore.Post p = renderer.replacement(a, ref, earlier);
        long outboxId = AlertOutboxStore.enqueue(c, roomId, key, false, p, now);
        if (p.held()) {
            fresh.set(fresh.size() - 1, new AlertSeenStore.Ingested(a, ref, outboxId));
        }
        g.replacedOutboxId = g.rootOutboxId;
        g.rootOutboxId = outboxId;
        g.hostName = a.host().hostname();
        g.renamed = true;
    }

    /** The events of a thread before this one, by product and threat, oldest first: "Source: threat (2 events)". */
    private List<String> earlier(String key) throws SQLException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Object[] r : Jdbc.query(c, "SELECT source, threat, title, COUNT(*) FROM alert_seen WHERE group_key = ? "
                + "GROUP BY source, threat, title ORDER BY MIN(alert_at)", rs -> new Object[]{rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getInt(4)}, key)) {
            counts.merge(label((String) r[0], (String) r[1], (String) r[2]), (Integer) r[3], Integer::sum);
        }
        // This batch's events are not stored yet; the last row is the event itself.
        for (Object[] row : seenRows.subList(0, seenRows.size() - 1)) {
            if (key.equals(row[4])) {
                counts.merge(label((String) row[0], (String) row[13], (String) row[10]), 1, Integer::sum);
            }
        }
        List<String> out = new ArrayList<>();
        counts.forEach((label, n) -> out.add(label + " (" + n + (n == 1 ? " event)" : " events)")));
        return out;
    }

    private static String label(String source, String threat, String title) {
        return source + ": " + (threat != null && !threat.isBlank() ? threat : title);
    }

    /** The first of an alert's groups that is open for it (within the window), else its first key: a new group. */
    private String open(AlertSeenStore.Placed p) {
        for (String key : p.groupKeys()) {
            AlertGroupStore.Group g = groups.get(key);
            if (g != null && !p.alert().at().isAfter(g.lastAt.plus(window))) {
                return key;
            }
        }
        return p.groupKeys().get(0);
    }

    /** Which of the batch's events are already recorded (by source and id). */
    private Set<String> alreadySeen() throws SQLException {
        Set<String> seen = new HashSet<>();
        Map<String, List<String>> idsBySource = new LinkedHashMap<>();
        for (AlertSeenStore.Placed p : alerts) {
            idsBySource.computeIfAbsent(p.alert().source(), k -> new ArrayList<>()).add(p.alert().id());
        }
        for (var e : idsBySource.entrySet()) {
            List<String> ids = new ArrayList<>(new LinkedHashSet<>(e.getValue()));
            for (int i = 0; i < ids.size(); i += CHUNK) {
                List<String> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
                Object[] params = new Object[chunk.size() + 1];
                params[0] = e.getKey();
                for (int j = 0; j < chunk.size(); j++) {
                    params[j + 1] = chunk.get(j);
                }
                for (String id : Jdbc.query(c, "SELECT alert_id FROM alert_seen WHERE source = ? AND alert_id IN ("
                        + Jdbc.marks(chunk.size()) + ")", rs -> rs.getString(1), params)) {
                    seen.add(e.getKey() + "\u0000" + id);
                }
            }
        }
        return seen;
    }

    /** Merges a group's update into its pending threaded post, or queues a new one. */
    private void writeUpdate(String key, AlertGroupStore.Group g) throws SQLException {
        // Only a group stored before this batch, or one this batch already queued an update for, can have one.
        boolean mayHaveRow = g.stored || threadRows.contains(key);
        if (!(mayHaveRow && AlertOutboxStore.mergeUpdate(c, key, g.pendingUpdate.markdown()))) {
            AlertOutboxStore.enqueue(c, roomId, key, true, g.pendingUpdate, now);
            threadRows.add(key);
        }
        g.pendingUpdate = null;
    }

    /** The opaque reference an alert's card buttons carry. */
    private static String newRef() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
