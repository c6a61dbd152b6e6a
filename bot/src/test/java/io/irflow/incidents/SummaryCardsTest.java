package io.irflow.incidents;

import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.cards.Card;
import io.irflow.store.Database;
import io.irflow.testing.CardValidator;
import io.irflow.testing.FakeRooms;
import io.irflow.testing.FakeTicketing;
import io.irflow.testing.MutableClock;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The summary card follows every change of what it shows, on both databases: one new card per change, the old one
 * deleted; a delete that fails (or a crash before it) is finished later; two instances replacing at once leave one card.
 */
class SummaryCardsTest {
    static final String ALICE = "alice@example.com";
    static final Observable HOST = new Observable(ObservableType.HOSTNAME, "WKS-FIN-042");

    @TempDir
    Path dir;
    private final List<Database> open = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final FakeRooms fake = new FakeRooms();
    private final FakeTicketing ticketing = new FakeTicketing();
    private final List<ContainmentStep> steps = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(Database::close);
    }

    /** One irflow instance over the database, posting through {@code rooms}. */
    private IncidentService instance(String url, Rooms rooms) {
        Database db = TestDatabases.open(url);
        open.add(db);
        return new IncidentService(new IncidentStore(db.dataSource()), new TicketOutboxStore(db.dataSource()), rooms,
                List.of("bob@example.com"), ticketing.product(), room -> List.copyOf(steps), clock);
    }

    private IncidentStore store(String url) {
        Database db = TestDatabases.open(url);
        open.add(db);
        return new IncidentStore(db.dataSource());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void every_change_the_card_shows_replaces_it_once_and_deletes_the_old_one(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        IncidentService s = instance(url, fake);
        Incident i = s.open("Ransomware on finance laptop", 3, List.of(HOST), ALICE, null).incident();
        assertThat(fake.summaryIds).hasSize(1);

        List<Consumer<Incident>> changes = List.of(
                x -> s.status(x, ALICE, IncidentStatus.INVESTIGATING),
                x -> s.severity(x, ALICE, 1),
                x -> s.assign(x, ALICE, "jane.doe@example.com"),
                x -> s.add(x, ALICE, List.of(new Observable(ObservableType.DOMAIN, "evil.example"),
                        new Observable(ObservableType.IPV4, "10.1.2.43"))),
                x -> {
                    steps.add(new ContainmentStep(clock.instant(), ALICE, "EXECUTED", "QUARANTINE", "ISE",
                            "00:50:56:a1:b2:42", "applied"));
                    s.contained(x.roomId(), null, "executed quarantine");
                },
                x -> s.close(x, ALICE, "reimaged"));
        List<String> shows = List.of("Investigating", "Critical", "jane.doe@example.com",
                "WKS-FIN-042, 10.1.2.43", "quarantine of 00:50:56:a1:b2:42", "reimaged");
        for (int n = 0; n < changes.size(); n++) {
            changes.get(n).accept(s.find(i.id()).orElseThrow());
            assertThat(fake.summaryIds).as("one new card after change %d", n).hasSize(n + 2);
            assertThat(fake.deleted).as("the card before it deleted").containsExactlyElementsOf(
                    fake.summaryIds.subList(0, n + 1));
            Card card = fake.cards.get(fake.cards.size() - 1);
            CardValidator.assertValid(card);
            assertThat(card.content().toString()).containsIgnoringCase(shows.get(n));
        }

        // What the card does not show replaces nothing.
        Incident now = s.find(i.id()).orElseThrow();
        s.note(now, ALICE, "mail purged");
        s.hostSeen(now.roomId(), "WKS-FIN-042", "corp\\jdoe", "HQ");
        s.alerted("AMP", "Executed malware", List.of("WKS-FIN-042"));
        assertThat(fake.summaryIds).hasSize(changes.size() + 1);
        assertThat(store(url).retiredSummaries(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_delete_that_fails_after_the_new_card_is_finished_by_the_next_instance(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        Flaky flaky = new Flaky(fake);
        IncidentService first = instance(url, flaky);
        Incident i = first.open("Phishing wave", 3, List.of(HOST), ALICE, null).incident();

        flaky.failDeletes = true;
        first.severity(i, ALICE, 2);
        assertThat(fake.summaryIds).containsExactly("msg-1", "msg-2");
        assertThat(fake.deleted).isEmpty();
        assertThat(store(url).retiredSummaries(i.id())).singleElement().satisfies(r -> {
            assertThat(r.messageId()).isEqualTo("msg-1");
            assertThat(r.current()).isFalse();
        });

        // Webex is back; irflow restarts (a new instance on the same database) and finishes the replacement.
        flaky.failDeletes = false;
        IncidentService restarted = instance(url, flaky);
        restarted.finishSummaryReplacements();
        assertThat(fake.deleted).containsExactly("msg-1");
        assertThat(store(url).retiredSummaries(null)).isEmpty();
        assertThat(store(url).summary(i.id()).orElseThrow()[0]).isEqualTo("msg-2");
    }

    @Test
    void a_stuck_ticket_change_shows_once_and_its_retries_do_not_replace_the_card_again() {
        String url = TestDatabases.freshUrl("h2", dir);
        IncidentService s = instance(url, fake);
        Database db = TestDatabases.open(url);
        open.add(db);
        TicketSync sync = new TicketSync(new TicketOutboxStore(db.dataSource()), new IncidentStore(db.dataSource()),
                ticketing, fake, clock, Duration.ofSeconds(2), Duration.ofMinutes(5), "SIR").onSynced(s::refreshSummary);
        ticketing.down(true);
        s.open("Phishing wave", 3, List.of(HOST), ALICE, null);

        sync.runOnce();
        assertThat(fake.summaryIds).hasSize(2);
        assertThat(fake.cards.get(1).content().toString()).contains("Not yet synced");
        for (int retry = 0; retry < 3; retry++) {
            clock.advance(Duration.ofMinutes(5));
            sync.runOnce();
        }
        assertThat(ticketing.failures()).isEqualTo(4);
        assertThat(fake.summaryIds).as("the same stuck change, tried again: nothing new to show").hasSize(2);

        ticketing.down(false);
        clock.advance(Duration.ofMinutes(5));
        sync.runOnce();
        assertThat(fake.cards.get(fake.cards.size() - 1).content().toString()).contains("INC0010001")
                .doesNotContain("Not yet synced");
        assertThat(fake.deleted).containsExactlyElementsOf(fake.summaryIds.subList(0, fake.summaryIds.size() - 1));
    }

    @Test
    void a_card_webex_keeps_refusing_to_delete_is_given_up_on_after_a_day() {
        String url = TestDatabases.freshUrl("h2", dir);
        Flaky flaky = new Flaky(fake);
        IncidentService s = instance(url, flaky);
        Incident i = s.open("Phishing wave", 3, List.of(HOST), ALICE, null).incident();
        flaky.failDeletes = true;
        s.severity(i, ALICE, 2);
        s.finishSummaryReplacements();
        assertThat(store(url).retiredSummaries(null)).hasSize(1);

        clock.advance(SummaryCards.GIVE_UP_AFTER.plusSeconds(1));
        s.finishSummaryReplacements();
        assertThat(store(url).retiredSummaries(null)).isEmpty();
        assertThat(fake.deleted).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_failed_delete_is_finished_by_the_next_replacement_of_that_incident(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        Flaky flaky = new Flaky(fake);
        IncidentService s = instance(url, flaky);
        Incident i = s.open("Phishing wave", 3, List.of(HOST), ALICE, null).incident();
        flaky.failDeletes = true;
        s.severity(i, ALICE, 2);
        flaky.failDeletes = false;

        s.status(s.find(i.id()).orElseThrow(), ALICE, IncidentStatus.CONTAINED);

        assertThat(fake.summaryIds).containsExactly("msg-1", "msg-2", "msg-3");
        assertThat(fake.deleted).containsExactlyInAnyOrder("msg-1", "msg-2");
        assertThat(store(url).retiredSummaries(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_crash_before_the_new_card_was_posted_keeps_the_old_one_and_the_next_change_replaces_it(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        Flaky flaky = new Flaky(fake);
        IncidentService s = instance(url, flaky);
        Incident i = s.open("Phishing wave", 3, List.of(HOST), ALICE, null).incident();
        flaky.failPosts = true;
        s.severity(i, ALICE, 2);
        flaky.failPosts = false;
        assertThat(store(url).retiredSummaries(i.id())).singleElement().satisfies(r -> assertThat(r.current()).isTrue());

        // Young, it may be another instance's replacement in flight: it stays. Old, it is abandoned and dropped.
        IncidentService other = instance(url, flaky);
        other.finishSummaryReplacements();
        assertThat(fake.deleted).isEmpty();
        assertThat(store(url).retiredSummaries(i.id())).hasSize(1);
        clock.advance(SummaryCards.ABANDONED_AFTER.plusSeconds(1));
        other.finishSummaryReplacements();
        assertThat(fake.deleted).isEmpty();
        assertThat(store(url).retiredSummaries(null)).isEmpty();

        s.refreshSummary(i.id());
        assertThat(fake.summaryIds).containsExactly("msg-1", "msg-2");
        assertThat(fake.deleted).containsExactly("msg-1");
        assertThat(fake.cards.get(fake.cards.size() - 1).content().toString()).contains("High");
    }

    @Test
    void two_instances_replacing_the_same_card_at_once_on_postgresql_leave_exactly_one() throws Exception {
        String url = TestDatabases.freshUrl("postgres", dir);
        Flaky flaky = new Flaky(fake);
        IncidentService a = instance(url, flaky);
        IncidentService b = instance(url, flaky);
        Incident i = a.open("Phishing wave", 3, List.of(HOST), ALICE, null).incident();
        // Both instances see the change and post their new card before either records it.
        store(url).setSeverity(i.id(), 1, new TimelineEntry(clock.instant(), ALICE, TimelineEntry.Kind.SEVERITY,
                "Severity 3 → 1"));
        flaky.barrier = new CyclicBarrier(2);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = List.of(pool.submit(() -> a.refreshSummary(i.id())),
                    pool.submit(() -> b.refreshSummary(i.id())));
            for (Future<?> f : done) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(fake.summaryIds).hasSize(3);
        List<String> left = new ArrayList<>(fake.summaryIds);
        left.removeAll(fake.deleted);
        assertThat(left).as("cards left in the room").singleElement()
                .isEqualTo(store(url).summary(i.id()).orElseThrow()[0]);
        // The loser's card may be deleted twice (by the loser, and by the winner finishing retired cards): Webex
        // answers the second with 404, which WebexRooms counts as done.
        assertThat(fake.deleted).contains("msg-1");
        assertThat(store(url).retiredSummaries(null)).isEmpty();
        assertThat(fake.cards.get(fake.summaryIds.indexOf(left.get(0))).content().toString()).contains("Critical");
    }

    /** Rooms whose deletes or summary posts fail on demand, and whose summary posts can wait for each other. */
    private static final class Flaky implements Rooms {
        private final FakeRooms rooms;
        volatile boolean failDeletes;
        volatile boolean failPosts;
        volatile CyclicBarrier barrier;

        Flaky(FakeRooms rooms) {
            this.rooms = rooms;
        }

        @Override
        public String create(String title) {
            return rooms.create(title);
        }

        @Override
        public void addMember(String roomId, String email) {
            rooms.addMember(roomId, email);
        }

        @Override
        public void post(String roomId, String markdown) {
            rooms.post(roomId, markdown);
        }

        @Override
        public void postSummary(String roomId, Incident incident, List<String> unsynced, String ticketProduct) {
            rooms.postSummary(roomId, incident, unsynced, ticketProduct);
        }

        @Override
        public String postSummaryCard(String roomId, Incident incident, List<String> unsynced, String ticketProduct,
                                      List<String> containment) {
            if (failPosts) {
                throw new IllegalStateException("Webex answered HTTP 503");
            }
            String id = rooms.postSummaryCard(roomId, incident, unsynced, ticketProduct, containment);
            CyclicBarrier b = barrier;
            if (b != null) {
                try {
                    b.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                barrier = null;
            }
            return id;
        }

        @Override
        public void deleteMessage(String messageId) {
            if (failDeletes) {
                throw new IllegalStateException("Webex answered HTTP 502");
            }
            rooms.deleteMessage(messageId);
        }

        @Override
        public void postTicket(String roomId, String product, String number, String url) {
            rooms.postTicket(roomId, product, number, url);
        }

        @Override
        public void upload(String roomId, String markdown, String fileName, String contentType, byte[] content) {
            rooms.upload(roomId, markdown, fileName, contentType, content);
        }

        @Override
        public String link(String roomId) {
            return rooms.link(roomId);
        }
    }
}
