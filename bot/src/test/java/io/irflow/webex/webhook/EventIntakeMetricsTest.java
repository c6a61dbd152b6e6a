package io.irflow.webex.webhook;

import io.irflow.json.Json;
import io.irflow.testing.SignedWebhooks;
import io.irflow.testing.WebexStub;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the intake reports: every event received, duplicates, each processed event's latency, and the backlog's age. */
class EventIntakeMetricsTest {

    /** Counts what it is told. */
    private static final class Recorded implements IntakeMetrics {
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final List<Duration> processed = new CopyOnWriteArrayList<>();

        @Override
        public void received() {
            received.incrementAndGet();
        }

        @Override
        public void duplicate() {
            duplicates.incrementAndGet();
        }

        @Override
        public void processed(Duration sinceQueued) {
            processed.add(sinceQueued);
        }
    }

    private static WebhookEvent message(String id) throws Exception {
        return Json.mapper().treeToValue(SignedWebhooks.message(id, WebexStub.ROOM, "direct", WebexStub.ANALYST,
                WebexStub.ANALYST_EMAIL), WebhookEvent.class);
    }

    @Test
    void a_busy_worker_shows_a_backlog_whose_oldest_age_grows_and_each_event_reports_its_wait() throws Exception {
        Recorded metrics = new Recorded();
        CountDownLatch release = new CountDownLatch(1);
        EventIntake intake = new EventIntake(new EventIntake.BotIdentity("bot", "bot@webex.bot"), e -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, 1, 10, new RecentEvents(Duration.ofHours(1)), metrics);
        try {
            assertThat(intake.oldestQueued()).isEqualTo(Duration.ZERO);
            for (String id : List.of("m-1", "m-2", "m-3", "m-2")) {
                intake.accept(message(id));
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> intake.queued() == 2);
            Thread.sleep(200);

            assertThat(intake.oldestQueued()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(metrics.received).hasValue(4);
            assertThat(metrics.duplicates).hasValue(1);
            assertThat(metrics.processed).isEmpty();

            release.countDown();
            await().atMost(Duration.ofSeconds(2)).until(() -> metrics.processed.size() == 3);
            assertThat(intake.queued()).isZero();
            assertThat(intake.oldestQueued()).isEqualTo(Duration.ZERO);
            assertThat(metrics.processed).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(200)));
        } finally {
            intake.close();
        }
    }
}
