package io.irflow.webex.webhook;

import io.irflow.testing.FreshDatabases;
import io.irflow.testing.TestConfigs;
import io.irflow.store.Jdbc;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The durable intake on both databases: recorded before the answer, deduplicated in the table, claimed once across
 * instances (two intakes on one database), taken over when a lease lapses, failures retried then dead-lettered.
 */
class EventIntakeTest {
    static final EventIntake.BotIdentity BOT = new EventIntake.BotIdentity("bot-id", "irflow@webex.bot");

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    static WebhookEvent message(String id) {
        return new WebhookEvent("wh", "irflow messages", "messages", "created", "p",
                new WebhookEvent.Data(id, "room", "direct", "p", "a@example.com", null, null, null,
                        "2026-12-03T10:00:00.000Z"));
    }

    private static EventIntake intake(DataSource ds, EventHandler processor, int capacity) {
        return new EventIntake(BOT, processor, new IntakeStore(ds, Clock.systemUTC()), 4, capacity,
                TestConfigs.fastIntake(), Clock.systemUTC());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_delivery_is_in_the_table_when_accept_returns_and_a_repeat_is_a_duplicate(String kind) {
        DataSource ds = databases.open(kind);
        ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();
        try (EventIntake intake = intake(ds, e -> ran.add(e.data().id()), 100)) {
            assertThat(intake.accept(message("m1"))).isEqualTo(EventIntake.Outcome.ACCEPTED);
            assertThat(new Jdbc(ds).query("SELECT event_key FROM webex_event", rs -> rs.getString(1)))
                    .containsExactly("messages:m1");
            assertThat(intake.accept(message("m1"))).isEqualTo(EventIntake.Outcome.DUPLICATE);
            await().atMost(Duration.ofSeconds(5)).until(() -> intake.backlog().waiting() == 0);
            assertThat(ran).containsExactly("m1");
            assertThat(intake.accept(new WebhookEvent("wh", "x", "memberships", "created", "p", message("m2").data())))
                    .isEqualTo(EventIntake.Outcome.IGNORED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_webhook_delivery_is_stored_as_received_and_processed_from_what_was_stored(String kind) {
        DataSource ds = databases.open(kind);
        ConcurrentLinkedQueue<WebhookEvent> ran = new ConcurrentLinkedQueue<>();
        // Webex's envelope carries more than irflow reads (orgId, appId, ...): kept as it came, for the record.
        String raw = "{\"id\":\"wh\",\"name\":\"irflow messages\",\"resource\":\"messages\",\"event\":"
                + "\"created\",\"orgId\":\"org-1\",\"appId\":\"app-1\",\"actorId\":\"p\",\"data\":{\"id\":\"m9\","
                + "\"roomId\":\"room\",\"roomType\":\"direct\",\"personId\":\"p\",\"personEmail\":\"a@example.com\","
                + "\"created\":\"2026-12-03T10:00:00.000Z\"}}";
        WebhookEvent parsed;
        try {
            parsed = io.irflow.json.Json.mapper().readValue(raw, WebhookEvent.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        try (EventIntake intake = intake(ds, e -> {
            throw new IllegalStateException("first attempt fails: the retry reads the stored row");
        }, 100)) {
            assertThat(intake.accept(parsed, raw)).isEqualTo(EventIntake.Outcome.ACCEPTED);
            assertThat(new Jdbc(ds).query("SELECT event_json FROM webex_event", rs -> rs.getString(1)))
                    .containsExactly(raw);
        }
        try (EventIntake intake = intake(ds, ran::add, 100)) {
            new Jdbc(ds).update("UPDATE webex_event SET lease_until = NULL, claimed_by = NULL");
            await().atMost(Duration.ofSeconds(10)).until(() -> !ran.isEmpty());
            assertThat(ran.peek()).isEqualTo(parsed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_burst_beyond_the_capacity_is_all_accepted_and_each_event_runs_once(String kind) throws Exception {
        DataSource ds = databases.open(kind);
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(16);
        try (EventIntake intake = intake(ds, e -> {
            sleep(2);
            runs.computeIfAbsent(e.data().id(), k -> new AtomicInteger()).incrementAndGet();
        }, 10)) {
            List<Future<EventIntake.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                String id = "m" + i;
                outcomes.add(senders.submit(() -> intake.accept(message(id))));
                outcomes.add(senders.submit(() -> intake.accept(message(id))));
            }
            int accepted = 0;
            for (Future<EventIntake.Outcome> f : outcomes) {
                EventIntake.Outcome o = f.get();
                assertThat(o).isIn(EventIntake.Outcome.ACCEPTED, EventIntake.Outcome.DUPLICATE);
                accepted += o == EventIntake.Outcome.ACCEPTED ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(500);
            await().atMost(Duration.ofSeconds(30)).until(() -> runs.size() == 500 && intake.backlog().waiting() == 0);
            assertThat(runs.values()).allMatch(n -> n.get() == 1);
        } finally {
            senders.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_failing_event_is_retried_then_dead_lettered_without_holding_up_the_others(String kind) {
        DataSource ds = databases.open(kind);
        AtomicInteger poisonRuns = new AtomicInteger();
        ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();
        try (EventIntake intake = intake(ds, e -> {
            if (e.data().id().equals("poison")) {
                poisonRuns.incrementAndGet();
                throw new IllegalStateException("boom");
            }
            ran.add(e.data().id());
        }, 100)) {
            intake.accept(message("poison"));
            for (int i = 0; i < 20; i++) {
                intake.accept(message("m" + i));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 20);
            await().atMost(Duration.ofSeconds(15)).until(() -> intake.deadLetteredCount() == 1);
            assertThat(poisonRuns).hasValue(TestConfigs.fastIntake().maxAttempts());
            assertThat(new Jdbc(ds).query("SELECT attempts, last_error FROM webex_event WHERE event_key = ? "
                    + "AND dead_at IS NOT NULL AND done_at IS NOT NULL", rs -> rs.getInt(1) + " " + rs.getString(2),
                    "messages:poison")).containsExactly("3 IllegalStateException: boom");
            assertThat(intake.backlog().waiting()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void events_held_by_an_instance_that_died_are_run_by_another_once_the_lease_lapses(String kind) {
        DataSource ds = databases.open(kind);
        IntakeStore store = new IntakeStore(ds, Clock.systemUTC());
        List<IntakeStore.NewEvent> held = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            held.add(new IntakeStore.NewEvent(message("m" + i), "dead-instance", Instant.now().plusSeconds(1)));
        }
        store.write(held, List.of());
        ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();
        try (EventIntake intake = intake(ds, e -> ran.add(e.data().id()), 100)) {
            sleep(500);
            assertThat(ran).as("not while the lease holds").isEmpty();
            await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 30);
            sleep(300);
            assertThat(ran).doesNotHaveDuplicates().hasSize(30);
            await().atMost(Duration.ofSeconds(5)).until(() -> intake.backlog().waiting() == 0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void an_event_taken_over_is_not_run_again_when_the_handler_says_it_was_answered(String kind) {
        DataSource ds = databases.open(kind);
        new IntakeStore(ds, Clock.systemUTC()).write(List.of(
                new IntakeStore.NewEvent(message("replied-before-the-kill"), "dead-instance", Instant.now()),
                new IntakeStore.NewEvent(message("not-replied"), "dead-instance", Instant.now())), List.of());
        ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> asked = new ConcurrentLinkedQueue<>();
        EventHandler handler = new EventHandler() {
            @Override
            public void accept(WebhookEvent e) {
                ran.add(e.data().id());
            }

            @Override
            public boolean answered(WebhookEvent e) {
                asked.add(e.data().id());
                return e.data().id().equals("replied-before-the-kill");
            }
        };
        try (EventIntake intake = intake(ds, handler, 100)) {
            assertThat(intake.accept(message("fresh"))).isEqualTo(EventIntake.Outcome.ACCEPTED);
            await().atMost(Duration.ofSeconds(5)).until(() -> intake.backlog().waiting() == 0);
            assertThat(ran).containsExactlyInAnyOrder("not-replied", "fresh");
            assertThat(asked).as("only events claimed again are asked about").containsExactlyInAnyOrder(
                    "replied-before-the-kill", "not-replied");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres"})
    void claims_racing_from_three_instances_take_each_row_once(String kind) throws Exception {
        DataSource ds = databases.open(kind);
        IntakeStore store = new IntakeStore(ds, Clock.systemUTC());
        List<IntakeStore.NewEvent> rows = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            rows.add(new IntakeStore.NewEvent(message("m" + i), null, null));
        }
        store.write(rows, List.of());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<String>>> takes = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                String owner = "instance-" + n;
                takes.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    List<IntakeStore.Claimed> got;
                    while (!(got = store.claim(owner, 25, Instant.now().plusSeconds(60))).isEmpty()) {
                        got.forEach(c -> mine.add(c.event().data().id()));
                    }
                    return mine;
                }));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : takes) {
                all.addAll(f.get());
            }
            assertThat(all).hasSize(600).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres"})
    void the_same_keys_recorded_by_two_instances_at_once_are_new_for_exactly_one(String kind) throws Exception {
        DataSource ds = databases.open(kind);
        IntakeStore a = new IntakeStore(ds, Clock.systemUTC());
        IntakeStore b = new IntakeStore(ds, Clock.systemUTC());
        List<IntakeStore.NewEvent> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(new IntakeStore.NewEvent(message("m" + i), null, null));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<boolean[]> fa = pool.submit(() -> a.write(rows, List.of()));
            Future<boolean[]> fb = pool.submit(() -> b.write(rows, List.of()));
            boolean[] ra = fa.get();
            boolean[] rb = fb.get();
            for (int i = 0; i < rows.size(); i++) {
                assertThat(ra[i] ^ rb[i]).as("row %d new for exactly one", i).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_clean_stop_hands_back_what_it_held_and_the_retention_keeps_unfinished_rows(String kind) {
        DataSource ds = databases.open(kind);
        IntakeStore store = new IntakeStore(ds, Clock.systemUTC());
        store.write(List.of(new IntakeStore.NewEvent(message("held"), "me", Instant.now().plusSeconds(60)),
                new IntakeStore.NewEvent(message("finished"), "me", Instant.now().plusSeconds(60))), List.of());
        store.write(List.of(), List.of("messages:finished"));
        assertThat(store.claim("other", 10, Instant.now().plusSeconds(60))).isEmpty();

        assertThat(store.release("me")).isEqualTo(1);

        assertThat(store.claim("other", 10, Instant.now().plusSeconds(60))).extracting(c -> c.event().data().id())
                .containsExactly("held");
        assertThat(store.purge(Duration.ofSeconds(-1))).as("only the finished row").isEqualTo(1);
        assertThat(store.backlog().waiting()).isEqualTo(1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
