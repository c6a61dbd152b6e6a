package io.irflow.alerts;

import io.irflow.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which host a product reported an address, MAC or AMP connector for (table {@code alert_host_alias}), so a later
 * alert naming only that identifier joins the host's alert thread. Identifiers are written as {@code ip:…},
 * {@code mac:…} and {@code guid:…}; only product-reported ones are ever recorded ({@link HostThreads}), and the
 * latest report wins (an address handed to another host is re-recorded when a product reports it there).
 */
public final class AlertHostStore {
    /** Rows per IN list. */
    private static final int CHUNK = 500;

    private final Jdbc jdbc;

    /**
     * A host as a product named it.
     *
     * @param key  the host's thread identity: its lower-case short name
     * @param name the name as the product reported it, shown on cards
     */
    public record Known(String key, String name) {
    }

    public AlertHostStore(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    /** The hosts recorded for these identifiers (those with none are absent). */
    public Map<String, Known> lookup(Collection<String> aliases) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(aliases));
        Map<String, Known> out = new HashMap<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
            for (Map.Entry<String, Known> e : jdbc.query("SELECT alias, host_key, host_name FROM alert_host_alias "
                    + "WHERE alias IN (" + Jdbc.marks(chunk.size()) + ")", rs -> Map.entry(rs.getString(1),
                    new Known(rs.getString(2), rs.getString(3))), chunk.toArray())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Records what the products reported, inside the ingest's transaction; an identifier's latest host wins. */
    static void record(Connection c, Map<String, Known> learned, Instant now) throws SQLException {
        if (learned.isEmpty()) {
            return;
        }
        Set<String> present = new HashSet<>();
        List<String> ids = new ArrayList<>(learned.keySet());
        for (int i = 0; i < ids.size(); i += CHUNK) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
            present.addAll(Jdbc.query(c, "SELECT alias FROM alert_host_alias WHERE alias IN ("
                    + Jdbc.marks(chunk.size()) + ")", rs -> rs.getString(1), chunk.toArray()));
        }
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        for (Map.Entry<String, Known> e : learned.entrySet()) {
            Known k = e.getValue();
            if (present.contains(e.getKey())) {
                updates.add(new Object[]{k.key(), k.name(), now, e.getKey()});
            } else {
                inserts.add(new Object[]{e.getKey(), k.key(), k.name(), now});
            }
        }
        Jdbc.batch(c, "UPDATE alert_host_alias SET host_key = ?, host_name = ?, updated_at = ? WHERE alias = ?", updates);
        Jdbc.batch(c, "INSERT INTO alert_host_alias (alias, host_key, host_name, updated_at) VALUES (?,?,?,?)", inserts);
    }
}
