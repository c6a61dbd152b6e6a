package io.irflow.chat;

import io.irflow.testing.FreshDatabases;
import io.irflow.testing.Racing;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The access control's memory: the log, one answer per outsider per interval, one notice per room, ever. */
class AccessStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Duration EVERY = Duration.ofMinutes(10);

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void the_log_keeps_the_newest_first_and_cuts_what_does_not_fit(String kind) {
        AccessStore store = new AccessStore(databases.open(kind));
        store.log(new AccessStore.Entry(T0, "p1", "", "room", "/quarantine", "responder", "refused"));
        store.log(new AccessStore.Entry(T0.plusSeconds(1), "p2", "eve@example.com", "room", "x".repeat(300), null,
                "y".repeat(2000)));

        assertThat(store.last(5)).extracting(AccessStore.Entry::personId).containsExactly("p2", "p1");
        assertThat(store.last(1).get(0)).satisfies(e -> {
            assertThat(e.attempted()).hasSize(200);
            assertThat(e.outcome()).hasSize(1000);
            assertThat(e.needed()).isNull();
            assertThat(e.at()).isEqualTo(T0.plusSeconds(1));
        });
        assertThat(store.last(5).get(1)).isEqualTo(new AccessStore.Entry(T0, "p1", "", "room", "/quarantine",
                "responder", "refused"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void an_outsider_is_answered_once_per_interval_even_when_eight_attempts_race_and_the_next_answer_counts_them(
            String kind) throws Exception {
        AccessStore store = new AccessStore(databases.open(kind));

        List<AccessStore.Refusal> first = Racing.run(8, () -> store.refusal("person-1", T0, EVERY));

        assertThat(first).filteredOn(AccessStore.Refusal::answer).containsExactly(new AccessStore.Refusal(true, 0));
        assertThat(store.refusal("person-1", T0.plus(EVERY).minusSeconds(1), EVERY).answer()).isFalse();
        assertThat(store.refusal("person-2", T0, EVERY).answer()).isTrue();
        assertThat(store.refusal("person-1", T0.plus(EVERY), EVERY)).isEqualTo(new AccessStore.Refusal(true, 8));
        assertThat(store.refusal("person-1", T0.plus(EVERY).plusSeconds(1), EVERY)).isEqualTo(new AccessStore.Refusal(false, 0));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_room_is_noticed_once_ever_even_when_eight_threads_race(String kind) throws Exception {
        AccessStore store = new AccessStore(databases.open(kind));

        assertThat(Racing.run(8, () -> store.firstNotice("room-a", T0))).containsOnlyOnce(true);
        assertThat(store.firstNotice("room-a", T0.plusSeconds(3600))).isFalse();
        assertThat(store.firstNotice("room-b", T0)).isTrue();
    }
}
