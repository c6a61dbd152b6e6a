package io.irflow.incidents;

import io.irflow.alerts.AlertOutboxStore;
import io.irflow.alerts.AlertPipeline;
import io.irflow.alerts.AlertSeenStore;
import io.irflow.alerts.QuarantinePolicy;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Location;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.capabilities.Verdict;
import io.irflow.cards.AlertCard;
import io.irflow.contain.AuditStore;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.SourceResult;
import io.irflow.investigate.SourceStatus;
import io.irflow.store.Database;
import io.irflow.testing.FakeRooms;
import io.irflow.testing.FakeTicketing;
import io.irflow.testing.MutableClock;
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
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incident hooks as the app wires them: investigations in an incident room leave the host's user and location for
 * the report, the audit (with what irflow still holds contained) gives each containment its undo state, and new alerts
 * from the alert pipeline reach the timelines of open incidents covering their host.
 */
class IncidentHooksTest {
    static final String ALICE = "alice@example.com";
    static final String BOB = "bob@example.com";
    static final String MAC = "00:50:56:a1:b2:42";

    @TempDir
    Path dir;
    private final List<Database> open = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final FakeRooms rooms = new FakeRooms();
    private final FakeTicketing ticketing = new FakeTicketing();

    private Database db;
    private AuditStore audit;
    private ContainedTargetStore contained;
    private IncidentService service;
    private IncidentHooks hooks;
    private TicketSync sync;

    @AfterEach
    void close() {
        open.forEach(Database::close);
    }

    private void wire(String kind) {
        db = TestDatabases.open(TestDatabases.freshUrl(kind, dir));
        open.add(db);
        IncidentStore repo = new IncidentStore(db.dataSource());
        TicketOutboxStore outbox = new TicketOutboxStore(db.dataSource());
        audit = new AuditStore(db.dataSource());
        contained = new ContainedTargetStore(db.dataSource());
        service = new IncidentService(repo, outbox, rooms, List.of(BOB), ticketing.product(),
                new AuditSteps(audit, contained), clock);
        hooks = new IncidentHooks(service, new IncidentSeedStore(db.dataSource(), ref -> java.util.Optional.empty()), clock);
        audit.listen(hooks::audited);
        sync = new TicketSync(outbox, repo, ticketing, rooms, clock, Duration.ofSeconds(2), Duration.ofMinutes(5), "SIR");
    }

    private Incident incident(String title, Observable... hosts) {
        return service.open(title, 2, List.of(hosts), ALICE, null).incident();
    }

    private static SourceResult found(String source, Finding f) {
        return new SourceResult(source, SourceStatus.FOUND, f, "", null, Duration.ofMillis(5), null);
    }

    private static InvestigationResult investigation(Observable o, String user, String location) {
        List<SourceResult> results = new ArrayList<>();
        results.add(found("ISE", new Finding("ISE", true, new Verdict(Disposition.SUSPICIOUS, "odd session"), List.of(),
                List.of(), List.of(new HostDetails(o.value(), List.of("10.1.2.3"), List.of(MAC), user, "Windows 11", null,
                null, null)), null)));
        results.add(found("CMX", new Finding("CMX", true, Verdict.unknown(), List.of(), List.of(), List.of(),
                location == null ? null : new Location(location, 1.0, 2.0, "FEET", null))));
        return new InvestigationResult(o, results, Duration.ofMillis(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void an_investigation_in_the_incident_room_puts_the_hosts_user_and_location_in_the_report(String kind) {
        wire(kind);
        Observable host = new Observable(ObservableType.HOSTNAME, "wks-fin-042");
        Incident i = incident("Ransomware", host);
        Incident other = incident("Other", new Observable(ObservableType.HOSTNAME, "wks-hr-007"));

        hooks.investigated(investigation(host, "corp_jdoe", "HQ > Floor 3 <west>"), i.roomId(), ALICE);
        // A later lookup that finds no location keeps the one known; an investigation elsewhere records nothing.
        clock.advance(Duration.ofMinutes(1));
        hooks.investigated(investigation(host, "corp_jdoe", null), i.roomId(), ALICE);
        hooks.investigated(investigation(new Observable(ObservableType.HOSTNAME, "wks-hr-007"), "mallory", "Lab"),
                "some-other-room", ALICE);

        IncidentReport r = service.report(service.find(i.id()).orElseThrow());
        String hosts = r.markdown().substring(r.markdown().indexOf("## Hosts"), r.markdown().indexOf("## Observables"));
        assertThat(hosts).contains("wks-fin-042 (hostname, verdict: suspicious (ISE: odd session), user: corp\\_jdoe, "
                + "location: HQ \\> Floor 3 \\<west\\>)");
        assertThat(r.html()).contains("<li>wks-fin-042 (hostname, verdict: suspicious (ISE: odd session), user: corp_jdoe, "
                + "location: HQ &gt; Floor 3 &lt;west&gt;)</li>");
        IncidentReport o = service.report(service.find(other.id()).orElseThrow());
        assertThat(o.markdown()).contains("wks-hr-007 (hostname, user: not recorded, location: not recorded)")
                .doesNotContain("mallory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void the_reports_containment_actions_say_whether_each_is_still_in_effect_or_undone_and_when(String kind) {
        wire(kind);
        Incident i = incident("Ransomware", new Observable(ObservableType.MAC, MAC));
        Instant t1 = clock.instant().plus(Duration.ofMinutes(5));
        contained.add(new ContainedTargetStore.Row(ContainmentKind.QUARANTINE, MAC, "wks-fin-042", "ISE", t1, ALICE, i.roomId()));
        audit.append(new AuditStore.Entry(t1, ALICE, i.roomId(), AuditStore.Event.EXECUTED, ContainmentKind.QUARANTINE, "ISE",
                MAC, "ANC applied", 200, null, "r1"));
        Instant t2 = t1.plus(Duration.ofMinutes(1));
        contained.add(new ContainedTargetStore.Row(ContainmentKind.ISOLATE, "guid-42", "wks-fin-042", "AMP", t2, ALICE,
                i.roomId()));
        audit.append(new AuditStore.Entry(t2, ALICE, i.roomId(), AuditStore.Event.EXECUTED, ContainmentKind.ISOLATE, "AMP",
                "guid-42", "isolation started", 202, null, "r2"));
        // Undone later, from the alerts room: still the same action and target.
        Instant t3 = t2.plus(Duration.ofMinutes(10));
        contained.remove(ContainmentKind.ISOLATE, "guid-42");
        audit.append(new AuditStore.Entry(t3, BOB, "irt-room", AuditStore.Event.UNDONE, ContainmentKind.ISOLATE, "AMP",
                "guid-42", "isolation stopped", 200, null, "r3"));

        IncidentReport r = service.report(service.find(i.id()).orElseThrow());
        String md = r.markdown().substring(r.markdown().indexOf("## Containment actions"),
                r.markdown().indexOf("## People involved"));
        assertThat(md).contains("2026-11-27 10:05:00 UTC · executed quarantine " + MAC + " via ISE by " + ALICE
                + " · ANC applied · still in effect (held since 2026-11-27 10:05:00 UTC)");
        assertThat(md).contains("2026-11-27 10:06:00 UTC · executed isolate guid-42 via AMP by " + ALICE
                + " · isolation started · undone 2026-11-27 10:16:00 UTC by " + BOB + " (in effect 0h 10m 00s)");
        assertThat(r.html()).contains("· isolation started · undone 2026-11-27 10:16:00 UTC by " + BOB)
                .contains("· ANC applied · still in effect (held since 2026-11-27 10:05:00 UTC)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_new_alert_for_an_open_incidents_host_goes_on_its_timeline_and_to_the_ticket(String kind) {
        wire(kind);
        Incident i = incident("Ransomware", new Observable(ObservableType.HOSTNAME, "wks-fin-042"));
        Incident closed = incident("Old one", new Observable(ObservableType.HOSTNAME, "wks-fin-042"));
        service.close(closed, ALICE, "done");
        Incident unrelated = incident("Elsewhere", new Observable(ObservableType.HOSTNAME, "wks-hr-007"));
        sync.runOnce();
        int before = ticketing.changes().size();
        AlertPipeline pipeline = new AlertPipeline(new AlertSeenStore(db.dataSource()),
                new AlertOutboxStore(db.dataSource()), null,
                h -> new AlertCard.Context(null, null, null), new QuarantinePolicy(false, false, Set.of(), List.of()), io.irflow.alerts.IdentityResolver.none(),
                "irt-room", Duration.ofMinutes(10), clock).onFresh(hooks::alerted);

        clock.advance(Duration.ofMinutes(3));
        pipeline.ingest("AMP for Endpoints", List.of(new Alert("AMP for Endpoints", "evt-1", clock.instant(),
                "Threat Detected", "W32.Ransom", "high", new Alert.AlertHost("WKS-FIN-042", "10.1.2.3", null, null),
                null, null, null, null)), "cursor-1");

        List<TimelineEntry> alerts = service.timeline(service.find(i.id()).orElseThrow()).stream()
                .filter(e -> e.kind() == TimelineEntry.Kind.ALERT).toList();
        assertThat(alerts).singleElement().satisfies(e -> {
            assertThat(e.text()).isEqualTo("Alert from AMP for Endpoints: Threat Detected on WKS-FIN-042 / 10.1.2.3");
            assertThat(e.actor()).isEqualTo(IncidentService.IRFLOW);
            assertThat(e.at()).isEqualTo(clock.instant());
        });
        assertThat(service.unsynced(i.id())).containsExactly("work note: alert");
        assertThat(service.timeline(service.find(closed.id()).orElseThrow())).extracting(TimelineEntry::kind)
                .doesNotContain(TimelineEntry.Kind.ALERT);
        assertThat(service.timeline(service.find(unrelated.id()).orElseThrow())).extracting(TimelineEntry::kind)
                .doesNotContain(TimelineEntry.Kind.ALERT);
        assertThat(service.unsynced(unrelated.id())).isEmpty();

        sync.runOnce();
        assertThat(ticketing.changes().subList(before, ticketing.changes().size()))
                .extracting(io.irflow.capabilities.Ticketing.TicketChange::workNote)
                .containsExactly("Alert from AMP for Endpoints: Threat Detected on WKS-FIN-042 / 10.1.2.3");
        assertThat(service.find(closed.id()).orElseThrow().status()).isEqualTo(IncidentStatus.CLOSED);
    }
}
