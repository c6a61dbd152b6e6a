package io.irflow.incidents;

import io.irflow.testing.MutableClock;

import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.capabilities.Ticketing;
import io.irflow.store.Database;
import io.irflow.testing.CardValidator;
import io.irflow.testing.FakeRooms;
import io.irflow.testing.FakeTicketing;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening and working incidents, with the ticket outbox surviving outages and restarts, on both databases. */
class IncidentServiceTest {
    static final Observable HOST = new Observable(ObservableType.HOSTNAME, "wks-fin-042");
    static final String ALICE = "alice@example.com";

    @TempDir
    Path dir;
    private final List<Database> open = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final FakeRooms rooms = new FakeRooms();
    private final FakeTicketing ticketing = new FakeTicketing();
    private final List<ContainmentStep> steps = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(Database::close);
    }

    /** The service and its sync over one (re)opened database. */
    private record Stack(IncidentService service, TicketSync sync, Database db) {
    }

    private Stack stack(String url) {
        Database db = TestDatabases.open(url);
        open.add(db);
        IncidentStore repo = new IncidentStore(db.dataSource());
        TicketOutboxStore outbox = new TicketOutboxStore(db.dataSource());
        IncidentService service = new IncidentService(repo, outbox, rooms, List.of("bob@example.com", ALICE),
                ticketing.product(), room -> List.copyOf(steps), clock);
        TicketSync sync = new TicketSync(outbox, repo, ticketing, rooms, clock, Duration.ofSeconds(2),
                Duration.ofMinutes(5), "SIR");
        return new Stack(service, sync, db);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void opening_creates_the_room_with_responders_and_opener_posts_the_summary_and_cross_links_the_ticket(String kind) {
        Stack s = stack(TestDatabases.freshUrl(kind, dir));

        IncidentService.Opened opened = s.service().open("Ransomware on finance laptop", 2, List.of(HOST),
                "carol@example.com", null);
        s.sync().runOnce();

        Incident i = s.service().find(opened.incident().id()).orElseThrow();
        assertThat(opened.problems()).isEmpty();
        assertThat(rooms.titles).containsValue("IR-2026-0001 · Ransomware on finance laptop");
        assertThat(rooms.members.get(i.roomId())).containsExactlyInAnyOrder("bob@example.com", ALICE, "carol@example.com");
        assertThat(rooms.cards).hasSize(1);
        CardValidator.assertValid(rooms.cards.get(0));
        assertThat(ticketing.created()).singleElement().satisfies(t -> {
            assertThat(t.shortDescription()).isEqualTo("[IR-2026-0001] Ransomware on finance laptop");
            assertThat(t.caller()).isEqualTo("carol@example.com");
            assertThat(t.severity()).isEqualTo(2);
            assertThat(t.assignmentGroup()).isEqualTo("SIR");
            assertThat(t.description()).contains("webexteams://im?space=" + i.roomId());
        });
        assertThat(ticketing.changes()).extracting(Ticketing.TicketChange::workNote)
                .containsExactly("Webex room for IR-2026-0001: webexteams://im?space=" + i.roomId());
        assertThat(i.ticketNumber()).isEqualTo("INC0010001");
        assertThat(rooms.texts).anySatisfy(t -> assertThat(t).contains("INC0010001").contains("https://servicenow.example.com"));
        assertThat(s.service().unsynced(i.id())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void servicenow_down_never_blocks_the_room_and_the_outbox_catches_up_after_a_restart(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        Stack s = stack(url);
        ticketing.down(true);
        Incident i = s.service().open("Phishing wave", 3, List.of(), ALICE, null).incident();
        s.service().note(i, ALICE, "user clicked the link");
        s.service().status(i, ALICE, IncidentStatus.INVESTIGATING);
        s.service().severity(i, ALICE, 2);

        s.sync().runOnce();
        clock.advance(Duration.ofSeconds(1));
        s.sync().runOnce(); // not due yet: no second try inside the backoff
        assertThat(ticketing.failures()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        s.sync().runOnce();
        assertThat(ticketing.failures()).isEqualTo(2);

        assertThat(s.service().timeline(i)).extracting(TimelineEntry::kind).contains(TimelineEntry.Kind.NOTE,
                TimelineEntry.Kind.STATUS, TimelineEntry.Kind.SEVERITY);
        List<String> waiting = s.service().unsynced(i.id());
        assertThat(waiting).hasSize(5);
        assertThat(waiting.get(0)).startsWith("create the ServiceNow ticket (2 tries, last: UNAVAILABLE (HTTP 503))");
        var card = io.irflow.cards.IncidentSummaryCard.render(s.service().find(i.id()).orElseThrow(), waiting, "ServiceNow");
        CardValidator.assertValid(card);
        assertThat(card.fallback()).contains("5 change(s) not yet synced");

        // The bot restarts: a new pool on the same database; ServiceNow comes back.
        s.db().close();
        open.remove(s.db());
        Stack restarted = stack(url);
        ticketing.down(false);
        clock.advance(Duration.ofMinutes(5));
        assertThat(restarted.sync().runOnce()).isEqualTo(5);

        assertThat(ticketing.created()).hasSize(1);
        assertThat(ticketing.changes()).extracting(c -> c.workNote() == null ? "" : c.workNote()).containsExactly(
                "Webex room for IR-2026-0001: webexteams://im?space=" + i.roomId(),
                "Note by alice@example.com: user clicked the link",
                "Status set to investigating by alice@example.com",
                "Severity set to 2 by alice@example.com");
        assertThat(ticketing.changes().get(2).state()).isEqualTo("investigating");
        assertThat(ticketing.changes().get(3).severity()).isEqualTo(2);
        assertThat(restarted.service().unsynced(i.id())).isEmpty();
        assertThat(restarted.sync().runOnce()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void assigning_reaches_the_ticket_with_the_assignee_even_across_a_servicenow_outage_and_a_restart(String kind) {
        String url = TestDatabases.freshUrl(kind, dir);
        Stack s = stack(url);
        Incident i = s.service().open("Phishing wave", 3, List.of(), ALICE, null).incident();
        s.sync().runOnce();
        int before = ticketing.changes().size();
        ticketing.down(true);

        s.service().assign(i, ALICE, "dave@example.com");
        s.sync().runOnce();

        assertThat(ticketing.failures()).isEqualTo(1);
        assertThat(s.service().find(i.id()).orElseThrow().assignee()).isEqualTo("dave@example.com");
        assertThat(rooms.members.get(i.roomId())).contains("dave@example.com");
        assertThat(new TicketOutboxStore(s.db().dataSource()).pending(i.id())).singleElement().satisfies(c -> {
            assertThat(c.assignee()).isEqualTo("dave@example.com");
            assertThat(c.summary()).isEqualTo("assign to dave@example.com");
        });

        s.db().close();
        open.remove(s.db());
        Stack restarted = stack(url);
        ticketing.down(false);
        clock.advance(Duration.ofMinutes(5));
        assertThat(restarted.sync().runOnce()).isEqualTo(1);

        assertThat(ticketing.changes()).hasSize(before + 1);
        Ticketing.TicketChange assigned = ticketing.changes().get(before);
        assertThat(assigned.assignee()).isEqualTo("dave@example.com");
        assertThat(assigned.workNote()).isEqualTo("Assigned to dave@example.com by alice@example.com");
        assertThat(assigned.state()).isNull();
        assertThat(ticketing.changes().subList(0, before)).extracting(Ticketing.TicketChange::assignee)
                .containsOnlyNulls();
        assertThat(restarted.service().unsynced(i.id())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void an_assignee_that_is_not_a_plain_email_is_refused_before_anything_is_recorded_or_queued(String kind) {
        Stack s = stack(TestDatabases.freshUrl(kind, dir));
        Incident i = s.service().open("Phishing wave", 3, List.of(), ALICE, null).incident();
        int waiting = s.service().unsynced(i.id()).size();

        assertThatThrownBy(() -> s.service().assign(i, ALICE, "a@b.c^ORactive=true"))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(s.service().find(i.id()).orElseThrow().assignee()).isNull();
        assertThat(s.service().timeline(i)).extracting(TimelineEntry::kind).doesNotContain(TimelineEntry.Kind.ASSIGN);
        assertThat(s.service().unsynced(i.id())).hasSize(waiting);
        assertThat(rooms.members.get(i.roomId())).doesNotContain("a@b.c^ORactive=true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void closing_resolves_the_ticket_and_the_report_has_every_entry_and_the_time_to_contain(String kind) {
        Stack s = stack(TestDatabases.freshUrl(kind, dir));
        Incident i = s.service().open("Ransomware", 1, List.of(HOST, new Observable(ObservableType.DOMAIN, "evil.example")),
                ALICE, Instant.parse("2026-11-27T09:30:00Z")).incident();
        clock.advance(Duration.ofMinutes(5));
        steps.add(new ContainmentStep(clock.instant(), ALICE, "EXECUTED", "QUARANTINE", "ISE", "00:50:56:a1:b2:42", "applied"));
        s.service().record(i.roomId(), ALICE, TimelineEntry.Kind.INVESTIGATION, "Investigated wks-fin-042: malicious");
        clock.advance(Duration.ofMinutes(5));
        s.service().status(i, ALICE, IncidentStatus.CONTAINED);
        s.service().add(i, "bob@example.com", new Observable(ObservableType.SHA256, "a".repeat(64)));
        clock.advance(Duration.ofHours(1));
        s.service().close(i, ALICE, "reimaged, passwords reset");
        s.sync().runOnce();

        Ticketing.TicketChange last = ticketing.changes().get(ticketing.changes().size() - 1);
        assertThat(last.state()).isEqualTo("resolved");
        assertThat(last.resolution()).isEqualTo("reimaged, passwords reset");
        Incident closed = s.service().find(i.id()).orElseThrow();
        assertThat(closed.status()).isEqualTo(IncidentStatus.CLOSED);

        IncidentReport report = s.service().postReport(closed);
        List<TimelineEntry> timeline = s.service().timeline(closed);
        assertThat(timeline).extracting(TimelineEntry::kind).contains(TimelineEntry.Kind.CONTAINMENT,
                TimelineEntry.Kind.INVESTIGATION, TimelineEntry.Kind.CLOSED);
        for (TimelineEntry e : timeline) {
            assertThat(report.markdown()).contains(IncidentReport.Doc.mdEscape(e.text()));
            assertThat(report.html()).contains(IncidentReport.Doc.html(e.text()));
        }
        // detected 09:30, first containment 10:05, contained (status) 10:10
        assertThat(report.markdown()).contains("| Time to contain | 0h 40m 00s |")
                .contains("| First containment | 2026-11-27 10:05:00 UTC (+0h 35m 00s) |")
                .contains("wks-fin-042").contains("evil.example").contains("bob@example.com")
                .contains("INC0010001");
        assertThat(rooms.files).containsKeys("IR-2026-0001-report.md", "IR-2026-0001-report.html");
        assertThat(rooms.files.get("IR-2026-0001-report.html")).startsWith("<!DOCTYPE html>");
    }
}
