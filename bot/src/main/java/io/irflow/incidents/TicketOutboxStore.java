package io.irflow.incidents;

import io.irflow.store.Jdbc;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The durable queue of ticket changes: creating the ticket, then state, severity, work notes, the assignee and the
 * resolution, in order per incident. Rows stay until the ticketing system has taken them, across restarts.
 */
public final class TicketOutboxStore {
    private final Jdbc jdbc;

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

    public TicketOutboxStore(DataSource ds) {
        this.jdbc = new Jdbc(ds);
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

    /** Marks a change taken. */
    public void sent(long id, Instant at) {
        jdbc.update("UPDATE ticket_outbox SET state = 'SENT', sent_at = ?, attempts = attempts + 1, last_error = NULL "
                + "WHERE id = ?", at, id);
    }

    /** Records a failed try and when to try again. */
    public void retryLater(long id, int attempts, Instant next, String error) {
        jdbc.update("UPDATE ticket_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?", attempts,
                next, IncidentStore.clip(error, 1000), id);
    }

    private static Change map(ResultSet rs) throws SQLException {
        return new Change(rs.getLong("id"), rs.getString("incident_id"), Op.valueOf(rs.getString("op")),
                rs.getString("summary"), rs.getString("status_word"), Jdbc.integer(rs, "severity"),
                rs.getString("work_note"), rs.getString("resolution"), rs.getString("assignee"), rs.getInt("attempts"),
                Jdbc.instant(rs, "next_attempt_at"), rs.getString("last_error"));
    }
}
