package io.irflow.webex.socket;

import io.irflow.store.Database;
import io.irflow.testing.MutableClock;
import io.irflow.testing.TestDatabases;
import io.irflow.webex.webhook.IntakeStore;
import io.irflow.webex.webhook.WebhookEvent;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HandledEventStoreTest {
    @TempDir
    Path dir;

    static WebhookEvent message(String id, String created) {
        return new WebhookEvent(null, "websocket", "messages", "created", "p",
                new WebhookEvent.Data(id, "room", "group", "p", "a@example.com", null, null, null, created));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void messages_taken_by_the_intake_are_known_by_id_and_the_newest_webex_time_is_the_catch_up_cursor(String kind) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
        try (Database db = TestDatabases.open(TestDatabases.freshUrl(kind, dir))) {
            HandledEventStore handled = new HandledEventStore(db.dataSource());
            IntakeStore intake = new IntakeStore(db.dataSource(), clock);
            assertThat(handled.newest()).isEmpty();

            intake.write(List.of(new IntakeStore.NewEvent(message("m0", "not a time"), null, null)), List.of());
            assertThat(handled.newest()).as("no Webex time recorded").isEmpty();
            intake.write(List.of(new IntakeStore.NewEvent(message("m1", "2026-11-27T09:59:00.000Z"), null, null),
                    new IntakeStore.NewEvent(message("m2", "2026-11-27T09:59:30.000Z"), null, null)), List.of());

            assertThat(handled.hasMessage("m1")).isTrue();
            assertThat(handled.hasMessage("m3")).isFalse();
            assertThat(handled.newest()).contains(Instant.parse("2026-11-27T09:59:30Z"));
        }
    }
}
