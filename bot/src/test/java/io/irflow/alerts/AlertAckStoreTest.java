package io.irflow.alerts;

import io.irflow.capabilities.Alert;
import io.irflow.store.Jdbc;
import io.irflow.testing.FreshDatabases;
import io.irflow.testing.Racing;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.irflow.alerts.AlertSeenStoreTest.RENDERER;
import static io.irflow.alerts.AlertSeenStoreTest.SOURCE;
import static io.irflow.alerts.AlertSeenStoreTest.T0;
import static io.irflow.alerts.AlertSeenStoreTest.WINDOW;
import static io.irflow.alerts.AlertSeenStoreTest.event;
import static io.irflow.alerts.AlertSeenStoreTest.ingest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** "I'm on it" records, on the embedded database and PostgreSQL: one per alert group, the first press wins. */
class AlertAckStoreTest {
    private static final String ALICE = "alice@example.com";
    private static final String BOB = "bob@example.com";

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void the_first_press_takes_the_group_and_every_later_press_on_any_of_its_cards_finds_that_record(String kind) {
        DataSource ds = databases.open(kind);
        AlertSeenStore seen = new AlertSeenStore(ds);
        List<AlertSeenStore.Ingested> fresh = ingest(seen, "c1", T0, event("e1", "aa", 0), event("e2", "aa", 1));
        AlertAckStore acks = seen.acks();

        AlertAckStore.Target t = acks.ofAlert(fresh.get(0).ref()).orElseThrow();
        assertThat(t.ended()).isFalse();
        assertThat(t.label()).isEqualTo("W32.Test on WKS-1");
        assertThat(t.hostKeys()).containsExactlyInAnyOrder("wks-1", "10.1.2.3", "00:50:56:9a:4b:1c");
        assertThat(acks.untaken(T0.minusSeconds(60))).isEqualTo(1);

        AlertAckStore.Outcome first = acks.acknowledge(t, ALICE, "person-alice", T0.plusSeconds(90));
        assertThat(first.fresh()).isTrue();
        assertThat(first.ack().by()).isEqualTo(ALICE);

        // The other card of the same run (its own reference) is the same group: bob finds alice's record.
        AlertAckStore.Target other = acks.ofAlert(fresh.get(1).ref()).orElseThrow();
        assertThat(other.groupKey()).isEqualTo(t.groupKey());
        AlertAckStore.Outcome second = acks.acknowledge(other, BOB, "person-bob", T0.plusSeconds(120));
        assertThat(second.fresh()).isFalse();
        assertThat(second.ack().by()).isEqualTo(ALICE);
        assertThat(second.ack().at()).isEqualTo(T0.plusSeconds(90));
        AlertAckStore.Outcome again = acks.acknowledge(t, ALICE, "person-alice", T0.plusSeconds(150));
        assertThat(again.fresh()).isFalse();
        assertThat(again.ack().at()).isEqualTo(T0.plusSeconds(90));

        assertThat(count(ds, "SELECT COUNT(*) FROM alert_ack")).isEqualTo(1);
        assertThat(acks.since(T0, 10)).singleElement().satisfies(a -> {
            assertThat(a.by()).isEqualTo(ALICE);
            assertThat(a.label()).isEqualTo("W32.Test on WKS-1");
        });
        assertThat(acks.untaken(T0.minusSeconds(60))).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void eight_people_pressing_at_the_same_instant_leave_one_record_and_all_are_told_the_same_winner(String kind)
            throws Exception {
        DataSource ds = databases.open(kind);
        AlertSeenStore seen = new AlertSeenStore(ds);
        String ref = ingest(seen, "c1", T0, event("e1", "aa", 0)).get(0).ref();
        AtomicInteger n = new AtomicInteger();

        // Each press as its own instance would do it: its own store, its own lookup of the card's reference.
        List<AlertAckStore.Outcome> outcomes = Racing.run(8, () -> {
            AlertAckStore store = new AlertAckStore(ds);
            String who = "analyst" + n.incrementAndGet() + "@example.com";
            return store.acknowledge(store.ofAlert(ref).orElseThrow(), who, who, T0.plusSeconds(60));
        });

        assertThat(outcomes).filteredOn(AlertAckStore.Outcome::fresh).hasSize(1);
        String winner = outcomes.stream().filter(AlertAckStore.Outcome::fresh).findFirst().orElseThrow().ack().by();
        assertThat(outcomes).extracting(o -> o.ack().by()).containsOnly(winner);
        assertThat(count(ds, "SELECT COUNT(*) FROM alert_ack")).isEqualTo(1);
        assertThat(count(ds, "SELECT COUNT(*) FROM alert_ack_host")).isEqualTo(3);
        AlertAckStore reader = new AlertAckStore(ds);
        assertThat(reader.ofAlert(ref).flatMap(t -> reader.find(t.groupKey(), t.firstAt())))
                .hasValueSatisfying(a -> assertThat(a.by()).isEqualTo(winner));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void references_and_digest_keys_no_card_carries_find_nothing(String kind) {
        DataSource ds = databases.open(kind);
        AlertSeenStore seen = new AlertSeenStore(ds);
        ingest(seen, "c1", T0, event("e1", "aa", 0));
        AlertAckStore acks = seen.acks();
        String groupKey = new Jdbc(ds).query("SELECT group_key FROM alert_group", rs -> rs.getString(1)).get(0);

        for (String forged : new String[]{"", "x", "not a ref", "' OR '1'='1", "A".repeat(65),
                "AAAAAAAAAAAAAAAAAAAAAAAA", groupKey}) {
            assertThat(acks.ofAlert(forged)).as("ref %s", forged).isEmpty();
        }
        assertThat(acks.ofAlert(null)).isEmpty();
        // A digest key must name a storm digest: a host group's key (which the ingest never hands out) is refused.
        for (String forged : new String[]{"", groupKey, "storm|1|amp|nothing", "storm|" + "x".repeat(600)}) {
            assertThat(acks.ofDigest(forged)).as("digest %s", forged).isEmpty();
        }
        assertThat(count(ds, "SELECT COUNT(*) FROM alert_ack")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_card_of_an_earlier_run_of_the_hosts_thread_does_not_take_the_new_run(String kind) {
        DataSource ds = databases.open(kind);
        AlertSeenStore seen = new AlertSeenStore(ds);
        String old = ingest(seen, "c1", T0, event("e1", "aa", 0)).get(0).ref();
        // Past the window: the same host and threat open a new run of the group (a new top card).
        Instant later = T0.plus(WINDOW).plusSeconds(600);
        String current = seen.ingest(SOURCE, List.of(new Alert(SOURCE, "e9", later, "Executed malware", "W32.Test",
                "high", new Alert.AlertHost("WKS-1", "10.1.2.3", "00:50:56:9a:4b:1c", null), "aa", null, null, null)),
                "c2", "room", WINDOW, later, RENDERER).get(0).ref();
        AlertAckStore acks = seen.acks();

        AlertAckStore.Target ended = acks.ofAlert(old).orElseThrow();
        AlertAckStore.Target now = acks.ofAlert(current).orElseThrow();
        assertThat(ended.ended()).isTrue();
        assertThat(now.ended()).isFalse();
        assertThat(now.firstAt()).isEqualTo(later);
        assertThatThrownBy(() -> acks.acknowledge(ended, ALICE, null, later))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(acks.acknowledge(now, ALICE, null, later.plusSeconds(30)).fresh()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void the_first_acknowledgement_on_a_host_since_a_time_is_found_by_any_of_its_identifiers(String kind) {
        DataSource ds = databases.open(kind);
        AlertSeenStore seen = new AlertSeenStore(ds);
        String ref = ingest(seen, "c1", T0, event("e1", "aa", 0)).get(0).ref();
        AlertAckStore acks = seen.acks();
        assertThat(acks.firstFor(List.of("WKS-1"), T0)).isEmpty();
        acks.acknowledge(acks.ofAlert(ref).orElseThrow(), ALICE, null, T0.plusSeconds(300));

        assertThat(acks.firstFor(List.of("WKS-1"), T0)).hasValueSatisfying(a -> {
            assertThat(a.by()).isEqualTo(ALICE);
            assertThat(a.at()).isEqualTo(T0.plusSeconds(300));
        });
        assertThat(acks.firstFor(List.of("10.9.9.9", "00:50:56:9A:4B:1C"), T0)).isPresent();
        assertThat(acks.firstFor(List.of("wks-2", "10.9.9.9"), T0)).isEmpty();
        // Taken before the time asked about (an earlier episode on the host): not this one's.
        assertThat(acks.firstFor(List.of("wks-1"), T0.plusSeconds(301))).isEmpty();
        assertThat(acks.firstFor(List.of(), T0)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_storm_digest_is_taken_by_its_key_and_covers_every_host_it_recorded(String kind) {
        DataSource ds = databases.open(kind);
        AlertSeenStore seen = new AlertSeenStore(ds);
        List<AlertSeenStore.Placed> placed = List.of(1, 2, 3).stream().map(h -> AlertSeenStore.Placed.alone(
                new Alert(SOURCE, "s" + h, T0, "Executed malware", "W32.Storm", "high", new Alert.AlertHost("WKS-" + h,
                        "10.1.2." + h, null, null), "bb", null, null, null))).toList();
        seen.ingestPlaced(SOURCE, placed, "c1", "room", WINDOW, T0, RENDERER,
                new StormSettings(1, Duration.ofMinutes(5)));
        String digest = new Jdbc(ds).query("SELECT group_key FROM alert_group WHERE group_key LIKE 'storm|%'",
                rs -> rs.getString(1)).get(0);
        AlertAckStore acks = seen.acks();

        AlertAckStore.Target t = acks.ofDigest(digest).orElseThrow();
        assertThat(t.label()).isEqualTo("alert storm digest of W32.Storm");
        assertThat(t.hostKeys()).contains("wks-1", "wks-2", "wks-3", "10.1.2.3");
        assertThat(acks.acknowledge(t, BOB, null, T0.plusSeconds(10)).fresh()).isTrue();
        assertThat(acks.firstFor(List.of("wks-2"), T0)).hasValueSatisfying(a -> assertThat(a.by()).isEqualTo(BOB));
    }

    private static long count(DataSource ds, String sql) {
        return new Jdbc(ds).query(sql, rs -> rs.getLong(1)).get(0);
    }
}
