package io.irflow.contain;

import io.irflow.store.Jdbc;

import io.irflow.capabilities.ContainmentKind;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The append-only record of every containment step: requested, refused, confirmed, approved, executed, failed, undone.
 * Entries form a hash chain ({@link AuditChain}) that {@link AuditVerifier} checks.
 */
public final class AuditStore {
    private final Jdbc jdbc;
    private final List<java.util.function.Consumer<Entry>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** What happened. */
    public enum Event {
        REQUESTED, REFUSED, CONFIRMED, AWAITING_APPROVAL, APPROVED, EXECUTED, ALREADY, FAILED, UNDONE, CANCELLED,
        /** A dry run reached the product call and made none; the outcome says what it would have done. */
        DRY_RUN,
        /** A containment's expiry moved or removed (see {@link Expiries}). */
        EXTENDED,
        /** The product's own state confirmed an action (io.irflow.verify). */
        VERIFIED,
        /** The product's own state did not confirm an action before the deadline, or could not be read. */
        NOT_VERIFIED,
        /** A containment irflow holds no longer shows in the product (released or stopped outside irflow). */
        DRIFT
    }

    /**
     * One audit entry.
     *
     * @param at            when
     * @param actor         who (email), or "irflow-auto"
     * @param roomId        where
     * @param event         what happened
     * @param kind          which action
     * @param product       which product
     * @param target        on what
     * @param outcome       words about the result
     * @param productStatus the product's HTTP status, or null
     * @param trackingId    the product's tracking id, or null
     * @param ref           the action reference
     */
    public record Entry(Instant at, String actor, String roomId, Event event, ContainmentKind kind, String product,
                        String target, String outcome, Integer productStatus, String trackingId, String ref) {
    }

    public AuditStore(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    /** Hears every entry once it is stored (the incident flow turns room steps into ticket work notes). */
    public AuditStore listen(java.util.function.Consumer<Entry> listener) {
        listeners.add(listener);
        return this;
    }

    /** Appends one entry, then tells the listeners (whose failures are logged, never thrown). */
    public void append(Entry e) {
        store(e);
        for (java.util.function.Consumer<Entry> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                org.slf4j.LoggerFactory.getLogger(AuditStore.class).warn("audit listener failed: {}", ex.getMessage());
            }
        }
    }

    /** Stored as the next link of the hash chain ({@link AuditChainStore}), in one transaction with the head. */
    private void store(Entry e) {
        jdbc.inTransaction(c -> AuditChainStore.append(c, AuditChain.Fields.of(e)));
    }

    /** The last {@code n} entries, newest first. */
    public List<Entry> last(int n) {
        return last(0, n);
    }

    /** {@code n} entries, newest first, after skipping the {@code skip} newest (one page of {@code /audit}). */
    public List<Entry> last(int skip, int n) {
        return jdbc.query("SELECT * FROM audit_log ORDER BY id DESC OFFSET ? ROWS FETCH FIRST ? ROWS ONLY",
                AuditStore::map, skip, n);
    }

    /** How many entries there are. */
    public int count() {
        return jdbc.query("SELECT COUNT(*) FROM audit_log", rs -> rs.getInt(1)).get(0);
    }

    /** Every entry made in one room, oldest first (an incident's containment history). */
    public List<Entry> forRoom(String roomId) {
        return jdbc.query("SELECT * FROM audit_log WHERE room_id = ? ORDER BY id", AuditStore::map, roomId);
    }

    /** Every entry for one action and target, from any room, oldest first (whether a containment was undone). */
    public List<Entry> forTarget(ContainmentKind kind, String target) {
        return jdbc.query("SELECT * FROM audit_log WHERE kind = ? AND target = ? ORDER BY id", AuditStore::map, kind,
                target);
    }

    /**
     * Every entry whose target is one of these identifiers (compared lower-cased), from any room and of any action,
     * oldest first: what irflow did to a host, by its MACs, IPs, names or connector guids (an incident's hosts).
     */
    public List<Entry> forTargets(java.util.Collection<String> targets) {
        List<String> keys = targets.stream().filter(t -> t != null && !t.isBlank())
                .map(t -> t.strip().toLowerCase(java.util.Locale.ROOT)).distinct().toList();
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT * FROM audit_log WHERE LOWER(target) IN (" + Jdbc.marks(keys.size()) + ") ORDER BY id",
                AuditStore::map, keys.toArray());
    }

    /** An entry with its row id. */
    public record Numbered(long id, Entry entry) {
    }

    /**
     * The entries made at or after {@code since} that changed a containment (executed, already in place, undone),
     * oldest first, with their ids: how one instance hears what another sharing the database did.
     */
    public List<Numbered> changesSince(Instant since) {
        return jdbc.query("SELECT * FROM audit_log WHERE at >= ? AND event IN (?,?,?) ORDER BY id",
                rs -> new Numbered(rs.getLong("id"), map(rs)), since, Event.EXECUTED, Event.ALREADY, Event.UNDONE);
    }

    /** Every entry for one action reference, oldest first. */
    public List<Entry> forRef(String ref) {
        return jdbc.query("SELECT * FROM audit_log WHERE ref = ? ORDER BY id", AuditStore::map, ref);
    }

    private static Entry map(ResultSet rs) throws SQLException {
        String kind = rs.getString("kind");
        int code = rs.getInt("product_status");
        // wasNull() speaks of the last column read, so it must be asked right after product_status.
        Integer status = rs.wasNull() ? null : code;
        return new Entry(Jdbc.instant(rs, "at"), rs.getString("actor"), rs.getString("room_id"),
                Event.valueOf(rs.getString("event")), kind == null ? null : ContainmentKind.valueOf(kind),
                rs.getString("product"), rs.getString("target"), rs.getString("outcome"), status,
                rs.getString("tracking_id"), rs.getString("ref"));
    }
}
