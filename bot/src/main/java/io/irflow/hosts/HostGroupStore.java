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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

    /** Replaces what is known of one computer's groups (those without a guid are keyed by their name). */
    public void record(String connectorGuid, List<HostDetails.Group> groups) {
        String connector = HostIdentifier.normalise(connectorGuid);
        Instant now = clock.instant();
        List<Object[]> rows = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (HostDetails.Group g : groups) {
            String name = blank(g.name()) ? null : Jdbc.clip(g.name().strip().toLowerCase(Locale.ROOT), 256);
            String guid = blank(g.guid()) ? name : Jdbc.clip(g.guid().strip().toLowerCase(Locale.ROOT), 128);
            if (guid != null && keys.size() < MAX_GROUPS && keys.add(guid)) {
                rows.add(new Object[]{connector, guid, name, now});
            }
        }
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "DELETE FROM host_group WHERE connector_guid = ?", connector);
            Jdbc.batch(c, "INSERT INTO host_group (connector_guid, group_guid, group_name, seen_at) VALUES (?,?,?,?)",
                    rows);
            return null;
        });
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
