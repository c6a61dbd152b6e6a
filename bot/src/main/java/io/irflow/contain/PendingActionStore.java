package io.irflow.contain;

import io.irflow.store.Jdbc;

import io.irflow.capabilities.ContainmentKind;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Offered actions in the database; state changes are compare-and-set, so one press wins across threads and instances. */
public final class PendingActionStore {
    private static final String COLUMNS = "ref, kind, is_undo, product, target, target_label, room_id, requested_by, "
            + "created_at, expires_at, state, confirmed_by, dry_run";
    /** When an EXECUTING action started: confirmed (decided_at), or created so by an automatic action. */
    private static final String SINCE = "COALESCE(decided_at, created_at)";
    private final Jdbc jdbc;

    public PendingActionStore(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    /** Stores a new offer. */
    public void insert(PendingAction a) {
        jdbc.update("INSERT INTO pending_action (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", a.ref(),
                a.kind(), a.undo(), a.product(), a.target(), a.targetLabel(), a.roomId(), a.requestedBy(),
                a.createdAt(), a.expiresAt(), a.state(), a.confirmedBy(), a.dryRun());
    }

    /** Finds an offer by its reference. */
    public Optional<PendingAction> find(String ref) {
        return jdbc.query("SELECT " + COLUMNS + " FROM pending_action WHERE ref = ?", PendingActionStore::map, ref).stream()
                .findFirst();
    }

    /**
     * Moves an unexpired action from one state to another, atomically.
     *
     * @return true for the one caller that made the change
     */
    public boolean transition(String ref, PendingAction.State from, PendingAction.State to, String by, Instant now) {
        return jdbc.update("UPDATE pending_action SET state = ?, confirmed_by = COALESCE(?, confirmed_by), decided_at = ? "
                + "WHERE ref = ? AND state = ? AND expires_at > ?", to, by, now, ref, from, now) == 1;
    }

    /**
     * A press on an offered button: OFFERED to PENDING, recording who pressed as the requester, atomically.
     *
     * @return true for the one press that claimed it
     */
    public boolean claimOffer(String ref, String presser, Instant now) {
        return jdbc.update("UPDATE pending_action SET state = ?, requested_by = ?, decided_at = ? "
                + "WHERE ref = ? AND state = ? AND expires_at > ?", PendingAction.State.PENDING, presser, now, ref,
                PendingAction.State.OFFERED, now) == 1;
    }

    /**
     * Sets how long the containment is to hold once it runs (null: until undone), while the action still waits for
     * its confirmation; see {@link Expiries}.
     *
     * @return false when it no longer waits (executing, done, cancelled, or unknown)
     */
    public boolean hold(String ref, java.time.Duration hold) {
        return jdbc.update("UPDATE pending_action SET hold_seconds = ? WHERE ref = ? AND state IN (?,?,?)",
                hold == null ? null : hold.toSeconds(), ref, PendingAction.State.OFFERED, PendingAction.State.PENDING,
                PendingAction.State.AWAITING_APPROVAL) == 1;
    }

    /** How long the containment is to hold once it runs; empty: until undone. */
    public Optional<java.time.Duration> holdOf(String ref) {
        return jdbc.query("SELECT hold_seconds FROM pending_action WHERE ref = ?", rs -> {
            long s = rs.getLong(1);
            return rs.wasNull() ? Optional.<java.time.Duration>empty() : Optional.of(java.time.Duration.ofSeconds(s));
        }, ref).stream().findFirst().flatMap(o -> o);
    }

    /** Records the end of an action that was claimed (EXECUTING to DONE or FAILED). */
    public void finish(String ref, PendingAction.State end, Instant now) {
        jdbc.update("UPDATE pending_action SET state = ?, decided_at = ? WHERE ref = ?", end, now, ref);
    }

    /**
     * Deletes offers that expired long ago, to keep the table small. Actions still EXECUTING are kept whatever their
     * age: they are the intent the reconciler needs until the product has told what happened.
     */
    public int purgeExpiredBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM pending_action WHERE expires_at < ? AND state <> ?", cutoff,
                PendingAction.State.EXECUTING);
    }

    /**
     * An action left EXECUTING: a product call that started and whose result was never recorded (yet).
     *
     * @param action the action
     * @param since  when its execution started (or its last reconcile attempt)
     */
    public record Executing(PendingAction action, Instant since) {
    }

    /** Actions EXECUTING since before {@code cutoff}, oldest first. */
    public List<Executing> executingSince(Instant cutoff) {
        return jdbc.query("SELECT " + COLUMNS + ", " + SINCE + " AS since FROM pending_action WHERE state = ? AND "
                + SINCE + " < ? ORDER BY since", rs -> new Executing(map(rs), Jdbc.instant(rs, "since")),
                PendingAction.State.EXECUTING, cutoff);
    }

    /**
     * Takes an action left EXECUTING for one reconcile attempt: moves its start to {@code now}, atomically, so no other
     * reconciler (on this or another instance) takes it until it is older than the cutoff again.
     *
     * @return true for the one caller that took it
     */
    public boolean claimExecuting(String ref, Instant cutoff, Instant now) {
        return jdbc.update("UPDATE pending_action SET decided_at = ? WHERE ref = ? AND state = ? AND " + SINCE + " < ?",
                now, ref, PendingAction.State.EXECUTING, cutoff) == 1;
    }

    /**
     * Claims the target of an EXECUTING action for its product call (table {@code containment_claim}): at most one
     * action per kind and target holds it at a time, across every instance sharing the database. A claim whose action
     * is no longer EXECUTING (finished without releasing, or settled by the reconciler) is stale and taken over; one
     * whose action is still EXECUTING (a live call, or one left so by a crash) holds until that action ends.
     *
     * @return true for the one caller that holds it
     */
    public boolean claimTarget(PendingAction a, Instant now) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                return jdbc.update("INSERT INTO containment_claim (kind, target, ref, claimed_at) VALUES (?,?,?,?)",
                        a.kind(), a.target(), a.ref(), now) == 1;
            } catch (Jdbc.StoreException e) {
                if (!Jdbc.uniqueViolation(e)) {
                    throw e;
                }
            }
            if (jdbc.update("DELETE FROM containment_claim WHERE kind = ? AND target = ? AND ref <> ? AND NOT EXISTS "
                    + "(SELECT 1 FROM pending_action p WHERE p.ref = containment_claim.ref AND p.state = ?)",
                    a.kind(), a.target(), a.ref(), PendingAction.State.EXECUTING) == 0) {
                return targetHolder(a.kind(), a.target()).filter(a.ref()::equals).isPresent();
            }
        }
        return false;
    }

    /** The reference of the action holding a target's claim, if any. */
    public Optional<String> targetHolder(ContainmentKind kind, String target) {
        return jdbc.query("SELECT ref FROM containment_claim WHERE kind = ? AND target = ?", rs -> rs.getString("ref"),
                kind, target).stream().findFirst();
    }

    /** Gives back an action's target claim, unless it is still EXECUTING (a no-op when it holds none). */
    public void releaseTarget(String ref) {
        jdbc.update("DELETE FROM containment_claim WHERE ref = ? AND NOT EXISTS (SELECT 1 FROM pending_action p "
                + "WHERE p.ref = containment_claim.ref AND p.state = ?)", ref, PendingAction.State.EXECUTING);
    }

    private static PendingAction map(ResultSet rs) throws SQLException {
        return new PendingAction(rs.getString("ref"), ContainmentKind.valueOf(rs.getString("kind")), rs.getBoolean("is_undo"),
                rs.getString("product"), rs.getString("target"), rs.getString("target_label"), rs.getString("room_id"),
                rs.getString("requested_by"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "expires_at"),
                PendingAction.State.valueOf(rs.getString("state")), rs.getString("confirmed_by"),
                rs.getBoolean("dry_run"));
    }

    /** All offers in a state (tests and listings). */
    public List<PendingAction> inState(PendingAction.State state) {
        return jdbc.query("SELECT " + COLUMNS + " FROM pending_action WHERE state = ?", PendingActionStore::map, state);
    }
}
