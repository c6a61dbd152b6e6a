package io.irflow.alerts;

import io.irflow.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Each alert source's state (table {@code alert_source}): where its next poll resumes, its last error, its pause flag. */
public final class AlertSourceStore {
    private final Jdbc jdbc;

    /** A source's state for {@code /alerts}. */
    public record SourceState(String source, String cursor, Instant lastPollAt, String lastError, boolean paused,
                              long seenToday) {
    }

    public AlertSourceStore(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    /** The cursor to resume a source from, or null (also when only failed polls were recorded so far). */
    public String cursor(String source) {
        return jdbc.query("SELECT cursor_value FROM alert_source WHERE source = ?", rs -> rs.getString(1), source)
                .stream().filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Records a failed poll without moving the cursor. */
    public void pollFailed(String source, String error, Instant now) {
        ensureSource(source);
        jdbc.update("UPDATE alert_source SET last_poll_at = ?, last_error = ? WHERE source = ?", now,
                Jdbc.clip(error, 1000), source);
    }

    /** Pauses or resumes a source. */
    public void setPaused(String source, boolean paused) {
        ensureSource(source);
        jdbc.update("UPDATE alert_source SET paused = ? WHERE source = ?", paused, source);
    }

    /** Whether a source is paused. */
    public boolean paused(String source) {
        return jdbc.query("SELECT paused FROM alert_source WHERE source = ?", rs -> rs.getBoolean(1), source).stream()
                .findFirst().orElse(false);
    }

    /** Every source's state, with how many alerts it raised since {@code since}. */
    public List<SourceState> sources(Instant since) {
        return jdbc.query("SELECT s.source, s.cursor_value, s.last_poll_at, s.last_error, s.paused, "
                + "(SELECT COUNT(*) FROM alert_seen a WHERE a.source = s.source AND a.seen_at >= ?) FROM alert_source s "
                + "ORDER BY s.source", rs -> new SourceState(rs.getString(1), rs.getString(2), Jdbc.instant(rs, 3),
                rs.getString(4), rs.getBoolean(5), rs.getLong(6)), since);
    }

    /** Moves a source's cursor inside the ingest's transaction, clearing its last error. */
    static void saveCursor(Connection c, String source, String cursor, Instant now) throws SQLException {
        int n = Jdbc.update(c, "UPDATE alert_source SET cursor_value = ?, last_poll_at = ?, last_error = NULL "
                + "WHERE source = ?", cursor, now, source);
        if (n == 0) {
            Jdbc.update(c, "INSERT INTO alert_source (source, cursor_value, last_poll_at, paused) VALUES (?,?,?,?)", source,
                    cursor, now, false);
        }
    }

    private void ensureSource(String source) {
        if (jdbc.query("SELECT 1 FROM alert_source WHERE source = ?", rs -> 1, source).isEmpty()) {
            try {
                jdbc.update("INSERT INTO alert_source (source, paused) VALUES (?, ?)", source, false);
            } catch (Jdbc.StoreException raced) {
                // another poller inserted it first; fine
            }
        }
    }
}
