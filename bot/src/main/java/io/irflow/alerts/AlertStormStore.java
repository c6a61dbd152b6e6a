package io.irflow.alerts;

import io.irflow.capabilities.Alert;
import io.irflow.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Storm state per response room (tables {@code alert_storm}, {@code alert_storm_arrival}): whether the room is in storm
 * mode and how many new alert groups arrived when. The ingest reads and changes it inside its own transaction with the
 * room's row locked, so instances sharing one database take turns and decide alike.
 */
public final class AlertStormStore {
    /** Group keys of storm digests start with this, then the storm's start (epoch ms) and the threat's kind. */
    public static final String DIGEST_PREFIX = "storm|";

    private final Jdbc jdbc;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    /** A room's storm: when it started (null: no storm) and how many events its digests took so far. */
    record State(Instant startedAt, long events) {
    }

    /** One host of a digest and how many of the digest's events it had. */
    public record HostCount(String host, int events) {
    }

    public AlertStormStore(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    /** Makes sure the room has its row (outside the ingest, so two instances creating it never fail an ingest). */
    void ensure(String roomId) {
        if (ensured.contains(roomId)) {
            return;
        }
        try {
            jdbc.update("INSERT INTO alert_storm (room_id, events) SELECT ?, 0 WHERE NOT EXISTS "
                    + "(SELECT 1 FROM alert_storm WHERE room_id = ?)", roomId, roomId);
        } catch (Jdbc.StoreException e) {
            // Another instance inserted it first: the row exists, which is all this wants.
            if (jdbc.query("SELECT 1 FROM alert_storm WHERE room_id = ?", rs -> 1, roomId).isEmpty()) {
                throw e;
            }
        }
        ensured.add(roomId);
    }

    /** The room's hosts in one digest, most events first (the List hosts button). */
    public List<HostCount> hosts(String digestKey) {
        if (!digestKey.startsWith(DIGEST_PREFIX)) {
            return List.of();
        }
        return jdbc.query("SELECT COALESCE(hostname, ip, mac, connector_guid, '(no host)') AS h, COUNT(*) FROM alert_seen "
                + "WHERE group_key = ? GROUP BY COALESCE(hostname, ip, mac, connector_guid, '(no host)') "
                + "ORDER BY COUNT(*) DESC, h", rs -> new HostCount(rs.getString(1), rs.getInt(2)), digestKey);
    }

    /**
     * What a digest stands for, from the events it recorded (never from the card): its threat, hash, first event
     * and its hosts, most events first; empty for an unknown key.
     */
    public Optional<DigestEvents> events(String digestKey) {
        if (!digestKey.startsWith(DIGEST_PREFIX)) {
            return Optional.empty();
        }
        List<Object[]> head = jdbc.query("SELECT MAX(COALESCE(threat, title)), MAX(sha256), MIN(alert_at) FROM alert_seen "
                + "WHERE group_key = ?", rs -> new Object[]{rs.getString(1), rs.getString(2), Jdbc.instant(rs, 3)}, digestKey);
        if (head.isEmpty() || head.get(0)[2] == null) {
            return Optional.empty();
        }
        List<Alert.AlertHost> hosts = jdbc.query("SELECT hostname, ip, mac, connector_guid, COUNT(*) FROM alert_seen "
                + "WHERE group_key = ? GROUP BY hostname, ip, mac, connector_guid ORDER BY COUNT(*) DESC, hostname, ip",
                rs -> new Alert.AlertHost(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), digestKey);
        return Optional.of(new DigestEvents((String) head.get(0)[0], (String) head.get(0)[1], (Instant) head.get(0)[2],
                hosts, hosts(digestKey)));
    }

    /**
     * A digest's events as recorded.
     *
     * @param hosts  each distinct host, most events first
     * @param counts each host's label and event count, most first
     */
    public record DigestEvents(String threat, String sha256, Instant firstSeen, List<Alert.AlertHost> hosts,
                               List<HostCount> counts) {
    }

    /** Locks the room's row for the rest of the transaction and reads it. */
    static State lock(Connection c, String roomId) throws SQLException {
        List<State> rows = Jdbc.query(c, "SELECT started_at, events FROM alert_storm WHERE room_id = ? FOR UPDATE",
                rs -> new State(Jdbc.instant(rs, 1), rs.getLong(2)), roomId);
        return rows.isEmpty() ? new State(null, 0) : rows.get(0);
    }

    /** New groups that arrived after {@code since}; forgets older arrivals. */
    static int arrivals(Connection c, String roomId, Instant since) throws SQLException {
        Jdbc.update(c, "DELETE FROM alert_storm_arrival WHERE room_id = ? AND arrived_at <= ?", roomId, since);
        return Jdbc.query(c, "SELECT COALESCE(SUM(new_groups), 0) FROM alert_storm_arrival WHERE room_id = ?",
                rs -> rs.getInt(1), roomId).get(0);
    }

    static void arrived(Connection c, String roomId, Instant at, int newGroups) throws SQLException {
        Jdbc.update(c, "INSERT INTO alert_storm_arrival (room_id, arrived_at, new_groups) VALUES (?,?,?)", roomId, at,
                newGroups);
    }

    static void start(Connection c, String roomId, Instant at) throws SQLException {
        Jdbc.update(c, "UPDATE alert_storm SET started_at = ?, events = 0 WHERE room_id = ?", at, roomId);
    }

    static void end(Connection c, String roomId) throws SQLException {
        Jdbc.update(c, "UPDATE alert_storm SET started_at = NULL WHERE room_id = ?", roomId);
    }

    static void addEvents(Connection c, String roomId, int events) throws SQLException {
        Jdbc.update(c, "UPDATE alert_storm SET events = events + ? WHERE room_id = ?", events, roomId);
    }

    /** How many hosts the storm's digests hold. */
    static int hosts(Connection c, Instant startedAt) throws SQLException {
        return Jdbc.query(c, "SELECT COUNT(DISTINCT COALESCE(hostname, ip, mac, connector_guid, '')) FROM alert_seen "
                + "WHERE group_key LIKE ?", rs -> rs.getInt(1), DIGEST_PREFIX + startedAt.toEpochMilli() + "|%").get(0);
    }
}
