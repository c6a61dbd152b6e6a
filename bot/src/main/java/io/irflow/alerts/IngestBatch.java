package io.irflow.alerts;

import io.irflow.capabilities.Alert;
import io.irflow.cards.Card;
import io.irflow.cards.StormCards;
import io.irflow.hosts.HostStore;
import io.irflow.store.Jdbc;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
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
    /** Storm control, or null when off. */
    private final StormSettings storm;
    /** This batch's storm digests, by key. */
    private final Map<String, Digest> digests = new LinkedHashMap<>();
    /** How many of this batch's events the digests took. */
    private int stormEvents;
    private final Map<String, AlertGroupStore.Group> groups = new LinkedHashMap<>();
    private final Set<String> threadRows = new HashSet<>();
    /** The alert_seen rows of this batch, inserted at the end. */
    private final List<Object[]> seenRows = new ArrayList<>();

    IngestBatch(Connection c, HostStore hosts, List<AlertSeenStore.Placed> alerts, String roomId, Duration window, Instant now,
                AlertSeenStore.Renderer renderer, StormSettings storm) {
        this.c = c;
        this.storm = storm;
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
        Instant storming = storm == null ? null : stormDecision(unseen);
        List<AlertSeenStore.Ingested> fresh = new ArrayList<>();
        for (AlertSeenStore.Placed placed : unseen) {
            Alert a = placed.alert();
            if (storming != null) {
                fresh.add(new AlertSeenStore.Ingested(a, digest(storming, a)));
                continue;
            }
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
        if (!digests.isEmpty()) {
            writeDigests();
        }
        Jdbc.batch(c, "INSERT INTO alert_seen (source, alert_id, ref, seen_at, group_key, hostname, ip, mac, "
                + "connector_guid, sha256, title, alert_at, severity, threat) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", seenRows);
        AlertGroupStore.write(c, roomId, groups, now);
        hosts.recordAll(c, learned.stream().map(l -> new HostStore.Sighting(l.identifiers(), l.name())).toList());
        for (var e : groups.entrySet()) {
            if (e.getValue().pendingUpdate != null) {
                writeUpdate(e.getKey(), e.getValue());
            }
        }
        return fresh;
    }

    /** A storm digest as it stands during this batch: its group, and its events per host. */
    private static final class Digest {
        final AlertGroupStore.Group group;
        final Map<String, Integer> hosts = new HashMap<>();
        final Alert sample;

        Digest(AlertGroupStore.Group group, Alert sample) {
            this.group = group;
            this.sample = sample;
        }
    }

    /**
     * Inside the transaction, with the room's storm row locked: ends a storm after a window without a new group,
     * counts this batch's new groups, starts a storm when the window's count passes the threshold (announced once).
     *
     * @return when the room's storm started, or null when the room is not in storm mode
     */
    private Instant stormDecision(List<AlertSeenStore.Placed> unseen) throws SQLException {
        AlertStormStore.State state = AlertStormStore.lock(c, roomId);
        int recent = AlertStormStore.arrivals(c, roomId, now.minus(storm.window()));
        Instant started = state.startedAt();
        if (started != null && recent == 0) {
            String md = StormCards.ended(state.events(), AlertStormStore.hosts(c, started), storm.window());
            AlertOutboxStore.enqueue(c, roomId, null, false, new AlertOutboxStore.Post(md, null), now);
            AlertStormStore.end(c, roomId);
            started = null;
        }
        Set<String> opened = new HashSet<>();
        for (AlertSeenStore.Placed p : unseen) {
            String key = open(p);
            AlertGroupStore.Group g = groups.get(key);
            if (g == null || p.alert().at().isAfter(g.lastAt.plus(window))) {
                opened.add(key);
            }
        }
        if (!opened.isEmpty()) {
            AlertStormStore.arrived(c, roomId, now, opened.size());
        }
        if (started == null && recent + opened.size() > storm.threshold()) {
            started = now;
            AlertStormStore.start(c, roomId, now);
            String md = StormCards.started(recent + opened.size(), storm.threshold(), storm.window());
            AlertOutboxStore.enqueue(c, roomId, null, false, new AlertOutboxStore.Post(md, null), now);
        }
        return started;
    }

    /** Records an event in its threat's digest instead of a host card; returns its reference. */
    private String digest(Instant started, Alert a) throws SQLException {
        String key = AlertStormStore.DIGEST_PREFIX + started.toEpochMilli() + "|" + AlertGroupStore.kind(a);
        Digest d = digests.get(key);
        if (d == null) {
            d = loadDigest(key, a);
            digests.put(key, d);
        } else {
            AlertGroupStore.Group g = d.group;
            g.count++;
            g.firstAt = a.at().isBefore(g.firstAt) ? a.at() : g.firstAt;
            g.lastAt = a.at().isAfter(g.lastAt) ? a.at() : g.lastAt;
        }
        d.hosts.merge(hostLabel(a.host()), 1, Integer::sum);
        stormEvents++;
        String ref = newRef();
        Alert.AlertHost h = a.host() == null ? new Alert.AlertHost(null, null, null, null) : a.host();
        seenRows.add(new Object[]{a.source(), a.id(), ref, now, key, h.hostname(), h.ip(), h.mac(), h.connectorGuid(),
                a.sha256(), Jdbc.clip(a.title(), 500), a.at(), Jdbc.clip(a.severity(), 32), Jdbc.clip(a.threat(), 500)});
        return ref;
    }

    /** A digest this storm already has (with its hosts so far), or a new one started by this event. */
    private Digest loadDigest(String key, Alert a) throws SQLException {
        Map<String, AlertGroupStore.Group> found = new HashMap<>();
        AlertGroupStore.load(c, List.of(key), found);
        AlertGroupStore.Group g = found.get(key);
        if (g == null) {
            return new Digest(AlertGroupStore.Group.started(false, a.at(), AlertGroupStore.kind(a)), a);
        }
        g.count++;
        g.firstAt = a.at().isBefore(g.firstAt) ? a.at() : g.firstAt;
        g.lastAt = a.at().isAfter(g.lastAt) ? a.at() : g.lastAt;
        Digest d = new Digest(g, a);
        for (Object[] r : Jdbc.query(c, "SELECT hostname, ip, mac, connector_guid, COUNT(*) FROM alert_seen "
                + "WHERE group_key = ? GROUP BY hostname, ip, mac, connector_guid", rs -> new Object[]{
                new Alert.AlertHost(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), rs.getInt(5)},
                key)) {
            d.hosts.merge(hostLabel((Alert.AlertHost) r[0]), (Integer) r[1], Integer::sum);
        }
        return d;
    }

    /** Queues each new digest's card and each older digest's (coalesced) threaded update, and counts the events. */
    private void writeDigests() throws SQLException {
        for (var e : digests.entrySet()) {
            Digest d = e.getValue();
            AlertGroupStore.Group g = d.group;
            List<StormCards.Host> top = d.hosts.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(StormCards.TOP).map(h -> new StormCards.Host(h.getKey(), h.getValue())).toList();
            StormCards.Digest view = new StormCards.Digest(e.getKey(), d.sample.source(), d.sample.threat() != null
                    ? d.sample.threat() : d.sample.title(), d.sample.sha256(), d.hosts.size(), g.count, g.firstAt,
                    g.lastAt, top);
            g.changed = true;
            if (g.stored) {
                g.pendingUpdate = new AlertOutboxStore.Post(StormCards.update(view), null);
            } else {
                Card card = StormCards.digest(view);
                g.rootOutboxId = AlertOutboxStore.enqueue(c, roomId, e.getKey(), false,
                        new AlertOutboxStore.Post(card.fallback(), card.content().toString()), now);
                g.replaced = true;
            }
            groups.put(e.getKey(), g);
        }
        AlertStormStore.addEvents(c, roomId, stormEvents);
    }

    private static String hostLabel(Alert.AlertHost h) {
        if (h == null) {
            return "(no host)";
        }
        for (String v : new String[]{h.hostname(), h.ip(), h.mac(), h.connectorGuid()}) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "(no host)";
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
