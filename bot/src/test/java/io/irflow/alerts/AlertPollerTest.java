package io.irflow.alerts;

import io.irflow.cards.AlertCard;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.AlertSource;
import io.irflow.store.Database;
import io.irflow.testing.LogCapture;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A poller scheduled as {@code Alerting} schedules it ({@code scheduleWithFixedDelay}, where one escaped exception
 * would cancel every later run without a word) against a real embedded database that can be made to fail: it
 * survives database outages, product failures and errors, never skips events a failed poll fetched, and skips (and
 * logs) single events the store cannot hold while the rest of the batch goes through.
 */
class AlertPollerTest {
    private static final String SOURCE = "Test source";
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private Database database;
    private volatile int failingConnections;
    private AlertSourceStore store;
    private AlertSeenStore seen;
    private AlertOutboxStore outbox;
    private AlertPipeline pipeline;

    @BeforeEach
    void open() {
        database = TestDatabases.open(TestConfigs.memoryDatabase());
        store = new AlertSourceStore(flaky(database.dataSource()));
        seen = new AlertSeenStore(flaky(database.dataSource()));
        outbox = new AlertOutboxStore(flaky(database.dataSource()));
        pipeline = new AlertPipeline(seen, outbox, null, h -> new AlertCard.Context(null, null, null), QuarantinePolicy.off(),
                IdentityResolver.none(), "room", Duration.ofMinutes(10), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        database.close();
    }

    @Test
    void a_database_outage_during_a_poll_is_logged_and_the_next_poll_stores_the_same_events() {
        List<Alert> batch = List.of(alert("e1", T0), alert("e2", T0.plusSeconds(1)));
        Source source = new Source(n -> {
            if (n == 1) {
                failingConnections = 4; // the ingest, the failure record, the next poll's paused() and cursor()
            }
            return new AlertSource.Batch(batch, "cursor-after-e2");
        });

        try (LogCapture log = new LogCapture(AlertPoller.class)) {
            ScheduledFuture<?> task = scheduler.scheduleWithFixedDelay(new AlertPoller(source, pipeline, store, Clock.systemUTC()),
                    0, 20, TimeUnit.MILLISECONDS);

            await().atMost(Duration.ofSeconds(10)).until(() -> seen.seen(SOURCE, "e1") && seen.seen(SOURCE, "e2"));
            assertThat(store.cursor(SOURCE)).isEqualTo("cursor-after-e2");
            assertThat(task.isDone()).as("the scheduled poller is still scheduled").isFalse();
            assertThat(log.lines()).anyMatch(l -> l.startsWith(SOURCE + " poll failed; the next poll retries"));
            assertThat(outbox.pendingPosts()).isEqualTo(2);
        }
    }

    @Test
    void a_product_failure_a_bug_and_an_error_in_three_polls_do_not_stop_the_fourth() {
        Source source = new Source(n -> switch (n) {
            case 1 -> throw new AdapterException(SOURCE, AdapterException.Kind.UNAVAILABLE, "HTTP 503");
            case 2 -> throw new NullPointerException("a field irflow did not expect to be null");
            case 3 -> throw new StackOverflowError();
            default -> new AlertSource.Batch(List.of(alert("e9", T0)), "cursor-9");
        });

        ScheduledFuture<?> task = scheduler.scheduleWithFixedDelay(new AlertPoller(source, pipeline, store, Clock.systemUTC()),
                0, 20, TimeUnit.MILLISECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.seen(SOURCE, "e9"));
        assertThat(source.polls.get()).isGreaterThanOrEqualTo(4);
        assertThat(task.isDone()).isFalse();
        assertThat(store.sources(Instant.EPOCH)).singleElement().satisfies(s -> assertThat(s.lastError()).isNull());
    }

    @Test
    void events_the_store_cannot_hold_are_skipped_with_their_id_and_the_rest_of_the_batch_and_the_cursor_move_on() {
        Alert undated = alert("e-undated", null);
        Alert oddHost = new Alert(SOURCE, "e-odd-host", T0, "Executed malware", "x".repeat(5000), null,
                new Alert.AlertHost("h".repeat(300), "not an address but long " + "x".repeat(60), "zz:zz", "g".repeat(80)),
                "not-a-hash", null, null, null);
        Alert noId = alert(null, T0);
        Source source = new Source(n -> new AlertSource.Batch(new ArrayList<>(List.of(alert("e1", T0), undated, noId,
                oddHost, alert("e2", T0.plusSeconds(5)))), "cursor-past-all"));

        try (LogCapture log = new LogCapture(AlertPipeline.class)) {
            new AlertPoller(source, pipeline, store, Clock.systemUTC()).run();

            assertThat(seen.seen(SOURCE, "e1")).isTrue();
            assertThat(seen.seen(SOURCE, "e2")).isTrue();
            assertThat(seen.seen(SOURCE, "e-odd-host")).isTrue();
            assertThat(seen.seen(SOURCE, "e-undated")).isFalse();
            assertThat(store.cursor(SOURCE)).isEqualTo("cursor-past-all");
            assertThat(log.lines()).contains(SOURCE + ": skipped event e-undated: no date", SOURCE + ": skipped event ?: no id");
        }
    }

    // --- helpers

    private static Alert alert(String id, Instant at) {
        return new Alert(SOURCE, id, at, "Executed malware", "W32.Test", "High",
                new Alert.AlertHost("wks-" + id + ".corp.example.com", "10.1.2.3", "00:50:56:9a:4b:1c", null), null, null,
                null, null);
    }

    /** What the n-th poll answers. */
    private interface Answer {
        AlertSource.Batch apply(int n) throws AdapterException;
    }

    /** A source whose n-th poll (from 1) answers what {@code answer} says, or throws. */
    private static final class Source implements AlertSource {
        final AtomicInteger polls = new AtomicInteger();
        private final Answer answer;

        Source(Answer answer) {
            this.answer = answer;
        }

        @Override
        public String source() {
            return SOURCE;
        }

        @Override
        public Batch poll(String cursor) throws AdapterException {
            return answer.apply(polls.incrementAndGet());
        }
    }

    /** The data source, whose next {@code failingConnections} connections fail as a dropped pool would. */
    private DataSource flaky(DataSource real) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && failingConnections > 0) {
                        failingConnections--;
                        throw new SQLTransientConnectionException("connection is not available (test outage)");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
