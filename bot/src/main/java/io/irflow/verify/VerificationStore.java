package io.irflow.verify;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.store.Jdbc;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The verifications (V27 {@code containment_verification}): one row per action, claimed by the instance following it
 * ({@code claimed_by} until {@code claimed_until}, renewed at every read), so a check survives a restart and two
 * instances never both follow one action.
 */
public final class VerificationStore {
    private final Jdbc jdbc;

    public VerificationStore(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    /**
     * Starts a check, claimed by {@code by} until {@code until}.
     *
     * @return false when the action has a check already
     */
    public boolean insert(Verification v, String by, Instant until) {
        try {
            return jdbc.update("INSERT INTO containment_verification (ref, kind, is_undo, product, target,"
                            + " target_label, room_id, card_message_id, started_at, deadline, attempts, state, last_seen, claimed_by,"
                            + " claimed_until) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", v.ref(), v.kind(), v.undo(),
                    v.product(), v.target(), Jdbc.clip(v.targetLabel(), 512), v.roomId(), v.cardMessageId(),
                    v.startedAt(), v.deadline(), v.attempts(), v.state(), v.lastSeen(), by, until) == 1;
        } catch (Jdbc.StoreException e) {
            if (find(v.ref()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    /** The check of one action. */
    public Optional<Verification> find(String ref) {
        return jdbc.query("SELECT * FROM containment_verification WHERE ref = ?", VerificationStore::map, ref).stream()
                .findFirst();
    }

    /** Remembers the card whose thread the action's result went to (notes about it go there too). */
    public void card(String ref, String cardMessageId) {
        jdbc.update("UPDATE containment_verification SET card_message_id = ? WHERE ref = ?", cardMessageId, ref);
    }

    /**
     * Renews {@code by}'s claim on a check still in progress, or takes over one whose claim ran out.
     *
     * @return false when the check is over, or another instance holds it
     */
    public boolean claim(String ref, String by, Instant now, Instant until) {
        return jdbc.update("UPDATE containment_verification SET claimed_by = ?, claimed_until = ? WHERE ref = ? "
                        + "AND state = ? AND (claimed_by = ? OR claimed_until IS NULL OR claimed_until < ?)", by, until,
                ref, Verification.State.CHECKING, by, now) == 1;
    }

    /** Records one more read that did not confirm. */
    public void progress(String ref, int attempts, String lastSeen) {
        jdbc.update("UPDATE containment_verification SET attempts = ?, last_seen = ? WHERE ref = ?", attempts,
                Jdbc.clip(lastSeen, 1000), ref);
    }

    /**
     * Ends a check, once: a compare-and-set on CHECKING held by {@code by}.
     *
     * @return false when it had ended already or another instance holds it
     */
    public boolean decide(String ref, String by, Verification.State end, String lastSeen, Instant at) {
        return jdbc.update("UPDATE containment_verification SET state = ?, last_seen = ?, decided_at = ?, "
                        + "claimed_by = NULL, claimed_until = NULL WHERE ref = ? AND state = ? AND claimed_by = ?", end,
                Jdbc.clip(lastSeen, 1000), at, ref, Verification.State.CHECKING, by) == 1;
    }

    /** Checks in progress whose claim ran out (their instance stopped), oldest first. */
    public List<Verification> orphaned(Instant now) {
        return jdbc.query("SELECT * FROM containment_verification WHERE state = ? AND (claimed_until IS NULL "
                + "OR claimed_until < ?) ORDER BY started_at", VerificationStore::map, Verification.State.CHECKING,
                now);
    }

    private static Verification map(ResultSet rs) throws SQLException {
        return new Verification(rs.getString("ref"), ContainmentKind.valueOf(rs.getString("kind")),
                rs.getBoolean("is_undo"), rs.getString("product"), rs.getString("target"), rs.getString("target_label"),
                rs.getString("room_id"), rs.getString("card_message_id"), Jdbc.instant(rs, "started_at"),
                Jdbc.instant(rs, "deadline"), rs.getInt("attempts"),
                Verification.State.valueOf(rs.getString("state")), rs.getString("last_seen"));
    }
}
