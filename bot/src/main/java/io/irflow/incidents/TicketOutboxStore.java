package io.irflow.incidents;

import io.irflow.store.Claimant;
import io.irflow.store.Jdbc;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable queue of ticket changes: creating the ticket, then state, severity, work notes, the assignee and the
 * resolution, in order per incident. Rows stay until the ticketing system has taken them, across restarts. Instances
 * sharing the database claim an incident's oldest change with a lease ({@link #claim}): only that change can be
 * claimed, so one instance at a time works on an incident, and its changes go out in order, each once.
 */
public final class TicketOutboxStore {
    private final Jdbc jdbc;
    private final Claimant claimant;

    /** What a queued change does. */
    public enum Op { CREATE, UPDATE }

    /**
     * One queued change.
     *
     * @param id         queue order
     * @param incidentId which incident
     * @param op         create the ticket, or update it
     * @param summary    what it is, in words, for {@code /incident}
     * @param status     new status word, or null
     * @param severity   new severity, or null
     * @param workNote   work note (for CREATE: the description), or null
     * @param resolution close notes, or null
     * @param assignee   the assignee's email, or null
     * @param attempts   tries so far
     * @param nextAt     not before
     * @param lastError  why the last try failed, or null
     */
    public record Change(long id, String incidentId, Op op, String summary, String status, Integer severity, String workNote,
                         String resolution, String assignee, int attempts, Instant nextAt, String lastError) {
    }

    /** A store for one instance alone (tests, tools): its own claimant, the default lease. */
    public TicketOutboxStore(DataSource ds) {
        this(ds, Claimant.thisProcess());
    }

    public TicketOutboxStore(DataSource ds, Claimant claimant) {
        this.jdbc = new Jdbc(ds);
        this.claimant = claimant;
    }

    /** Queues a change, due now; {@code assignee} is an email (at most 320 characters) or null. */
    public void enqueue(String incidentId, Op op, String summary, String status, Integer severity, String workNote,
                        String resolution, String assignee, Instant now) {
        jdbc.update("INSERT INTO ticket_outbox (incident_id, created_at, op, summary, status_word, severity, work_note, "
                        + "resolution, assignee, state, attempts, next_attempt_at) "
                        + "VALUES (?,?,?,?,?,?,?,?,?,'PENDING',0,?)",
                incidentId, now, op.name(), IncidentStore.clip(summary, 500), status, severity,
                IncidentStore.clip(workNote, 4000), IncidentStore.clip(resolution, 2000), assignee, now);
    }

    /** Every change not yet taken, in queue order (all incidents). */
    public List<Change> pending(int limit) {
        return jdbc.query("SELECT * FROM ticket_outbox WHERE state = 'PENDING' ORDER BY id FETCH FIRST ? ROWS ONLY",
                TicketOutboxStore::map, limit);
    }

    /** How many changes wait to be taken, all incidents ({@code GET /metrics}). */
    public long pendingCount() {
        return jdbc.query("SELECT COUNT(*) FROM ticket_outbox WHERE state = 'PENDING'", rs -> rs.getLong(1)).get(0);
    }

    /** One incident's changes not yet taken, in order. */
    public List<Change> pending(String incidentId) {
        return jdbc.query("SELECT * FROM ticket_outbox WHERE state = 'PENDING' AND incident_id = ? ORDER BY id",
                TicketOutboxStore::map, incidentId);
    }

    /**
     * The oldest change of each incident, oldest first, when it is due and no instance holds it: what can be claimed.
     * An incident whose oldest change waits (backoff) or is held elsewhere has none here, and blocks no other.
     */
    public List<Change> claimable(Instant now, int limit) {
        return jdbc.query("SELECT * FROM ticket_outbox t WHERE t.state = 'PENDING' AND t.next_attempt_at <= ? "
                + "AND (t.claimed_until IS NULL OR t.claimed_until < ?) AND NOT EXISTS (SELECT 1 FROM ticket_outbox e "
                + "WHERE e.incident_id = t.incident_id AND e.state = 'PENDING' AND e.id < t.id) "
                + "ORDER BY t.id FETCH FIRST ? ROWS ONLY", TicketOutboxStore::map, now, now, limit);
    }

    /**
     * Claims an incident's oldest change for this instance until the lease runs out, and reads it; empty when it is
     * not the oldest pending change, not due, or held by another instance. Taking over a lapsed claim counts the dead
     * holder's try, so a create taken over first looks for the ticket that try may have made.
     */
    public Optional<Change> claim(long id, Instant now) {
        int taken = jdbc.update("UPDATE ticket_outbox SET claimed_by = ?, claimed_until = ?, "
                + "attempts = attempts + CASE WHEN claimed_until IS NULL THEN 0 ELSE 1 END "
                + "WHERE id = ? AND state = 'PENDING' AND next_attempt_at <= ? "
                + "AND (claimed_until IS NULL OR claimed_until < ?) AND NOT EXISTS (SELECT 1 FROM ticket_outbox e "
                + "WHERE e.incident_id = ticket_outbox.incident_id AND e.state = 'PENDING' "
                + "AND e.id < ticket_outbox.id)",
                claimant.id(), now.plus(claimant.lease()), id, now, now);
        if (taken == 0) {
            return Optional.empty();
        }
        return jdbc.query("SELECT * FROM ticket_outbox WHERE id = ?", TicketOutboxStore::map, id).stream().findFirst();
    }

    /** Marks a change taken. */
    public void sent(long id, Instant at) {
        jdbc.update("UPDATE ticket_outbox SET state = 'SENT', sent_at = ?, attempts = attempts + 1, last_error = NULL, "
                + "claimed_by = NULL, claimed_until = NULL WHERE id = ?", at, id);
    }

    /**
     * Records a failed try and when to try again, and lets the change go; not when another instance took it over
     * meanwhile (this one overran its lease): that one owns it now.
     */
    public void retryLater(long id, int attempts, Instant next, String error) {
        jdbc.update("UPDATE ticket_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = NULL, "
                + "claimed_until = NULL WHERE id = ? AND (claimed_by IS NULL OR claimed_by = ?)", attempts, next,
                IncidentStore.clip(error, 1000), id, claimant.id());
    }

    private static Change map(ResultSet rs) throws SQLException {
        return new Change(rs.getLong("id"), rs.getString("incident_id"), Op.valueOf(rs.getString("op")),
                rs.getString("summary"), rs.getString("status_word"), Jdbc.integer(rs, "severity"),
                rs.getString("work_note"), rs.getString("resolution"), rs.getString("assignee"), rs.getInt("attempts"),
                Jdbc.instant(rs, "next_attempt_at"), rs.getString("last_error"));
    }
}
