package io.irflow.hosts;

import io.irflow.store.Jdbc;
import io.irflow.testing.FreshDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HostStore#recordAll} (an alert storm's thousands of hosts in a few statements) leaves the same hosts as
 * recording the same sightings one by one: same groups of identifiers, same names, merges included.
 */
class HostStoreBatchTest {
    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    private static final HostIdentifier.Kind[] KINDS = {HostIdentifier.Kind.HOSTNAME, HostIdentifier.Kind.MAC,
            HostIdentifier.Kind.AMP_CONNECTOR, HostIdentifier.Kind.IP, HostIdentifier.Kind.SHORT_NAME};

    /** Sightings over a small pool of identifiers, so that they overlap, join hosts and move weak identifiers. */
    private static List<HostStore.Sighting> sightings(long seed, int n) {
        Random r = new Random(seed);
        List<HostStore.Sighting> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<HostIdentifier> ids = new ArrayList<>();
            int count = 1 + r.nextInt(3);
            for (int j = 0; j < count; j++) {
                HostIdentifier.Kind kind = KINDS[r.nextInt(KINDS.length)];
                String value = switch (kind) {
                    case MAC -> String.format("00:50:56:00:00:%02x", r.nextInt(12));
                    case IP -> "10.0.0." + r.nextInt(8);
                    case AMP_CONNECTOR -> "guid-" + r.nextInt(12);
                    case SHORT_NAME -> "wks-" + r.nextInt(12);
                    default -> "wks-" + r.nextInt(12) + ".corp.example.com";
                };
                ids.add(new HostIdentifier(kind, value));
            }
            out.add(new HostStore.Sighting(ids, r.nextInt(3) == 0 ? null : "WKS-" + r.nextInt(40)));
        }
        return out;
    }

    /** Each host as its identifiers (sorted) mapped to its name. */
    private static Map<String, String> hosts(DataSource ds) {
        Jdbc jdbc = new Jdbc(ds);
        Map<Long, Set<String>> ids = new TreeMap<>();
        jdbc.query("SELECT host_id, identifier FROM host_identifier", rs -> ids.computeIfAbsent(rs.getLong(1),
                k -> new TreeSet<>()).add(rs.getString(2)));
        Map<Long, String> names = new TreeMap<>();
        jdbc.query("SELECT id, name FROM host", rs -> names.put(rs.getLong(1), rs.getString(2)));
        assertThat(names.keySet()).as("no host without identifiers, none missing").isEqualTo(ids.keySet());
        Map<String, String> out = new TreeMap<>();
        ids.forEach((host, set) -> out.put(String.join(",", set), String.valueOf(names.get(host))));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void recordingABatchLeavesWhatRecordingOneByOneLeaves(String kind) throws Exception {
        DataSource one = databases.open(kind);
        DataSource batch = databases.open(kind);
        for (long seed = 1; seed <= 20; seed++) {
            for (DataSource ds : List.of(one, batch)) {
                new Jdbc(ds).inTransaction(c -> {
                    Jdbc.update(c, "DELETE FROM host_identifier");
                    return Jdbc.update(c, "DELETE FROM host");
                });
            }
            HostStore byOne = new HostStore(one, Clock.systemUTC());
            HostStore byBatch = new HostStore(batch, Clock.systemUTC());
            List<HostStore.Sighting> first = sightings(seed, 40);
            List<HostStore.Sighting> second = sightings(seed + 100, 40);
            for (List<HostStore.Sighting> round : List.of(first, second)) {
                try (Connection c = one.getConnection()) {
                    c.setAutoCommit(false);
                    for (HostStore.Sighting s : round) {
                        byOne.record(c, s.identifiers(), s.name());
                    }
                    c.commit();
                }
                try (Connection c = batch.getConnection()) {
                    c.setAutoCommit(false);
                    byBatch.recordAll(c, round);
                    c.commit();
                }
            }
            Map<String, String> expected = hosts(one);
            assertThat(expected.size()).as("seed %d joins some hosts and keeps others apart", seed).isBetween(2, 70);
            assertThat(hosts(batch)).as("seed %d", seed).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void aSightingWithoutAStrongIdentifierRecordsNothing(String kind) throws Exception {
        DataSource ds = databases.open(kind);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            new HostStore(ds, Clock.systemUTC()).recordAll(c, List.of(new HostStore.Sighting(
                    List.of(new HostIdentifier(HostIdentifier.Kind.IP, "10.1.1.1")), "X")));
            c.commit();
        }
        assertThat(hosts(ds)).isEmpty();
    }
}
