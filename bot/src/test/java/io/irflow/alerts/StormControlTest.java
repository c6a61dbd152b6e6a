package io.irflow.alerts;

import io.irflow.cards.AlertCard;
import io.irflow.cards.Card;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.contain.AuditStore;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.contain.ContainmentService;
import io.irflow.contain.PendingActionStore;
import io.irflow.contain.Responders;
import io.irflow.json.Json;
import io.irflow.store.Database;
import io.irflow.testing.CardValidator;
import io.irflow.testing.FakeContainment;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Storm control through the pipeline, against the embedded database and PostgreSQL: what the room's outbox gets below
 * the threshold, when it is crossed, while the storm lasts and after it, and that automatic quarantine still acts.
 */
class StormControlTest {
    private static final String AMP = "AMP for Endpoints";
    private static final String ROOM = "room-irt";
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final StormSettings STORM = new StormSettings(10, Duration.ofMinutes(5));

    @TempDir
    Path dir;
    private final List<Database> open = new ArrayList<>();
    private Database db;

    @AfterEach
    void close() {
        open.forEach(Database::close);
    }

    private Database db(String kind) {
        db = TestDatabases.open(TestDatabases.freshUrl(kind, dir));
        open.add(db);
        return db;
    }

    private AlertPipeline pipeline(Instant now, ContainmentService containment, QuarantinePolicy policy) {
        return new AlertPipeline(new AlertSeenStore(db.dataSource()), new AlertOutboxStore(db.dataSource()), containment,
                h -> new AlertCard.Context(null, null, null), policy, IdentityResolver.none(), ROOM, Duration.ofMinutes(10),
                Clock.fixed(now, ZoneOffset.UTC)).storm(STORM);
    }

    private AlertPipeline pipeline(Instant now) {
        return pipeline(now, null, QuarantinePolicy.off());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_three_host_incident_below_the_threshold_gets_one_card_per_host(String kind) throws Exception {
        db(kind);
        pipeline(T0).ingest(AMP, List.of(event("e1", 1, 0, T0), event("e2", 2, 0, T0), event("e3", 3, 0, T0),
                event("e4", 1, 0, T0.plusSeconds(5))), null);

        List<Row> top = topLevel();
        assertThat(top).hasSize(3).allMatch(r -> r.card != null && r.markdown.contains("Executed Malware"));
        assertThat(top).extracting(r -> r.markdown.contains("WKS-1") ? 1 : r.markdown.contains("WKS-2") ? 2 : 3)
                .containsExactlyInAnyOrder(1, 2, 3);
        assertThat(rows()).noneMatch(r -> r.markdown.contains("Alert storm"));
        assertThat(stormStarted()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void crossing_the_threshold_announces_once_then_one_digest_per_threat_kept_current_in_its_thread(String kind)
            throws Exception {
        db(kind);
        // Ten hosts one by one: ten host cards, no storm yet.
        for (int h = 1; h <= 10; h++) {
            pipeline(T0.plusSeconds(h)).ingest(AMP, List.of(event("a" + h, h, 0, T0.plusSeconds(h))), null);
        }
        assertThat(topLevel()).hasSize(10).noneMatch(r -> r.markdown.contains("Alert storm"));

        // The eleventh new host crosses it; this batch brings two threats on four more hosts.
        pipeline(T0.plusSeconds(20)).ingest(AMP, List.of(event("b11", 11, 0, T0.plusSeconds(20)),
                event("b12", 12, 1, T0.plusSeconds(21)), event("b13", 13, 1, T0.plusSeconds(22)),
                event("b13x", 13, 1, T0.plusSeconds(23))), null);
        List<Row> after = topLevel().subList(10, topLevel().size());
        assertThat(after).hasSize(3);
        assertThat(after.get(0).markdown).contains("Alert storm").contains("one digest card per threat");
        assertThat(after.get(0).card).isNull();
        List<Row> digests = after.subList(1, 3);
        assertThat(digests).allMatch(r -> r.groupKey.startsWith(AlertStormStore.DIGEST_PREFIX) && r.card != null);
        for (Row d : digests) {
            CardValidator.assertValid(new Card((com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(d.card),
                    d.markdown));
            assertThat(d.card).contains(ActionIds.STORM_HOSTS).contains(ActionIds.STORM_INCIDENT);
        }
        Row threat1 = digests.stream().filter(r -> r.markdown.contains("Threat1")).findFirst().orElseThrow();
        assertThat(threat1.markdown).contains("Hosts affected: 2").contains("Events: 3").contains("WKS-13 (2)");

        // Later events, on hosts new and old: no announcement, no card per host; the digests' threads are updated.
        pipeline(T0.plusSeconds(60)).ingest(AMP, List.of(event("c14", 14, 1, T0.plusSeconds(60)),
                event("c15", 15, 1, T0.plusSeconds(61)), event("c3", 3, 0, T0.plusSeconds(62))), null);
        assertThat(topLevel()).hasSize(13);
        List<Row> updates = rows().stream().filter(r -> r.thread).toList();
        assertThat(updates).hasSize(2).allMatch(r -> r.groupKey.startsWith(AlertStormStore.DIGEST_PREFIX));
        assertThat(updates).anyMatch(r -> r.markdown.contains("Now 4 hosts, 5 events"));
        assertThat(updates).anyMatch(r -> r.markdown.contains("Now 2 hosts, 2 events"));
        // Every event is still recorded once.
        assertThat(count("SELECT COUNT(*) FROM alert_seen")).isEqualTo(17);
        String key = threat1.groupKey;
        assertThat(new AlertStormStore(db.dataSource()).hosts(key)).extracting(AlertStormStore.HostCount::host)
                .containsExactly("WKS-13", "WKS-12", "WKS-14", "WKS-15");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void the_storm_ends_after_a_quiet_window_and_single_host_cards_resume(String kind) throws Exception {
        db(kind);
        pipeline(T0).ingest(AMP, hosts(1, 12, 0, "s", T0), null);
        assertThat(stormStarted()).isTrue();
        // Within the window a new host still goes to the digest.
        pipeline(T0.plusSeconds(240)).ingest(AMP, List.of(event("x1", 40, 0, T0.plusSeconds(240))), null);
        assertThat(topLevel()).hasSize(2);
        // An empty poll inside the window after that keeps it.
        pipeline(T0.plusSeconds(400)).ingest(AMP, List.of(), null);
        assertThat(stormStarted()).isTrue();

        // A whole window after the last new host: the end is announced, and the next host gets its own card.
        Instant later = T0.plusSeconds(240 + 301);
        pipeline(later).ingest(AMP, List.of(event("y1", 50, 0, later)), null);
        List<Row> top = topLevel();
        assertThat(top).hasSize(4);
        assertThat(top.get(2).markdown).contains("Alert storm over").contains("13 events on 13 hosts");
        assertThat(top.get(3).card).isNotNull();
        assertThat(top.get(3).groupKey).doesNotStartWith(AlertStormStore.DIGEST_PREFIX);
        assertThat(top.get(3).markdown).contains("WKS-50");
        assertThat(stormStarted()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void auto_quarantine_still_fires_for_a_matching_host_in_storm_mode(String kind) throws Exception {
        db(kind);
        FakeContainment ise = new FakeContainment(ContainmentKind.QUARANTINE, "ISE");
        ContainmentService containment = new ContainmentService(Map.of(ContainmentKind.QUARANTINE, ise),
                new PendingActionStore(db.dataSource()), new ContainedTargetStore(db.dataSource()),
                new AuditStore(db.dataSource()), new Responders(List.of("alice@acme.example")), false,
                Duration.ofHours(24), Clock.fixed(T0, ZoneOffset.UTC));
        QuarantinePolicy policy = new QuarantinePolicy(true, false, Set.of("Quarantine Failure"), List.of());
        List<Alert> batch = new ArrayList<>(hosts(1, 12, 0, "q", T0));
        Alert bad = event("qf", 7, 0, T0.plusSeconds(30));
        batch.add(new Alert(bad.source(), bad.id(), bad.at(), "Quarantine Failure", bad.threat(), bad.severity(),
                bad.host(), bad.sha256(), null, null, null));

        pipeline(T0.plusSeconds(31), containment, policy).ingest(AMP, batch, null);

        assertThat(stormStarted()).isTrue();
        assertThat(ise.calls()).containsExactly("apply:" + mac(7));
        assertThat(topLevel()).noneMatch(r -> r.groupKey != null && !r.groupKey.startsWith(AlertStormStore.DIGEST_PREFIX));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void every_event_of_a_storm_is_findable_by_host_threat_and_time_and_its_digest_lists_its_hosts(String kind)
            throws Exception {
        db(kind);
        List<Alert> batch = new ArrayList<>(hosts(1, 12, 0, "f", T0));
        batch.add(event("g1", 3, 1, T0.plusSeconds(100)));
        batch.add(event("g2", 3, 1, T0.plusSeconds(200)));
        pipeline(T0.plusSeconds(300)).ingest(AMP, batch, null);
        AlertSeenStore seen = new AlertSeenStore(db.dataSource());

        assertThat(seen.find("wks-3", null, null, 50)).hasSize(3);
        assertThat(seen.find("10.0.0.3", "threat1", null, 50)).extracting(f -> f.at())
                .containsExactly(T0.plusSeconds(200), T0.plusSeconds(100));
        assertThat(seen.find(null, String.format("%064x", 2), T0.plusSeconds(150), 50)).hasSize(1);
        assertThat(seen.find(null, "W32.Storm.Threat0", null, 50)).hasSize(12);
        assertThat(seen.find("wks_", null, null, 50)).isEmpty();

        String key = topLevel().stream().filter(r -> r.markdown.contains("Threat1")).findFirst().orElseThrow().groupKey;
        AlertStormStore.DigestEvents d = seen.storms().events(key).orElseThrow();
        assertThat(d.threat()).isEqualTo("W32.Storm.Threat1");
        assertThat(d.firstSeen()).isEqualTo(T0.plusSeconds(100));
        assertThat(d.hosts()).extracting(Alert.AlertHost::hostname).containsExactly("WKS-3");
        assertThat(seen.storms().events("ampforendpoints|x")).isEmpty();
    }

    @Test
    void two_instances_crossing_the_threshold_together_announce_the_storm_once() throws Exception {
        db("postgres");
        // The source's cursor row exists already (its first insert is another race, not this test's).
        pipeline(T0).ingest(AMP, List.of(), null);
        CyclicBarrier go = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int base = i * 100;
                Callable<Object> ingest = () -> {
                    AlertPipeline p = pipeline(T0);
                    go.await();
                    return p.ingest(AMP, hosts(base + 1, base + 8, 0, "p" + base + "-", T0), null);
                };
                done.add(pool.submit(ingest));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // 16 new hosts in all, 8 each: only the second transaction to take the room's row crosses 10, once.
        assertThat(rows().stream().filter(r -> r.markdown.contains("**Alert storm:**"))).hasSize(1);
        assertThat(topLevel()).hasSize(8 + 1 + 1);
    }

    private static List<Alert> hosts(int from, int to, int threat, String prefix, Instant at) {
        List<Alert> out = new ArrayList<>();
        for (int h = from; h <= to; h++) {
            out.add(event(prefix + h, h, threat, at.plusSeconds(h - from)));
        }
        return out;
    }

    private static Alert event(String id, int host, int threat, Instant at) {
        return new Alert(AMP, id, at, "Executed Malware", "W32.Storm.Threat" + threat, "High",
                new Alert.AlertHost("WKS-" + host, "10.0.0." + host, mac(host), null),
                String.format("%064x", threat + 1), null, null, null);
    }

    private static String mac(int host) {
        return String.format("00:50:56:a1:00:%02x", host);
    }

    private record Row(String groupKey, boolean thread, String markdown, String card) {
    }

    private List<Row> rows() throws Exception {
        List<Row> out = new ArrayList<>();
        try (var c = db.dataSource().getConnection(); var s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT group_key, thread_of_group, markdown, card_json FROM outbox ORDER BY id")) {
            while (rs.next()) {
                out.add(new Row(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4)));
            }
        }
        return out;
    }

    private List<Row> topLevel() throws Exception {
        return rows().stream().filter(r -> !r.thread).toList();
    }

    private long count(String sql) throws Exception {
        try (var c = db.dataSource().getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean stormStarted() throws Exception {
        return count("SELECT COUNT(*) FROM alert_storm WHERE started_at IS NOT NULL") == 1;
    }
}
