package io.irflow.webex.socket;

import io.irflow.store.Database;
import io.irflow.testing.MutableClock;
import io.irflow.testing.TestDatabases;
import io.irflow.webex.webhook.WebhookEvent;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

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
    void firstSightOnceEvenUnderRacesAndAcrossReopen(String kind) throws Exception {
        String url = TestDatabases.freshUrl(kind, dir);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
        try (Database db = TestDatabases.open(url)) {
            HandledEventStore events = new HandledEventStore(db.dataSource(), clock);
            WebhookEvent m = message("m1", "2026-11-27T09:59:00.000Z");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            ConcurrentLinkedQueue<Boolean> firsts = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < 16; i++) {
                pool.execute(() -> {
                    try {
                        go.await();
                        firsts.add(events.firstSight(m));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            go.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
            assertThat(firsts).hasSize(16).containsOnlyOnce(true);
            assertThat(events.unfinished()).extracting(WebhookEvent::dedupeKey).containsExactly("messages:m1");
            assertThat(events.firstSight(message("m2", "2026-11-27T09:59:30.000Z"))).isTrue();
            events.done(m);
        }
        try (Database db = TestDatabases.open(url)) {
            HandledEventStore events = new HandledEventStore(db.dataSource(), clock);
            assertThat(events.firstSight(message("m1", null))).as("remembered across a restart").isFalse();
            assertThat(events.unfinished()).as("m2 never finished").extracting(e -> e.data().id()).containsExactly("m2");
            assertThat(events.newest()).contains(Instant.parse("2026-11-27T09:59:30Z"));
            events.forget(message("m2", null));
            assertThat(events.firstSight(message("m2", null))).as("forgotten (could not be queued): taken again").isTrue();
            clock.advance(Duration.ofDays(15));
            assertThat(events.purge(Duration.ofDays(14))).as("only finished rows are purged").isEqualTo(1);
            assertThat(events.unfinished()).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aFinishedEventIsNotForgottenAndMessagesAreKnownByTheirId(String kind) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
        try (Database db = TestDatabases.open(TestDatabases.freshUrl(kind, dir))) {
            HandledEventStore events = new HandledEventStore(db.dataSource(), clock);
            assertThat(events.newest()).isEmpty();
            WebhookEvent m = message("m1", "not a time");
            assertThat(events.firstSight(m)).isTrue();
            assertThat(events.newest()).as("no Webex time recorded").isEmpty();
            assertThat(events.hasMessage("m1")).isTrue();
            assertThat(events.hasMessage("m2")).isFalse();

            events.done(m);
            events.forget(m);

            assertThat(events.hasMessage("m1")).as("a finished event stays taken").isTrue();
            assertThat(events.firstSight(m)).isFalse();
            assertThat(events.unfinished()).isEmpty();
            assertThat(events.purge(Duration.ofDays(14))).as("too young to purge").isZero();
        }
    }
}
