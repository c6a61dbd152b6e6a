package io.irflow.alerts;

import io.irflow.capabilities.Alert;
import io.irflow.hosts.HostIdentifier;
import io.irflow.hosts.HostStore;
import io.irflow.store.Jdbc;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every alert event seen (table {@code alert_seen}), so a restart or an overlapping page posts nothing twice, and the
 * ingest that records a batch of them: in one transaction with their groups, their posts and the source's cursor.
 */
public final class AlertSeenStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AlertSeenStore.class);
    /** Runs of one ingest that meets concurrent ones on the same keys. */
    static final int ATTEMPTS = 3;

    private final Jdbc jdbc;
    private final HostStore hosts;
    private final AlertStormStore storms;
    private final AlertAckStore acks;

    /** Renders what to post; called inside the ingest transaction, so it must not do I/O on this database. */
    public interface Renderer {
        /** The card for the first event of a group. */
        AlertOutboxStore.Post card(Alert alert, String alertRef);

        /** The threaded update for a group whose thread now has {@code count} events of this alert's kind. */
        AlertOutboxStore.Post update(Alert alert, int count);

        /**
         * The top card that replaces one naming only the host's address, MAC or connector, for the first event that
         * names the host; {@code earlier} lists the thread's events so far ("Source: threat (2 events)").
         */
        default AlertOutboxStore.Post replacement(Alert alert, String alertRef, List<String> earlier) {
            return card(alert, alertRef);
        }
    }

    /**
     * An alert with the groups it may join, best first (the first is started when none of them is open), and what the
     * products reported about its host, to record in the host store with it ({@link HostStore}).
     */
    public record Placed(Alert alert, List<String> groupKeys, List<Learned> learned) {
        public Placed {
            groupKeys = List.copyOf(groupKeys);
            learned = List.copyOf(learned);
        }

        /** An alert grouped by its own fields only ({@link AlertGroupStore#groupKey}). */
        public static Placed alone(Alert alert) {
            return new Placed(alert, List.of(AlertGroupStore.groupKey(alert)), List.of());
        }
    }

    /**
     * One product's report of a host: its identifiers and its name as the product spelled it (or null).
     */
    public record Learned(List<HostIdentifier> identifiers, String name) {
        public Learned {
            identifiers = List.copyOf(identifiers);
        }
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
     * What an alert's Open incident button opens: its title, host, hash and time, by the card's reference.
     *
     * @param title the alert's title, or null for alerts stored before titles were kept
     * @param at       when the product saw it, or null
     * @param severity the product's severity word, or null (also for alerts stored before severities were kept)
     * @param source   the product that reported it
     * @param threat   the detection or indicator name, or null
     */
    public record Stored(String title, Alert.AlertHost host, String sha256, Instant at, String severity, String source,
                         String threat) {
    }

    /** @param hosts the host store on the same database, which the ingest records what products reported in */
    public AlertSeenStore(DataSource ds, HostStore hosts) {
        this.jdbc = new Jdbc(ds);
        this.hosts = hosts;
        this.storms = new AlertStormStore(ds);
        this.acks = new AlertAckStore(ds);
    }

    /** With a host store of its own on the same database (tests). */
    public AlertSeenStore(DataSource ds) {
        this(ds, new HostStore(ds, Clock.systemUTC()));
    }

    /**
     * In one transaction: stores every alert not seen before, enqueues a card for a new group or one (coalesced)
     * threaded update for an existing group within the window, and moves the source's cursor.
     *
     * @return the alerts that were new, with their references
     */
    public List<Ingested> ingest(String source, List<Alert> alerts, String nextCursor, String roomId, Duration window,
                                 Instant now, Renderer renderer) {
        return ingestPlaced(source, alerts.stream().map(Placed::alone).toList(), nextCursor, roomId, window, now, renderer);
    }

    /**
     * As {@link #ingest}, each alert joining the first open group among its keys and recording what it taught.
     * Ingests run concurrently (each poller, inbound alerts, other instances): when two create the same group, event
     * or host row at once, the later one's transaction hits the key, rolls back whole, and is run again, now joining
     * what the other committed ({@value #ATTEMPTS} runs at most).
     */
    public List<Ingested> ingestPlaced(String source, List<Placed> alerts, String nextCursor, String roomId,
                                       Duration window, Instant now, Renderer renderer) {
        return ingestPlaced(source, alerts, nextCursor, roomId, window, now, renderer, null);
    }

    /**
     * As {@link #ingestPlaced}, with storm control ({@link StormSettings}; null: off) decided in the same transaction:
     * in storm mode the events go to one digest per threat ({@link AlertStormStore}) instead of host cards.
     */
    public List<Ingested> ingestPlaced(String source, List<Placed> alerts, String nextCursor, String roomId,
                                       Duration window, Instant now, Renderer renderer, StormSettings storm) {
        if (storm != null) {
            storms.ensure(roomId);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbc.inTransaction(c -> {
                    List<Ingested> fresh = new IngestBatch(c, hosts, alerts, roomId, window, now, renderer, storm).run();
                    AlertSourceStore.saveCursor(c, source, nextCursor, now);
                    return fresh;
                });
            } catch (Jdbc.StoreException e) {
                if (attempt >= ATTEMPTS || !Jdbc.uniqueViolation(e)) {
                    throw e;
                }
                LOG.info("{} ingest met a concurrent one on the same key; running it again ({})", source, e.getMessage());
            }
        }
    }

    /**
     * A recorded event as {@code /alerts events} lists it.
     *
     * @param takenBy who pressed "I'm on it" for the event's alert group (its current run), or null
     * @param takenAt when, or null
     */
    public record Found(String source, String title, String threat, Alert.AlertHost host, Instant at, String takenBy,
                        Instant takenAt) {
    }

    /**
     * The newest recorded events matching every filter given (null: no filter), newest first: a host by name (prefix,
     * any case), IP or MAC; a threat by name (part, any case) or SHA-256; events from {@code since} on.
     */
    public List<Found> find(String host, String threat, Instant since, int limit) {
        // The acknowledgement of the run the event belongs to: the group's current run when the event was recorded
        // after it opened (the rule AlertAckStore.ofAlert applies to cards); an earlier run's is not told apart.
        StringBuilder sql = new StringBuilder("SELECT s.source, s.title, s.threat, s.hostname, s.ip, s.mac, "
                + "s.connector_guid, s.alert_at, a.acked_by, a.acked_at FROM alert_seen s "
                + "LEFT JOIN alert_group g ON g.group_key = s.group_key "
                + "LEFT JOIN alert_ack a ON a.group_key = g.group_key AND a.group_first_at = g.first_at "
                + "AND (g.opened_at IS NULL OR s.seen_at >= g.opened_at) WHERE 1 = 1");
        List<Object> params = new java.util.ArrayList<>();
        if (host != null) {
            sql.append(" AND (LOWER(s.hostname) LIKE ? OR s.ip = ? OR s.mac = ?)");
            params.addAll(List.of(like(host.toLowerCase()) + "%", host, host.toLowerCase()));
        }
        if (threat != null) {
            sql.append(" AND (LOWER(s.threat) LIKE ? OR LOWER(s.title) LIKE ? OR s.sha256 = ?)");
            String part = "%" + like(threat.toLowerCase()) + "%";
            params.addAll(List.of(part, part, threat.toLowerCase()));
        }
        if (since != null) {
            sql.append(" AND s.alert_at >= ?");
            params.add(since);
        }
        sql.append(" ORDER BY s.alert_at DESC FETCH FIRST ? ROWS ONLY");
        params.add(limit);
        return jdbc.query(sql.toString(), rs -> new Found(rs.getString(1), rs.getString(2), rs.getString(3),
                new Alert.AlertHost(rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)),
                Jdbc.instant(rs, 8), rs.getString(9), Jdbc.instant(rs, 10)), params.toArray());
    }

    /** LIKE's own characters taken literally (both databases' default escape is the backslash). */
    private static String like(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** The storm state and digests the ingest keeps, on the same database. */
    public AlertStormStore storms() {
        return storms;
    }

    /** Who took which alert group ("I'm on it"), on the same database. */
    public AlertAckStore acks() {
        return acks;
    }

    /** The host store the ingest records in, on the same database. */
    public HostStore hosts() {
        return hosts;
    }

    /** Whether an event was already recorded. */
    public boolean seen(String source, String alertId) {
        return !jdbc.query("SELECT 1 FROM alert_seen WHERE source = ? AND alert_id = ?", rs -> 1, source, alertId)
                .isEmpty();
    }

    /** The stored host and hash of an alert, by the reference its card's buttons carry. */
    public Optional<Alert.AlertHost> hostOf(String ref) {
        return jdbc.query("SELECT hostname, ip, mac, connector_guid FROM alert_seen WHERE ref = ?",
                rs -> new Alert.AlertHost(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), ref)
                .stream().findFirst();
    }

    /** The stored alert behind a card's reference. */
    public Optional<Stored> alertOf(String ref) {
        return jdbc.query("SELECT title, hostname, ip, mac, connector_guid, sha256, alert_at, severity, source, threat "
                + "FROM alert_seen WHERE ref = ?", rs -> new Stored(rs.getString(1), new Alert.AlertHost(rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5)), rs.getString(6), Jdbc.instant(rs, 7), rs.getString(8),
                rs.getString(9), rs.getString(10)), ref).stream().findFirst();
    }
}
