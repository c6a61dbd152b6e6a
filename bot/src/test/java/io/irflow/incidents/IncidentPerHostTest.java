package io.irflow.incidents;

import io.irflow.capabilities.Alert;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.contain.AuditStore;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.store.Database;
import io.irflow.testing.FakeRooms;
import io.irflow.testing.FakeTicketing;
import io.irflow.testing.MutableClock;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One incident per host problem, on both databases: a card opens one incident however often (and however
 * concurrently, from however many instances) it is pressed; a covered host is found; the alert's severity, host facts
 * and every containment step on its hosts (before and after opening, from any room) reach the incident; the summary
 * card is replaced when the ticket exists.
 */
class IncidentPerHostTest {
    static final String ALICE = "alice@example.com";
    static final String MAC = "00:50:56:a1:b2:42";
    static final String GUID = "D89CA962-BE71-4AC4-8624-8E26380B8E3F";
    static final Alert.AlertHost HOST = new Alert.AlertHost("WKS-FIN-042", "10.1.2.42", MAC, GUID);

    @TempDir
    Path dir;
    private final List<Database> open = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final FakeRooms rooms = new FakeRooms();
    private final FakeTicketing ticketing = new FakeTicketing();

    private AuditStore audit;
    private IncidentService service;
    private TicketSync sync;
    private String url;

    @AfterEach
    void close() {
        open.forEach(Database::close);
    }

    private IncidentService wire(String kind) {
        url = TestDatabases.freshUrl(kind, dir);
        service = service(url);
        return service;
    }

    /** A service over the database, as one instance of irflow would have it. */
    private IncidentService service(String dbUrl) {
        Database db = TestDatabases.open(dbUrl);
        open.add(db);
        IncidentStore repo = new IncidentStore(db.dataSource());
        TicketOutboxStore outbox = new TicketOutboxStore(db.dataSource());
        audit = new AuditStore(db.dataSource());
        IncidentService s = new IncidentService(repo, outbox, rooms, List.of("bob@example.com"), ticketing.product(),
                new AuditSteps(audit, new ContainedTargetStore(db.dataSource())), clock);
        sync = new TicketSync(outbox, repo, ticketing, rooms, clock, Duration.ofSeconds(2), Duration.ofMinutes(5), "SIR")
                .onSynced(s::refreshSummary);
        audit.listen(new IncidentHooks(s, new IncidentSeedStore(db.dataSource(), ref -> java.util.Optional.empty()),
                clock)::audited);
        return s;
    }

    private static IncidentSeedStore.Seed seed(String severity) {
        return IncidentSeedStore.fromAlert("Executed malware", HOST, null, Instant.parse("2026-11-27T09:55:00Z"),
                severity, "corp\\jdoe", "HQ > Floor 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_second_press_of_the_same_card_answers_with_the_incident_it_opened(String kind) {
        wire(kind);

        IncidentService.Opened first = service.openFrom("ref-1", seed("High"), ALICE);
        IncidentService.Opened second = service.openFrom("ref-1", seed("High"), "bob@example.com");

        assertThat(first.existing()).isFalse();
        assertThat(second.existing()).isTrue();
        assertThat(second.incident().id()).isEqualTo(first.incident().id());
        assertThat(service.open()).hasSize(1);
        assertThat(rooms.titles).hasSize(1);
        assertThat(service.fromCard("ref-1")).map(Incident::id).contains(first.incident().id());
        sync.runOnce();
        assertThat(ticketing.created()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void concurrent_presses_on_two_instances_sharing_the_database_open_one_incident(String kind) throws Exception {
        wire(kind);
        IncidentService other = service(url);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<IncidentService.Opened>> presses = new ArrayList<>();
        try {
            for (int n = 0; n < 4; n++) {
                IncidentService instance = n % 2 == 0 ? service : other;
                Callable<IncidentService.Opened> press = () -> {
                    go.await();
                    return instance.openFrom("ref-race", seed("High"), ALICE);
                };
                presses.add(pool.submit(press));
            }
            go.countDown();
            List<IncidentService.Opened> results = new ArrayList<>();
            for (Future<IncidentService.Opened> f : presses) {
                results.add(f.get());
            }
            assertThat(results).extracting(o -> o.incident().id()).containsOnly(results.get(0).incident().id());
            assertThat(results).filteredOn(o -> !o.existing()).hasSize(1);
            assertThat(service.open()).hasSize(1);
            assertThat(rooms.titles).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_host_with_an_open_incident_is_found_by_any_identifier_and_adding_links_the_card(String kind) {
        wire(kind);
        Incident first = service.openFrom("ref-1", seed("High"), ALICE).incident();
        IncidentSeedStore.Seed byIp = IncidentSeedStore.fromAlert("Suspicious beacon", new Alert.AlertHost(null,
                "10.1.2.42", null, null), null, null, "Low", null, null);
        IncidentSeedStore.Seed byGuid = IncidentSeedStore.fromAlert("Isolation needed", new Alert.AlertHost(null, null,
                null, GUID.toLowerCase()), null, null, null, null, null);
        IncidentSeedStore.Seed elsewhere = IncidentSeedStore.fromAlert("Other", new Alert.AlertHost("wks-hr-007", null,
                null, null), null, null, null, null, null);

        assertThat(service.covering(byIp)).extracting(Incident::id).containsExactly(first.id());
        assertThat(service.covering(byGuid)).extracting(Incident::id).containsExactly(first.id());
        assertThat(service.covering(elsewhere)).isEmpty();

        Incident added = service.addFrom(first, "ref-2", byIp, ALICE);
        assertThat(added.id()).isEqualTo(first.id());
        assertThat(service.fromCard("ref-2")).map(Incident::id).contains(first.id());
        // The card now stands for that incident: pressing Open incident on it again opens nothing.
        assertThat(service.openFrom("ref-2", byIp, ALICE).existing()).isTrue();
        assertThat(service.open()).hasSize(1);

        service.close(service.find(first.id()).orElseThrow(), ALICE, "done");
        assertThat(service.covering(byIp)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void the_incident_takes_the_alerts_severity_and_its_hosts_user_and_location(String kind) {
        wire(kind);

        Incident i = service.openFrom("ref-1", seed("High"), ALICE).incident();

        assertThat(i.severity()).isEqualTo(2);
        assertThat(i.hosts()).extracting(Observable::value).containsExactly("wks-fin-042", "10.1.2.42", MAC);
        IncidentReport r = service.report(i);
        assertThat(r.markdown()).contains("wks-fin-042 (hostname, user: corp\\\\jdoe, location: HQ \\> Floor 3)")
                .contains(MAC + " (mac, user: corp\\\\jdoe, location: HQ \\> Floor 3)")
                .doesNotContain("not recorded, location: not recorded");
        assertThat(rooms.cards.get(0).content().toString()).contains("High");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void an_investigated_hosts_card_carries_its_user_and_location_and_a_detected_file_its_verdict(String kind) {
        wire(kind);
        Database db = open.get(open.size() - 1);
        IncidentSeedStore seeds = new IncidentSeedStore(db.dataSource(), ref -> java.util.Optional.empty());
        Observable mac = new Observable(ObservableType.MAC, MAC);
        String ref = seeds.offer("Investigation of " + MAC, mac, "suspicious", "corp_jdoe", "HQ", clock.instant());

        IncidentSeedStore.Seed s = seeds.find(ref).orElseThrow();
        assertThat(s.user()).isEqualTo("corp_jdoe");
        assertThat(s.location()).isEqualTo("HQ");
        Incident i = service.openFrom(ref, s, ALICE).incident();
        assertThat(service.report(i).markdown()).contains(MAC + " (mac, verdict: suspicious, user: corp\\_jdoe, "
                + "location: HQ)");

        IncidentSeedStore.Seed alert = IncidentSeedStore.fromAlert("Executed malware", HOST, "AB12", null, "High", null,
                null).withVerdict("ab12", "detected by AMP for Endpoints: W32.Ransom");
        Incident j = service.openFrom("ref-alert", alert, ALICE).incident();
        assertThat(service.report(j).markdown()).contains("ab12 (sha256, verdict: detected by AMP for Endpoints: W32.Ransom)");
    }

    @ParameterizedTest
    @CsvSource({"Critical,1", "HIGH,2", "high,2", "Medium,3", "moderate,3", "Low,4", "info,4", "odd,3"})
    void alert_severities_map_onto_the_incident_scale(String word, int severity) {
        assertThat(Severity.fromAlert(word)).isEqualTo(severity);
    }

    @Test
    void no_severity_is_the_default() {
        assertThat(Severity.fromAlert(null)).isEqualTo(Severity.DEFAULT).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void containment_on_its_hosts_before_and_after_opening_from_any_room_is_in_the_timeline_and_report(String kind) {
        wire(kind);
        Instant quarantined = clock.instant().minus(Duration.ofMinutes(2));
        audit.append(new AuditStore.Entry(quarantined, "irflow-auto", "irt-room", AuditStore.Event.EXECUTED,
                ContainmentKind.QUARANTINE, "ISE", MAC, "ANC applied", 200, null, "r1"));
        audit.append(new AuditStore.Entry(quarantined, ALICE, "irt-room", AuditStore.Event.EXECUTED,
                ContainmentKind.QUARANTINE, "ISE", "00:50:56:ff:ff:ff", "another host", 200, null, "r0"));
        Incident i = service.openFrom("ref-1", seed("High"), ALICE).incident();
        clock.advance(Duration.ofMinutes(5));
        Instant isolated = clock.instant();
        audit.append(new AuditStore.Entry(isolated, ALICE, "irt-room", AuditStore.Event.EXECUTED, ContainmentKind.ISOLATE,
                "AMP", GUID.toLowerCase(), "isolation started", 202, null, "r2"));

        // Taken outside the incident's room: its summary card is replaced with one that shows it.
        assertThat(rooms.cards).hasSize(2);
        assertThat(rooms.cards.get(0).content().toString()).contains("executed quarantine of " + MAC)
                .doesNotContain("executed isolate");
        assertThat(rooms.cards.get(1).content().toString()).contains("executed quarantine of " + MAC)
                .contains("executed isolate of " + GUID.toLowerCase());
        assertThat(rooms.deleted).containsExactly(rooms.summaryIds.get(0));

        Incident fresh = service.find(i.id()).orElseThrow();
        List<TimelineEntry> containment = service.timeline(fresh).stream()
                .filter(e -> e.kind() == TimelineEntry.Kind.CONTAINMENT).toList();
        assertThat(containment).extracting(TimelineEntry::text).containsExactly(
                "executed quarantine of " + MAC + " via ISE: ANC applied",
                "executed isolate of " + GUID.toLowerCase() + " via AMP: isolation started");
        String md = service.report(fresh).markdown();
        assertThat(md).contains("| First containment | 2026-11-27 09:58:00 UTC (+0h 03m 00s) |")
                .contains("executed isolate " + GUID.toLowerCase()).doesNotContain("another host");
        // Steps taken after opening on the incident's host go to its ticket too.
        sync.runOnce();
        assertThat(ticketing.changes()).extracting(c -> String.valueOf(c.workNote()))
                .anyMatch(n -> n.startsWith("Containment: executed isolate of " + GUID.toLowerCase()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void the_summary_card_is_replaced_once_the_ticket_exists_and_the_old_one_deleted(String kind) {
        wire(kind);
        Incident i = service.openFrom("ref-1", seed("High"), ALICE).incident();
        assertThat(rooms.cards).singleElement().satisfies(c -> assertThat(c.content().toString())
                .contains("being created in").doesNotContain("Not yet synced"));

        sync.runOnce();

        assertThat(rooms.cards).hasSize(2);
        assertThat(rooms.cards.get(1).content().toString()).contains(service.find(i.id()).orElseThrow().ticketNumber())
                .doesNotContain("being created").doesNotContain("Not yet synced");
        assertThat(rooms.deleted).containsExactly(rooms.summaryIds.get(0));
        // The card went out before the ticket's link, so the room reads in order.
        assertThat(rooms.texts).anyMatch(t -> t.contains(service.find(i.id()).orElseThrow().ticketNumber()));
        // Nothing changed for the ticket side: no more cards.
        service.note(service.find(i.id()).orElseThrow(), ALICE, "user called");
        sync.runOnce();
        sync.runOnce();
        assertThat(rooms.cards).hasSize(2);
    }
}
