package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.store.Database;
import io.irflow.store.Jdbc;
import io.irflow.testing.FreshDatabases;
import io.irflow.testing.Racing;
import io.irflow.testing.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit log's hash chain on H2 and PostgreSQL: an intact chain verifies; an edited, removed or last-removed entry
 * is named by seq; appends from two instances sharing one database keep one chain; entries from before the chain are
 * chained by the migration.
 */
class AuditChainTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    @TempDir
    Path dir;

    private static AuditStore.Entry entry(int i) {
        return new AuditStore.Entry(T0.plusSeconds(i), "alice@example.com", "room-" + (i % 2),
                i % 3 == 0 ? AuditStore.Event.REQUESTED : AuditStore.Event.EXECUTED, ContainmentKind.QUARANTINE,
                "ISE", "00:50:56:a1:3c:" + i, "step " + i, i % 3 == 0 ? null : 200, null, "ref-" + i);
    }

    private static AuditStore filled(DataSource ds, int n) {
        AuditStore audit = new AuditStore(ds);
        for (int i = 1; i <= n; i++) {
            audit.append(entry(i));
        }
        return audit;
    }

    private static AuditVerifier.Report verify(DataSource ds) {
        return new AuditVerifier(new AuditChainStore(ds)).verify();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void an_intact_chain_verifies_and_each_entry_links_to_the_one_before(String kind) {
        DataSource ds = databases.open(kind);
        assertThat(verify(ds).intact()).isTrue();
        assertThat(verify(ds).head()).isEqualTo(new AuditChainStore.Head(0, AuditChain.GENESIS));
        AuditStore audit = filled(ds, 5);
        // a time finer than the databases keep (and which PostgreSQL would round) is hashed as stored
        audit.append(new AuditStore.Entry(T0.plusNanos(123_456_789), "bob@example.com", null,
                AuditStore.Event.REFUSED, null, null, null, "x".repeat(1500), null, null, null));

        AuditVerifier.Report r = verify(ds);

        assertThat(r.broken()).isEmpty();
        assertThat(r.entries()).isEqualTo(6);
        List<AuditChainStore.Link> links = new AuditChainStore(ds).links(0, null, 100);
        assertThat(links).extracting(AuditChainStore.Link::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(links.get(0).prevHash()).isEqualTo(AuditChain.GENESIS);
        for (int i = 1; i < links.size(); i++) {
            assertThat(links.get(i).prevHash()).isEqualTo(links.get(i - 1).hash());
        }
        assertThat(r.head()).isEqualTo(new AuditChainStore.Head(6, links.get(5).hash()));
        assertThat(links.get(5).fields().at()).isEqualTo(T0.plusNanos(123_456_000));
        assertThat(audit.count()).isEqualTo(6);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void an_entry_edited_in_the_database_is_named_by_its_seq(String kind) {
        DataSource ds = databases.open(kind);
        filled(ds, 6);
        new Jdbc(ds).update("UPDATE audit_log SET actor = 'mallory@example.com' WHERE seq = 4");

        AuditVerifier.Report r = verify(ds);

        assertThat(r.intact()).isFalse();
        assertThat(r.broken().orElseThrow().seq()).isEqualTo(4);
        assertThat(r.broken().orElseThrow().problem()).isEqualTo(AuditVerifier.Problem.ALTERED);
        assertThat(r.broken().orElseThrow().detail()).contains("entry 4 was altered");
        assertThat(r.entries()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void an_event_edited_to_a_value_irflow_does_not_know_is_still_reported_and_so_is_a_rehashed_entry(String kind) {
        DataSource ds = databases.open(kind);
        filled(ds, 4);
        Jdbc jdbc = new Jdbc(ds);
        jdbc.update("UPDATE audit_log SET event = 'NOTHING_HAPPENED', product_status = NULL WHERE seq = 2");
        assertThat(verify(ds).broken().orElseThrow().seq()).isEqualTo(2);

        // the forger recomputes entry 2's own hash: the link from entry 3 still gives it away
        AuditChainStore.Link two = new AuditChainStore(ds).links(1, null, 1).get(0);
        jdbc.update("UPDATE audit_log SET hash = ? WHERE seq = 2", AuditChain.hash(2, two.prevHash(), two.fields()));
        AuditVerifier.Break b = verify(ds).broken().orElseThrow();

        assertThat(b.seq()).isEqualTo(3);
        assertThat(b.problem()).isEqualTo(AuditVerifier.Problem.LINK);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_removed_middle_entry_is_named_by_its_seq(String kind) {
        DataSource ds = databases.open(kind);
        filled(ds, 6);
        new Jdbc(ds).update("DELETE FROM audit_log WHERE seq = 3");

        AuditVerifier.Break b = verify(ds).broken().orElseThrow();

        assertThat(b.seq()).isEqualTo(3);
        assertThat(b.problem()).isEqualTo(AuditVerifier.Problem.REMOVED);
        assertThat(b.detail()).contains("entry 3 is missing");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_removed_last_entry_is_caught_by_the_head_and_so_is_a_rewritten_head(String kind) {
        DataSource ds = databases.open(kind);
        filled(ds, 5);
        Jdbc jdbc = new Jdbc(ds);
        jdbc.update("DELETE FROM audit_log WHERE seq = 5");

        AuditVerifier.Break b = verify(ds).broken().orElseThrow();

        assertThat(b.seq()).isEqualTo(5);
        assertThat(b.problem()).isEqualTo(AuditVerifier.Problem.REMOVED);
        assertThat(b.detail()).contains("entry 5, the last, is missing");

        jdbc.update("UPDATE audit_chain SET seq = 4, hash = ? WHERE id = 1", AuditChain.GENESIS);
        assertThat(verify(ds).broken().orElseThrow()).extracting(AuditVerifier.Break::seq, AuditVerifier.Break::problem)
                .containsExactly(4L, AuditVerifier.Problem.HEAD);
        jdbc.update("UPDATE audit_chain SET seq = 3 WHERE id = 1");
        assertThat(verify(ds).broken().orElseThrow()).extracting(AuditVerifier.Break::seq, AuditVerifier.Break::problem)
                .containsExactly(4L, AuditVerifier.Problem.HEAD);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void two_instances_appending_at_once_on_one_database_keep_one_valid_chain(String kind) throws Exception {
        String url = TestDatabases.freshUrl(kind, dir);
        try (Database one = TestDatabases.open(url); Database two = TestDatabases.open(url)) {
            List<AuditStore> instances = List.of(new AuditStore(one.dataSource()), new AuditStore(two.dataSource()));
            AtomicInteger thread = new AtomicInteger();
            int each = 40;

            Racing.run(4, () -> {
                int t = thread.getAndIncrement();
                AuditStore mine = instances.get(t % 2);
                for (int i = 0; i < each; i++) {
                    mine.append(entry(t * 1000 + i));
                }
                return t;
            });

            AuditVerifier.Report r = verify(two.dataSource());
            assertThat(r.broken()).isEmpty();
            assertThat(r.entries()).isEqualTo(4L * each);
            assertThat(r.head().seq()).isEqualTo(4L * each);
            assertThat(instances.get(0).count()).isEqualTo(4 * each);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_removed_head_breaks_the_chain_and_stops_appends_rather_than_starting_a_new_chain(String kind) {
        DataSource ds = databases.open(kind);
        AuditStore audit = filled(ds, 3);
        new Jdbc(ds).update("DELETE FROM audit_chain");

        AuditVerifier.Report r = verify(ds);

        assertThat(r.broken().orElseThrow()).extracting(AuditVerifier.Break::seq, AuditVerifier.Break::problem)
                .containsExactly(3L, AuditVerifier.Problem.HEAD);
        assertThat(r.broken().orElseThrow().detail()).contains("head").contains("missing");
        assertThatThrownBy(() -> audit.append(entry(4)))
                .hasMessageContaining("audit chain head");
        assertThat(audit.count()).isEqualTo(3);
    }

    @Test
    void verifying_while_another_instance_appends_never_reports_a_break() throws Exception {
        String url = TestDatabases.freshUrl("postgres", dir);
        try (Database writer = TestDatabases.open(url); Database reader = TestDatabases.open(url)) {
            AuditStore audit = new AuditStore(writer.dataSource());
            AuditVerifier verifier = new AuditVerifier(new AuditChainStore(reader.dataSource()));
            AtomicBoolean done = new AtomicBoolean();
            Thread appender = new Thread(() -> {
                for (int i = 0; i < 300; i++) {
                    audit.append(entry(i));
                }
                done.set(true);
            });
            appender.start();
            int walks = 0;
            while (!done.get() || walks == 0) {
                AuditVerifier.Report r = verifier.verify();
                assertThat(r.broken()).as("walk %d", walks).isEmpty();
                assertThat(r.head().seq()).isEqualTo(r.entries());
                walks++;
            }
            appender.join();
            assertThat(verifier.verify().entries()).isEqualTo(300);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void entries_written_before_the_chain_are_chained_by_the_migration_oldest_first(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        Flyway.configure().dataSource(url, kind.equals("h2") ? "sa" : null, kind.equals("h2") ? "" : null)
                .locations("classpath:db/migration").target("21").load().migrate();
        List<String> outcomes = new ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection(url, kind.equals("h2") ? "sa" : null,
                kind.equals("h2") ? "" : null)) {
            for (int i = 0; i < 3; i++) {
                Jdbc.update(c, "INSERT INTO audit_log (at, actor, room_id, event, kind, product, target, outcome, "
                                + "product_status, tracking_id, ref) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        java.time.OffsetDateTime.parse("2026-11-0" + (3 - i) + "T08:00:00.000001Z"),
                        "carol@example.com", "room", "EXECUTED", "ISOLATE", "AMP", "guid-" + i, "old " + i, i == 1 ? null : 202, null, null);
                outcomes.add("old " + i);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }

        try (Database db = TestDatabases.open(url)) {
            DataSource ds = db.dataSource();
            AuditVerifier.Report r = verify(ds);
            assertThat(r.broken()).isEmpty();
            assertThat(r.entries()).isEqualTo(3);
            // chain order is the order they were written (by id), not by time
            assertThat(new AuditChainStore(ds).links(0, null, 10)).extracting(l -> l.fields().outcome())
                    .containsExactlyElementsOf(outcomes);

            new AuditStore(ds).append(entry(9));
            assertThat(verify(ds).head().seq()).isEqualTo(4);
            assertThat(verify(ds).intact()).isTrue();
            new Jdbc(ds).update("UPDATE audit_log SET outcome = 'rewritten' WHERE outcome = 'old 1'");
            assertThat(verify(ds).broken().orElseThrow().seq()).isEqualTo(2);
        }
    }

    @Test
    void the_canonical_form_is_pinned_so_an_auditor_can_recompute_it() {
        AuditChain.Fields f = new AuditChain.Fields(Instant.parse("2026-12-04T06:26:00.5Z"), "alice@example.com",
                null, "EXECUTED", "QUARANTINE", "ISE", "00:50:56:A1:3C:7E", "done\nok", 200, null, "r1");

        assertThat(AuditChain.canonical(7, AuditChain.GENESIS, f)).isEqualTo("""
                irflow-audit-v1
                seq=1:7
                at=24:2026-12-04T06:26:00.500Z
                actor=17:alice@example.com
                room_id=-
                event=8:EXECUTED
                kind=10:QUARANTINE
                product=3:ISE
                target=17:00:50:56:A1:3C:7E
                outcome=7:done
                ok
                product_status=3:200
                tracking_id=-
                ref=2:r1
                prev_hash=64:%s
                """.formatted(AuditChain.GENESIS));
        assertThat(AuditChain.hash(7, AuditChain.GENESIS, f)).hasSize(64).matches("[0-9a-f]+")
                .isNotEqualTo(AuditChain.hash(8, AuditChain.GENESIS, f))
                .isNotEqualTo(AuditChain.hash(7, AuditChain.GENESIS, new AuditChain.Fields(f.at(), f.actor(), "",
                        f.event(), f.kind(), f.product(), f.target(), f.outcome(), f.productStatus(), f.trackingId(),
                        f.ref())));
    }
}
