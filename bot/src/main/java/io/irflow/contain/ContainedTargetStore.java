package io.irflow.contain;

import io.irflow.store.Jdbc;

import io.irflow.capabilities.ContainmentKind;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What irflow currently holds contained (quarantined, isolated, blocked), one row per action and target. */
public final class ContainedTargetStore {
    private final Jdbc jdbc;

    /**
     * One contained target.
     *
     * @param expiresAt when irflow undoes it (see {@link Expiries}), or null: held until undone
     * @param drift     what the periodic re-check found the product showing instead ("released outside irflow (AMP
     *                  reports not isolated)"), or null: none found (see {@code verify.DriftCheck})
     * @param driftAt   when that drift was found, or null
     */
    public record Row(ContainmentKind kind, String target, String targetLabel, String product, Instant since,
                      String containedBy, String roomId, Instant expiresAt, String drift, Instant driftAt) {
        /** A containment as recorded, with no drift found on it. */
        public Row(ContainmentKind kind, String target, String targetLabel, String product, Instant since,
                   String containedBy, String roomId, Instant expiresAt) {
            this(kind, target, targetLabel, product, since, containedBy, roomId, expiresAt, null, null);
        }

        /** A containment without expiry. */
        public Row(ContainmentKind kind, String target, String targetLabel, String product, Instant since,
                   String containedBy, String roomId) {
            this(kind, target, targetLabel, product, since, containedBy, roomId, null);
        }
    }

    public ContainedTargetStore(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    /**
     * Records a containment.
     *
     * @return false when irflow already held it (the primary key refuses a second row)
     */
    public boolean add(Row r) {
        try {
            return jdbc.update("INSERT INTO contained (kind, target, target_label, product, since, contained_by, "
                    + "room_id, expires_at) VALUES (?,?,?,?,?,?,?,?)", r.kind(), r.target(), r.targetLabel(),
                    r.product(), r.since(), r.containedBy(), r.roomId(), r.expiresAt()) == 1;
        } catch (Jdbc.StoreException e) {
            if (find(r.kind(), r.target()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    /** Forgets a containment after its undo. */
    public boolean remove(ContainmentKind kind, String target) {
        return jdbc.update("DELETE FROM contained WHERE kind = ? AND target = ?", kind, target) == 1;
    }

    /** The row for a target, if irflow holds it contained. */
    public Optional<Row> find(ContainmentKind kind, String target) {
        return jdbc.query("SELECT * FROM contained WHERE kind = ? AND target = ?", ContainedTargetStore::map, kind, target)
                .stream().findFirst();
    }

    /** The rows whose target is one of these values (compared without case), oldest first. */
    public List<Row> among(java.util.Collection<String> targets) {
        if (targets.isEmpty()) {
            return List.of();
        }
        Object[] lower = targets.stream().map(t -> t.toLowerCase(java.util.Locale.ROOT)).distinct().toArray();
        return jdbc.query("SELECT * FROM contained WHERE LOWER(target) IN (" + Jdbc.marks(lower.length) + ") ORDER BY since",
                ContainedTargetStore::map, lower);
    }

    /**
     * A drift on a containment irflow holds: the product no longer shows it (released or stopped outside irflow).
     *
     * @param what the product's words for what it shows now
     * @param at   when irflow first saw it
     */
    public record Drift(ContainmentKind kind, String target, String what, Instant at) {
    }

    /**
     * Records a drift on the row, once: a compare-and-set on "no drift recorded", so a drift is reported once however
     * often (and on however many instances) it is seen.
     *
     * @return true when this call recorded it; false when the row carries a drift already or is gone
     */
    public boolean markDrift(ContainmentKind kind, String target, String what, Instant at) {
        return jdbc.update("UPDATE contained SET drift = ?, drift_at = ? WHERE kind = ? AND target = ? "
                + "AND drift IS NULL", Jdbc.clip(what, 1000), at, kind, target) == 1;
    }

    /** Clears a recorded drift (the product shows the containment again); true when there was one. */
    public boolean clearDrift(ContainmentKind kind, String target) {
        return jdbc.update("UPDATE contained SET drift = NULL, drift_at = NULL WHERE kind = ? AND target = ? "
                + "AND drift IS NOT NULL", kind, target) == 1;
    }

    /** Whether the row carries a drift (the product no longer shows the containment). */
    public boolean drifted(ContainmentKind kind, String target) {
        return !jdbc.query("SELECT 1 FROM contained WHERE kind = ? AND target = ? AND drift IS NOT NULL", rs -> 1, kind,
                target).isEmpty();
    }

    /** Every recorded drift, oldest first. */
    public List<Drift> drifts() {
        return jdbc.query("SELECT kind, target, drift, drift_at FROM contained WHERE drift IS NOT NULL "
                + "ORDER BY drift_at", rs -> new Drift(ContainmentKind.valueOf(rs.getString("kind")),
                rs.getString("target"), rs.getString("drift"), Jdbc.instant(rs, "drift_at")));
    }

    /** Everything contained, oldest first. */
    public List<Row> all() {
        return jdbc.query("SELECT * FROM contained ORDER BY since", ContainedTargetStore::map);
    }

    /** Rows whose expiry is at or before {@code until} and whose reminder was not sent, soonest first. */
    public List<Row> unremindedBefore(Instant until) {
        return jdbc.query("SELECT * FROM contained WHERE expires_at IS NOT NULL AND expires_at <= ? "
                + "AND reminded_at IS NULL ORDER BY expires_at", ContainedTargetStore::map, until);
    }

    /** Rows whose expiry is at or before {@code now}, soonest first. */
    public List<Row> expiredAt(Instant now) {
        return jdbc.query("SELECT * FROM contained WHERE expires_at IS NOT NULL AND expires_at <= ? "
                + "ORDER BY expires_at", ContainedTargetStore::map, now);
    }

    /**
     * Takes the reminder of one expiry, atomically: records it as sent with the reference its buttons will carry.
     *
     * @return true for the one caller (of every instance) that is to send it
     */
    public boolean claimReminder(Row r, String ref, Instant now) {
        return jdbc.update("UPDATE contained SET reminded_at = ?, expiry_ref = ? WHERE kind = ? AND target = ? "
                + "AND expires_at = ? AND reminded_at IS NULL", now, ref, r.kind(), r.target(), r.expiresAt()) == 1;
    }

    /** Gives a reminder back (it could not be posted), so the next pass sends it. */
    public void releaseReminder(Row r, String ref) {
        jdbc.update("UPDATE contained SET reminded_at = NULL WHERE kind = ? AND target = ? AND expiry_ref = ?",
                r.kind(), r.target(), ref);
    }

    /**
     * Takes the undo of an expired row, atomically: moves its expiry from the value read to {@code retryAt}, so
     * one caller of every instance wins, and a revert a crash interrupted comes due again at {@code retryAt} (with
     * no reminder: the room hears of the undo itself).
     *
     * @return true for the one caller that is to undo it
     */
    public boolean claimExpired(Row r, Instant now, Instant retryAt) {
        return jdbc.update("UPDATE contained SET expires_at = ?, reminded_at = COALESCE(reminded_at, ?) WHERE kind = ? "
                + "AND target = ? AND expires_at = ? AND expires_at <= ?", retryAt, now, r.kind(), r.target(),
                r.expiresAt(), now) == 1;
    }

    /**
     * Sets or removes (null) a row's expiry, if it is still {@code current.expiresAt()} (a compare-and-set, so two
     * presses of one Extend button move it once); the reminder is due again for the new expiry, and the old
     * reminder's buttons stop working.
     *
     * @return false when irflow no longer holds it, or its expiry changed meanwhile
     */
    public boolean expire(Row current, Instant expiresAt) {
        return jdbc.update("UPDATE contained SET expires_at = ?, reminded_at = NULL, expiry_ref = NULL WHERE kind = ? "
                + "AND target = ? AND expires_at = ?", expiresAt, current.kind(), current.target(),
                current.expiresAt()) == 1;
    }

    /** The row a reminder's buttons name by their reference, if irflow still holds it and the reference is current. */
    public Optional<Row> byExpiryRef(String ref) {
        if (ref == null || ref.isBlank()) {
            return Optional.empty();
        }
        return jdbc.query("SELECT * FROM contained WHERE expiry_ref = ?", ContainedTargetStore::map, ref).stream()
                .findFirst();
    }

    private static Row map(ResultSet rs) throws SQLException {
        return new Row(ContainmentKind.valueOf(rs.getString("kind")), rs.getString("target"),
                rs.getString("target_label"), rs.getString("product"), Jdbc.instant(rs, "since"),
                rs.getString("contained_by"), rs.getString("room_id"), Jdbc.instant(rs, "expires_at"),
                rs.getString("drift"), Jdbc.instant(rs, "drift_at"));
    }
}
