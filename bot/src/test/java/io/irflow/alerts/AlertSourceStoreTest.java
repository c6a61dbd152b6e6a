package io.irflow.alerts;

import io.irflow.store.Jdbc;
import io.irflow.testing.FreshDatabases;
import io.irflow.testing.Racing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.time.Instant;

import static io.irflow.alerts.AlertSeenStoreTest.SOURCE;
import static io.irflow.alerts.AlertSeenStoreTest.T0;
import static io.irflow.alerts.AlertSeenStoreTest.event;
import static io.irflow.alerts.AlertSeenStoreTest.ingest;
import static org.assertj.core.api.Assertions.assertThat;

/** Each source's cursor, last error and pause flag, as /alerts and the pollers read them. */
class AlertSourceStoreTest {
    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    @Test
    void a_failed_poll_is_recorded_without_a_cursor_and_a_good_one_moves_it_and_clears_the_error() {
        DataSource ds = databases.open("h2");
        AlertSourceStore sources = new AlertSourceStore(ds);
        assertThat(sources.cursor(SOURCE)).isNull();

        sources.pollFailed(SOURCE, "HTTP 503 " + "x".repeat(2000), T0);

        assertThat(sources.cursor(SOURCE)).isNull();
        assertThat(sources.sources(Instant.EPOCH)).singleElement().satisfies(s -> {
            assertThat(s.lastError()).startsWith("HTTP 503").hasSize(1000);
            assertThat(s.lastPollAt()).isEqualTo(T0);
            assertThat(s.paused()).isFalse();
            assertThat(s.seenToday()).isZero();
        });

        new Jdbc(ds).inTransaction(c -> {
            AlertSourceStore.saveCursor(c, SOURCE, "c1", T0.plusSeconds(60));
            return null;
        });

        assertThat(sources.cursor(SOURCE)).isEqualTo("c1");
        assertThat(sources.sources(Instant.EPOCH)).singleElement().satisfies(s -> {
            assertThat(s.lastError()).isNull();
            assertThat(s.lastPollAt()).isEqualTo(T0.plusSeconds(60));
        });
    }

    @Test
    void sources_count_the_alerts_seen_since_a_time_and_come_in_name_order() {
        DataSource ds = databases.open("h2");
        AlertSourceStore sources = new AlertSourceStore(ds);
        ingest(new AlertSeenStore(ds), "c1", T0, event("e1", "aa", 0), event("e2", "bb", 0));
        sources.pollFailed("A source", "down", T0);

        assertThat(sources.sources(T0)).extracting(s -> s.source() + "=" + s.seenToday())
                .containsExactly("A source=0", SOURCE + "=2");
        assertThat(sources.sources(T0.plusSeconds(1))).extracting(AlertSourceStore.SourceState::seenToday)
                .containsExactly(0L, 0L);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void pausing_a_source_never_seen_works_even_when_two_threads_do_it_at_once(String kind) throws Exception {
        AlertSourceStore sources = new AlertSourceStore(databases.open(kind));
        assertThat(sources.paused(SOURCE)).isFalse();
        Racing.run(4, () -> {
            sources.setPaused(SOURCE, true);
            return null;
        });

        assertThat(sources.paused(SOURCE)).isTrue();
        assertThat(sources.sources(Instant.EPOCH)).hasSize(1);
        sources.setPaused(SOURCE, false);
        assertThat(sources.paused(SOURCE)).isFalse();
        assertThat(sources.cursor(SOURCE)).isNull();
    }
}
