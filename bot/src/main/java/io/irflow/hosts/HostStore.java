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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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

    /** Identifiers looked up per query in {@link #recordAll}. */
    private static final int LOOKUP_CHUNK = 500;
    /** Where {@link #recordAll}'s stand-in ids for hosts not inserted yet start: above any real id. */
    private static final long NEW_HOST = 1L << 62;

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

    /** What one report said about a host: its identifiers, and its name as the product spelled it (or null). */
    public record Sighting(List<HostIdentifier> identifiers, String name) {
        public Sighting {
            identifiers = List.copyOf(new LinkedHashSet<>(identifiers));
        }
    }

    /**
     * Records many sightings inside the caller's transaction, with the outcome of recording them one by one in order
     * ({@link #record(Connection, Collection, String)}: a sighting joins the host its strong identifiers name, joins
     * the hosts they name into the oldest, or starts a host) but a few statements for the whole batch instead of
     * about ten per host: one look-up of every identifier, one batch of new hosts, one batch of updates of the
     * identifiers it found and one of inserts of the others, one batch of host updates. An alert storm records
     * thousands of hosts in one ingest.
     * A race with another writer on a new identifier fails the caller's transaction on the key; the alert ingest
     * runs again then, and finds the other's rows.
     */
    public void recordAll(Connection c, List<Sighting> sightings) throws SQLException {
        Instant now = clock.instant();
        Map<String, Long> hostOf = new HashMap<>();
        Set<String> all = new LinkedHashSet<>();
        sightings.forEach(s -> s.identifiers().forEach(i -> all.add(i.value())));
        List<String> values = new ArrayList<>(all);
        for (int from = 0; from < values.size(); from += LOOKUP_CHUNK) {
            List<String> chunk = values.subList(from, Math.min(values.size(), from + LOOKUP_CHUNK));
            Jdbc.query(c, "SELECT identifier, host_id FROM host_identifier WHERE identifier IN ("
                    + Jdbc.marks(chunk.size()) + ")", rs -> hostOf.put(rs.getString(1), rs.getLong(2)), chunk.toArray());
        }
        Set<String> stored = new HashSet<>(hostOf.keySet());
        Map<String, HostIdentifier> touched = new LinkedHashMap<>();
        Map<Long, String> named = new LinkedHashMap<>();
        // New hosts get stand-in ids above every real one, in the order they are met (as the database's would be),
        // and are inserted together at the end; joining two of them needs no statement.
        List<Long> fresh = new ArrayList<>();
        long next = NEW_HOST;
        for (Sighting s : sightings) {
            if (s.identifiers().stream().noneMatch(i -> i.kind().strong())) {
                continue;
            }
            String name = s.name() == null || s.name().isBlank() ? null : Jdbc.clip(s.name().strip(), 256);
            Set<Long> known = new TreeSet<>();
            s.identifiers().stream().filter(i -> i.kind().strong()).map(i -> hostOf.get(i.value()))
                    .filter(Objects::nonNull).forEach(known::add);
            long host;
            if (known.isEmpty()) {
                host = next++;
                fresh.add(host);
            } else {
                host = known.iterator().next();
                for (long other : known) {
                    if (other == host) {
                        continue;
                    }
                    if (other >= NEW_HOST) {
                        fresh.remove(Long.valueOf(other));
                    } else {
                        Jdbc.update(c, "UPDATE host_identifier SET host_id = ? WHERE host_id = ?", host, other);
                        Jdbc.update(c, "DELETE FROM host WHERE id = ?", other);
                    }
                    hostOf.replaceAll((k, v) -> v == other ? host : v);
                    named.remove(other); // as one by one: the joined host's name goes with its row
                }
            }
            for (HostIdentifier i : s.identifiers()) {
                hostOf.put(i.value(), host);
                touched.put(i.value(), i);
            }
            if (name != null) {
                named.put(host, name);
            } else {
                named.putIfAbsent(host, null);
            }
        }
        List<Object[]> newHosts = new ArrayList<>();
        fresh.forEach(h -> newHosts.add(new Object[]{now, now, named.get(h)}));
        long[] ids = Jdbc.insertAll(c, "INSERT INTO host (first_seen, last_seen, name) VALUES (?,?,?)", newHosts);
        Map<Long, Long> real = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            real.put(fresh.get(i), ids[i]);
        }
        // Identifiers the look-up found are updated, the others inserted: one that another writer inserted meanwhile
        // fails the insert on its key, and the caller's transaction runs again.
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        for (HostIdentifier i : touched.values()) {
            long host = real.getOrDefault(hostOf.get(i.value()), hostOf.get(i.value()));
            if (stored.contains(i.value())) {
                updates.add(new Object[]{host, now, i.value()});
            } else {
                inserts.add(new Object[]{i.value(), i.kind().name(), host, now});
            }
        }
        Jdbc.batch(c, "UPDATE host_identifier SET host_id = ?, seen_at = ? WHERE identifier = ?", updates);
        Jdbc.batch(c, "INSERT INTO host_identifier (identifier, kind, host_id, seen_at) VALUES (?,?,?,?)", inserts);
        List<Object[]> hostRows = new ArrayList<>();
        named.forEach((host, name) -> {
            if (host < NEW_HOST) {
                hostRows.add(new Object[]{now, name, host});
            }
        });
        Jdbc.batch(c, "UPDATE host SET last_seen = ?, name = COALESCE(?, name) WHERE id = ?", hostRows);
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
