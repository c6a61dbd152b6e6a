package io.irflow.webex.webhook;

import io.irflow.testing.FreshDatabases;
import io.irflow.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the intake reports: every event received, duplicates, each processed event's latency, and the backlog in the table. */
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

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    @Test
    void a_busy_worker_shows_a_backlog_in_the_table_and_each_event_reports_its_wait() throws Exception {
        Recorded metrics = new Recorded();
        CountDownLatch release = new CountDownLatch(1);
        DataSource ds = databases.open("h2");
        try (EventIntake intake = new EventIntake(EventIntakeTest.BOT, e -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, new IntakeStore(ds, Clock.systemUTC()), 1, 10, TestConfigs.fastIntake(), Clock.systemUTC(), metrics)) {
            assertThat(intake.backlog().waiting()).isZero();
            assertThat(intake.backlog().oldestTakenAt()).isNull();
            Instant before = Instant.now();
            for (String id : List.of("m-1", "m-2", "m-3", "m-2")) {
                intake.accept(EventIntakeTest.message(id));
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> intake.queued() == 2);
            Thread.sleep(200);

            assertThat(intake.backlog().waiting()).isEqualTo(3);
            assertThat(intake.backlog().oldestTakenAt()).isBetween(before.minusSeconds(1), Instant.now().minusMillis(150));
            assertThat(metrics.received).hasValue(4);
            assertThat(metrics.duplicates).hasValue(1);
            assertThat(metrics.processed).isEmpty();

            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> metrics.processed.size() == 3);
            await().atMost(Duration.ofSeconds(5)).until(() -> intake.backlog().waiting() == 0);
            assertThat(intake.queued()).isZero();
            // The two that waited for the one worker report at least the 200 ms they waited.
            assertThat(metrics.processed.stream().filter(d -> d.compareTo(Duration.ofMillis(200)) >= 0).count())
                    .isGreaterThanOrEqualTo(2);
        }
    }
}
