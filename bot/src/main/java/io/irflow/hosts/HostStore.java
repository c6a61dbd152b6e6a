package io.irflow.hosts;

import io.irflow.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
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
 * The host lookup in the database (tables {@code host} and {@code host_identifier}, one host per identifier): the one
 * store of host identity, for containment, incidents, investigations and alert threads alike. A recording runs in one
 * transaction (its own, or the caller's: {@link #record(Connection, Collection, String)}); two recordings racing on a
 * new identifier make one fail on the primary key, and it is tried once more (then it sees the other's row).
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
        return jdbc.inTransaction(c -> Optional.ofNullable(read(c, id)));
    }

    @Override
    public Optional<KnownHost> record(Collection<HostIdentifier> identifiers) {
        List<HostIdentifier> ids = List.copyOf(new LinkedHashSet<>(identifiers));
        if (ids.stream().noneMatch(i -> i.kind().strong())) {
            return Optional.empty();
        }
        try {
            return Optional.of(jdbc.inTransaction(c -> write(c, ids, null, clock.instant())));
        } catch (Jdbc.StoreException e) {
            return Optional.of(jdbc.inTransaction(c -> write(c, ids, null, clock.instant())));
        }
    }

    /**
     * As {@link #record(Collection)}, inside the caller's transaction (an alert ingest records what the products
     * reported with its events, all or nothing). A race on a new identifier is retried once from a savepoint.
     *
     * @param name the host name as the product spelled it, shown on cards; null keeps the one recorded
     */
    public Optional<KnownHost> record(Connection c, Collection<HostIdentifier> identifiers, String name)
            throws SQLException {
        List<HostIdentifier> ids = List.copyOf(new LinkedHashSet<>(identifiers));
        if (ids.stream().noneMatch(i -> i.kind().strong())) {
            return Optional.empty();
        }
        String shown = name == null || name.isBlank() ? null : Jdbc.clip(name.strip(), 256);
        Savepoint before = c.setSavepoint();
        try {
            KnownHost h = write(c, ids, shown, clock.instant());
            c.releaseSavepoint(before);
            return Optional.of(h);
        } catch (SQLException e) {
            c.rollback(before);
            return Optional.of(write(c, ids, shown, clock.instant()));
        }
    }

    private KnownHost write(Connection c, List<HostIdentifier> ids, String name, Instant now) throws SQLException {
        List<String> strong = ids.stream().filter(i -> i.kind().strong()).map(HostIdentifier::value).toList();
        Set<Long> known = new TreeSet<>(Jdbc.query(c, "SELECT DISTINCT host_id FROM host_identifier WHERE identifier IN ("
                + Jdbc.marks(strong.size()) + ")", rs -> rs.getLong(1), strong.toArray()));
        long host;
        if (known.isEmpty()) {
            host = Jdbc.insert(c, "INSERT INTO host (first_seen, last_seen, name) VALUES (?,?,?)", now, now, name);
        } else {
            host = known.iterator().next();
            List<Long> others = new ArrayList<>(known);
            others.remove(0);
            for (long other : others) {
                Jdbc.update(c, "UPDATE host_identifier SET host_id = ? WHERE host_id = ?", host, other);
                Jdbc.update(c, "DELETE FROM host WHERE id = ?", other);
            }
            Jdbc.update(c, "UPDATE host SET last_seen = ?, name = COALESCE(?, name) WHERE id = ?", now, name, host);
        }
        for (HostIdentifier i : ids) {
            if (Jdbc.update(c, "UPDATE host_identifier SET host_id = ?, seen_at = ? WHERE identifier = ?", host, now,
                    i.value()) == 0) {
                Jdbc.update(c, "INSERT INTO host_identifier (identifier, kind, host_id, seen_at) VALUES (?,?,?,?)",
                        i.value(), i.kind(), host, now);
            }
        }
        return read(c, host);
    }

    /** A host with its identifiers and name, or null when it has none (merged away). */
    private static KnownHost read(Connection c, long host) throws SQLException {
        List<HostIdentifier> all = Jdbc.query(c, "SELECT kind, identifier FROM host_identifier WHERE host_id = ?",
                rs -> new HostIdentifier(HostIdentifier.Kind.valueOf(rs.getString(1)), rs.getString(2)), host);
        if (all.isEmpty()) {
            return null;
        }
        List<String> name = Jdbc.query(c, "SELECT name FROM host WHERE id = ?", rs -> rs.getString(1), host);
        return new KnownHost(host, all.stream().sorted(ORDER).toList(), name.isEmpty() ? null : name.get(0));
    }
}
