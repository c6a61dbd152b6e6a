package io.irflow.hosts;

import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.HostId;
import io.irflow.store.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The AMP for Endpoints groups each computer is in (table {@code host_group}), as the computers investigations fetched
 * said: what {@code security.protected}'s {@code amp_group:} entries match. Keyed by connector guid, which the host
 * store knows as one of the host's identifiers; a computer's groups are replaced each time it is seen.
 */
public final class HostGroupStore {
    private static final Logger LOG = LoggerFactory.getLogger(HostGroupStore.class);
    /** Group rows kept per computer at most (AMP puts a computer in one group). */
    private static final int MAX_GROUPS = 20;

    private final Jdbc jdbc;
    private final Clock clock;

    public HostGroupStore(DataSource ds, Clock clock) {
        this.jdbc = new Jdbc(ds);
        this.clock = clock;
    }

    /** Records the groups of every AMP computer among these hosts. Never throws: a store failure is logged. */
    public void observe(Collection<HostDetails> hosts) {
        for (HostDetails h : hosts) {
            if (h.id() == null || !h.id().is(HostId.Kind.AMP_CONNECTOR) || h.id().value().isBlank()
                    || h.groups().isEmpty()) {
                continue;
            }
            try {
                record(h.id().value(), h.groups());
            } catch (RuntimeException e) {
                LOG.warn("could not record the groups of host {}: {}", h.hostname(), e.getMessage());
            }
        }
    }

    /**
     * Replaces what is known of one computer's groups (those without a guid are keyed by their name): the new rows
     * first, then the old ones go, so a reader at any moment sees at least the newer groups (never none between).
     * Recordings of one computer at once are harmless: a row another wrote first is updated instead.
     */
    public void record(String connectorGuid, List<HostDetails.Group> groups) {
        String connector = HostIdentifier.normalise(connectorGuid);
        Instant now = clock.instant();
        Map<String, String> rows = new LinkedHashMap<>();
        for (HostDetails.Group g : groups) {
            String name = blank(g.name()) ? null : Jdbc.clip(g.name().strip().toLowerCase(Locale.ROOT), 256);
            String guid = blank(g.guid()) ? name : Jdbc.clip(g.guid().strip().toLowerCase(Locale.ROOT), 128);
            if (guid != null && rows.size() < MAX_GROUPS) {
                rows.putIfAbsent(guid, name);
            }
        }
        for (Map.Entry<String, String> r : rows.entrySet()) {
            if (touch(connector, r.getKey(), r.getValue(), now) == 0) {
                try {
                    jdbc.update("INSERT INTO host_group (connector_guid, group_guid, group_name, seen_at) "
                            + "VALUES (?,?,?,?)", connector, r.getKey(), r.getValue(), now);
                } catch (RuntimeException e) {
                    if (!Jdbc.uniqueViolation(e)) {
                        throw e;
                    }
                    touch(connector, r.getKey(), r.getValue(), now);
                }
            }
        }
        if (!rows.isEmpty()) {
            List<Object> params = new ArrayList<>(List.of(connector));
            params.addAll(rows.keySet());
            jdbc.update("DELETE FROM host_group WHERE connector_guid = ? AND group_guid NOT IN ("
                    + Jdbc.marks(rows.size()) + ")", params.toArray());
        }
    }

    private int touch(String connector, String guid, String name, Instant now) {
        return jdbc.update("UPDATE host_group SET group_name = ?, seen_at = ? WHERE connector_guid = ? "
                + "AND group_guid = ?", name, now, connector, guid);
    }

    /**
     * The groups (guids and names, lower case) of the computers with these connector guids; other identifiers name
     * no group.
     */
    public Set<String> of(Collection<String> connectorGuids) {
        List<String> keys = connectorGuids.stream().filter(k -> k != null && !k.isBlank())
                .map(HostIdentifier::normalise).distinct().limit(100).toList();
        Set<String> out = new LinkedHashSet<>();
        if (keys.isEmpty()) {
            return out;
        }
        jdbc.query("SELECT group_guid, group_name FROM host_group WHERE connector_guid IN (" + Jdbc.marks(keys.size())
                + ")", rs -> new String[]{rs.getString(1), rs.getString(2)}, keys.toArray()).forEach(r -> {
                    out.add(r[0]);
                    if (r[1] != null) {
                        out.add(r[1]);
                    }
                });
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
