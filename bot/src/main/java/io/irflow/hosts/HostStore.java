package io.irflow.hosts;

import io.irflow.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The host lookup in the database (tables {@code host} and {@code host_identifier}, one host per identifier). A
 * recording runs in one transaction; two recordings racing on a new identifier make one fail on the primary key, and
 * it is tried once more (then it sees the other's row).
 */
public final class HostStore implements HostLookup {
    private static final Comparator<HostIdentifier> ORDER = Comparator
            .comparing((HostIdentifier i) -> !i.kind().strong()).thenComparing(HostIdentifier::kind)
            .thenComparing(HostIdentifier::value);

    private final Jdbc jdbc;
    private final Clock clock;

    public HostStore(DataSource ds, Clock clock) {
        this.jdbc = new Jdbc(ds);
        this.clock = clock;
    }

    @Override
    public Optional<KnownHost> find(String identifier) {
        if (identifier == null || identifier.isBlank()) {
            return Optional.empty();
        }
        return jdbc.query("SELECT host_id FROM host_identifier WHERE identifier = ?", rs -> rs.getLong(1),
                HostIdentifier.normalise(identifier)).stream().findFirst().flatMap(this::host);
    }

    @Override
    public Optional<KnownHost> host(long id) {
        List<HostIdentifier> ids = jdbc.query("SELECT kind, identifier FROM host_identifier WHERE host_id = ?",
                rs -> new HostIdentifier(HostIdentifier.Kind.valueOf(rs.getString(1)), rs.getString(2)), id);
        return ids.isEmpty() ? Optional.empty() : Optional.of(new KnownHost(id, ids.stream().sorted(ORDER).toList()));
    }

    @Override
    public Optional<KnownHost> record(Collection<HostIdentifier> identifiers) {
        List<HostIdentifier> ids = List.copyOf(new LinkedHashSet<>(identifiers));
        if (ids.stream().noneMatch(i -> i.kind().strong())) {
            return Optional.empty();
        }
        try {
            return Optional.of(jdbc.inTransaction(c -> record(c, ids, clock.instant())));
        } catch (Jdbc.StoreException e) {
            return Optional.of(jdbc.inTransaction(c -> record(c, ids, clock.instant())));
        }
    }

    private KnownHost record(Connection c, List<HostIdentifier> ids, Instant now) throws SQLException {
        List<String> strong = ids.stream().filter(i -> i.kind().strong()).map(HostIdentifier::value).toList();
        Set<Long> known = new TreeSet<>(Jdbc.query(c, "SELECT DISTINCT host_id FROM host_identifier WHERE identifier IN ("
                + Jdbc.marks(strong.size()) + ")", rs -> rs.getLong(1), strong.toArray()));
        long host;
        if (known.isEmpty()) {
            host = Jdbc.insert(c, "INSERT INTO host (first_seen, last_seen) VALUES (?,?)", now, now);
        } else {
            host = known.iterator().next();
            List<Long> others = new ArrayList<>(known);
            others.remove(0);
            for (long other : others) {
                Jdbc.update(c, "UPDATE host_identifier SET host_id = ? WHERE host_id = ?", host, other);
                Jdbc.update(c, "DELETE FROM host WHERE id = ?", other);
            }
            Jdbc.update(c, "UPDATE host SET last_seen = ? WHERE id = ?", now, host);
        }
        for (HostIdentifier i : ids) {
            if (Jdbc.update(c, "UPDATE host_identifier SET host_id = ?, seen_at = ? WHERE identifier = ?", host, now,
                    i.value()) == 0) {
                Jdbc.update(c, "INSERT INTO host_identifier (identifier, kind, host_id, seen_at) VALUES (?,?,?,?)",
                        i.value(), i.kind(), host, now);
            }
        }
        List<HostIdentifier> all = Jdbc.query(c, "SELECT kind, identifier FROM host_identifier WHERE host_id = ?",
                rs -> new HostIdentifier(HostIdentifier.Kind.valueOf(rs.getString(1)), rs.getString(2)), host);
        return new KnownHost(host, all.stream().sorted(ORDER).toList());
    }
}
