package io.irflow.alerts;

import io.irflow.capabilities.Alert;
import io.irflow.store.Jdbc;
import io.irflow.testing.FreshDatabases;
import io.irflow.testing.Racing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ingest of alert events: each stored once (across batches, restarts and concurrent pollers), one card per group
 * and one coalesced threaded update, the cursor moved in the same transaction, and lookups by a card's reference.
 */
class AlertSeenStoreTest {
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final String SOURCE = "AMP for Endpoints";

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    /** An event on wks-1 with the given hash, at T0 plus {@code minutes}. */
    static Alert event(String id, String sha256, long minutes) {
        return new Alert(SOURCE, id, T0.plus(Duration.ofMinutes(minutes)), "Executed malware", "W32.Test", "high",
                new Alert.AlertHost("WKS-1", "10.1.2.3", "00:50:56:9a:4b:1c", null), sha256, null, null, null);
    }

    /** Draws cards as "card <id>" and updates as "<count> events". */
    static final AlertSeenStore.Renderer RENDERER = new AlertSeenStore.Renderer() {
        @Override
        public AlertOutboxStore.Post card(Alert alert, String ref) {
            return new AlertOutboxStore.Post("card " + alert.id(), "{}");
        }

        @Override
        public AlertOutboxStore.Post update(Alert alert, int count) {
            return new AlertOutboxStore.Post(count + " events", null);
        }
    };

    static List<AlertSeenStore.Ingested> ingest(AlertSeenStore store, String cursor, Instant now, Alert... alerts) {
        return store.ingest(SOURCE, List.of(alerts), cursor, "room", WINDOW, now, RENDERER);
    }

    static List<String> posts(DataSource ds) {
        return new Jdbc(ds).query("SELECT markdown, thread_of_group FROM outbox ORDER BY id",
                rs -> (rs.getBoolean(2) ? "thread: " : "") + rs.getString(1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void events_are_stored_once_and_a_group_gets_one_card_and_one_coalesced_update(String kind) {
        DataSource ds = databases.open(kind);
        AlertSeenStore store = new AlertSeenStore(ds);

        List<AlertSeenStore.Ingested> fresh = ingest(store, "c1", T0, event("e1", "aa", 0), event("e2", "aa", 1),
                event("e3", "aa", 2), event("e1", "aa", 0), event("x1", "bb", 0));

        assertThat(fresh).extracting(i -> i.alert().id()).containsExactly("e1", "e2", "e3", "x1");
        assertThat(fresh).extracting(AlertSeenStore.Ingested::ref).doesNotHaveDuplicates().allMatch(r -> r.length() >= 20);
        assertThat(fresh).allMatch(i -> i.heldPost() == null);
        assertThat(posts(ds)).containsExactly("card e1", "card x1", "thread: 3 events");
        assertThat(new AlertSourceStore(ds).cursor(SOURCE)).isEqualTo("c1");

        // A later page overlapping the first stores only what is new; its update merges into the one still waiting.
        assertThat(ingest(store, "c2", T0, event("e3", "aa", 2), event("e4", "aa", 3))).extracting(i -> i.alert().id())
                .containsExactly("e4");
        assertThat(posts(ds)).containsExactly("card e1", "card x1", "thread: 4 events");
        assertThat(ingest(store, "c3", T0, event("e4", "aa", 3))).isEmpty();
        assertThat(posts(ds)).hasSize(3);
        assertThat(new AlertSourceStore(ds).cursor(SOURCE)).isEqualTo("c3");
        assertThat(store.seen(SOURCE, "e4")).isTrue();
        assertThat(store.seen(SOURCE, "e5")).isFalse();
        assertThat(store.seen("other source", "e4")).isFalse();
    }

    @Test
    void an_event_after_the_window_starts_a_new_group_with_its_own_card_after_the_old_groups_update() {
        DataSource ds = databases.open("h2");
        AlertSeenStore store = new AlertSeenStore(ds);

        ingest(store, "c1", T0, event("e1", "aa", 0), event("e2", "aa", 5), event("e3", "aa", 16));

        assertThat(posts(ds)).containsExactly("card e1", "thread: 2 events", "card e3");
        assertThat(new Jdbc(ds).query("SELECT event_count, first_at FROM alert_group", rs -> rs.getInt(1) + "@"
                + Jdbc.instant(rs, 2))).containsExactly("1@" + T0.plus(Duration.ofMinutes(16)));

        // In a later batch the stored group (now e3's) takes the update, still within its window.
        ingest(store, "c2", T0, event("e4", "aa", 20));
        assertThat(new Jdbc(ds).query("SELECT event_count FROM alert_group", rs -> rs.getInt(1))).containsExactly(2);
    }

    @Test
    void a_renderer_that_throws_rolls_everything_back_and_the_cursor_stays() {
        DataSource ds = databases.open("h2");
        AlertSeenStore store = new AlertSeenStore(ds);
        ingest(store, "c1", T0, event("e1", "aa", 0));

        assertThatThrownBy(() -> store.ingest(SOURCE, List.of(event("e2", "bb", 1)), "c2", "room", WINDOW, T0,
                new AlertSeenStore.Renderer() {
                    @Override
                    public AlertOutboxStore.Post card(Alert alert, String ref) {
                        throw new IllegalStateException("renderer bug");
                    }

                    @Override
                    public AlertOutboxStore.Post update(Alert alert, int count) {
                        throw new IllegalStateException("renderer bug");
                    }
                })).hasMessage("renderer bug");

        assertThat(store.seen(SOURCE, "e2")).isFalse();
        assertThat(posts(ds)).containsExactly("card e1");
        assertThat(new AlertSourceStore(ds).cursor(SOURCE)).isEqualTo("c1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void two_pollers_ingesting_the_same_event_at_once_store_and_post_it_exactly_once(String kind) throws Exception {
        DataSource ds = databases.open(kind);
        AlertSeenStore store = new AlertSeenStore(ds);
        // The losers' transactions hit the primary key, roll back and run again: they then see e1 stored.
        List<Integer> stored = Racing.run(4, () -> ingest(store, "c", T0, event("e1", "aa", 0)).size());

        assertThat(stored).containsOnlyOnce(1).containsOnly(0, 1);
        assertThat(posts(ds)).containsExactly("card e1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void two_sources_opening_one_new_group_at_once_both_store_their_event_under_one_card(String kind) throws Exception {
        DataSource ds = databases.open(kind);
        AlertSeenStore store = new AlertSeenStore(ds);
        // Both events fall into one group (same host and hash); each poller ingests its own at the same instant, as
        // the AMP and Cognitive pollers did in the demo (one failed on alert_group's key and waited a poll).
        List<Integer> stored = Racing.run(2, () -> {
            String id = Thread.currentThread().getName().hashCode() % 2 == 0 ? "e1" : "e2";
            return ingest(store, "c", T0, event(id + "-" + System.nanoTime(), "aa", 0)).size();
        });

        assertThat(stored).containsOnly(1);
        assertThat(new Jdbc(ds).query("SELECT COUNT(*) FROM alert_group", rs -> rs.getInt(1))).containsExactly(1);
        assertThat(posts(ds)).hasSize(2).first().asString().startsWith("card ");
        assertThat(posts(ds).get(1)).isEqualTo("thread: 2 events");
    }

    @Test
    void a_cards_reference_finds_the_stored_host_hash_title_and_time() {
        DataSource ds = databases.open("h2");
        AlertSeenStore store = new AlertSeenStore(ds);
        String longTitle = "x".repeat(600);
        Alert a = new Alert(SOURCE, "e1", T0, longTitle, null, null, null, "AA", null, null, null);
        String ref = ingest(store, "c", T0, a, event("e2", "bb", 0)).get(0).ref();

        assertThat(store.hostOf(ref)).contains(new Alert.AlertHost(null, null, null, null));
        assertThat(store.alertOf(ref)).hasValueSatisfying(s -> {
            assertThat(s.title()).hasSize(500).endsWith("…");
            assertThat(s.sha256()).isEqualTo("AA");
            assertThat(s.at()).isEqualTo(T0);
        });
        String other = store.ingest(SOURCE, List.of(event("e3", "cc", 0)), "c", "room", WINDOW, T0, RENDERER).get(0).ref();
        assertThat(store.hostOf(other)).contains(new Alert.AlertHost("WKS-1", "10.1.2.3", "00:50:56:9a:4b:1c", null));
        assertThat(store.hostOf("no-such-ref")).isEmpty();
        assertThat(store.alertOf("no-such-ref")).isEmpty();
    }
}
