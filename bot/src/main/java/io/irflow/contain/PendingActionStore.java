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
