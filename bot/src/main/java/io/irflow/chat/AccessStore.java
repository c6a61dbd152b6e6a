package io.irflow.chat;

import io.irflow.store.Jdbc;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The access control's memory, in the database so it holds across restarts and instances: the access log (every
 * refusal, for responders to read), when each outsider was last answered, and which group rooms were told the bot is
 * not enabled there. Primary keys make "the first one" atomic.
 */
public final class AccessStore {
    private final Jdbc db;

    /**
     * One refusal.
     *
     * @param at          when
     * @param personId    who (Webex person id)
     * @param personEmail their email as Webex reports it ("" when unknown)
     * @param roomId      where
     * @param attempted   what they tried, e.g. "/quarantine" or "button contain.confirm"
     * @param needed      the role it needs, or null (a room the bot is not enabled in)
     * @param outcome     what irflow did about it
     */
    public record Entry(Instant at, String personId, String personEmail, String roomId, String attempted, String needed,
                        String outcome) {
    }

    /**
     * Whether to answer an outsider now.
     *
     * @param answer   true when no refusal went to this person within the interval (this one is sent)
     * @param silenced attempts left unanswered since the previous refusal (counted only when answering)
     */
    public record Refusal(boolean answer, int silenced) {
    }

    public AccessStore(DataSource dataSource) {
        this.db = new Jdbc(dataSource);
    }

    /** Appends to the access log. */
    public void log(Entry e) {
        db.update("INSERT INTO access_log (at, person_id, person_email, room_id, attempted, needed, outcome) "
                        + "VALUES (?,?,?,?,?,?,?)", e.at(), cut(e.personId(), 400), cut(e.personEmail(), 320),
                cut(e.roomId(), 400), cut(e.attempted(), 200), e.needed(), cut(e.outcome(), 1000));
    }

    /** The last {@code n} access log entries, newest first. */
    public List<Entry> last(int n) {
        return db.query("SELECT * FROM access_log ORDER BY id DESC FETCH FIRST ? ROWS ONLY", AccessStore::map, n);
    }

    /**
     * Claims the right to refuse {@code personKey} now: granted when their last refusal is older than {@code every}
     * (or there was none); otherwise the attempt is counted as silenced.
     */
    public Refusal refusal(String personKey, Instant now, Duration every) {
        String key = cut(personKey, 400);
        Instant before = now.minus(every);
        List<Integer> silenced = db.query("SELECT silenced FROM access_refusal WHERE person_key = ? AND refused_at <= ?",
                rs -> rs.getInt(1), key, before);
        if (db.update("UPDATE access_refusal SET refused_at = ?, silenced = 0 WHERE person_key = ? AND refused_at <= ?",
                now, key, before) == 1) {
            return new Refusal(true, silenced.isEmpty() ? 0 : silenced.get(0));
        }
        if (insertOnce("INSERT INTO access_refusal (person_key, refused_at, silenced) VALUES (?, ?, 0)", key, now)) {
            return new Refusal(true, 0);
        }
        db.update("UPDATE access_refusal SET silenced = silenced + 1 WHERE person_key = ?", key);
        return new Refusal(false, 0);
    }

    /** True the first time a room is noticed, ever (across restarts and instances); false afterwards. */
    public boolean firstNotice(String roomId, Instant now) {
        return insertOnce("INSERT INTO room_notice (room_id, noticed_at) VALUES (?, ?)", cut(roomId, 400), now);
    }

    private boolean insertOnce(String sql, Object... params) {
        try {
            db.update(sql, params);
            return true;
        } catch (Jdbc.StoreException e) {
            if (e.getCause() instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23")) {
                return false;
            }
            throw e;
        }
    }

    private static Entry map(ResultSet rs) throws SQLException {
        return new Entry(Jdbc.instant(rs, "at"), rs.getString("person_id"), rs.getString("person_email"),
                rs.getString("room_id"), rs.getString("attempted"), rs.getString("needed"), rs.getString("outcome"));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
