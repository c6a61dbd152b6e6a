package io.irflow.incidents;

import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.store.Database;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Incidents, observables and timelines in both the embedded database and PostgreSQL. */
class IncidentStoreTest {
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final Observable HOST = new Observable(ObservableType.HOSTNAME, "wks-fin-042");
    static final Observable DOMAIN = new Observable(ObservableType.DOMAIN, "evil.example");

    @TempDir
    Path dir;
    private final List<Database> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(Database::close);
    }

    private Database db(String url) {
        Database db = TestDatabases.open(url);
        open.add(db);
        return db;
    }

    private static IncidentStore.NewIncident incident(String title, Instant at) {
        return new IncidentStore.NewIncident(title, 2, "alice@example.com", at, null, List.of(HOST, DOMAIN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void ids_are_readable_per_year_and_the_record_round_trips(String kind) {
        IncidentStore repo = new IncidentStore(db(TestDatabases.freshUrl(kind, dir)).dataSource());

        Incident first = repo.create(incident("Ransomware on WKS-FIN-042", T0));
        Incident second = repo.create(incident("Phishing", T0.plusSeconds(60)));
        Incident nextYear = repo.create(incident("New year", Instant.parse("2027-01-01T00:00:01Z")));

        assertThat(first.id()).isEqualTo("IR-2026-0001");
        assertThat(second.id()).isEqualTo("IR-2026-0002");
        assertThat(nextYear.id()).isEqualTo("IR-2027-0001");
        assertThat(first.status()).isEqualTo(IncidentStatus.NEW);
        assertThat(first.severity()).isEqualTo(2);
        assertThat(first.openedAt()).isEqualTo(T0);
        assertThat(first.hosts()).containsExactly(HOST);
        assertThat(first.indicators()).containsExactly(DOMAIN);
        assertThat(repo.find("ir-2026-0001")).contains(first);
        assertThat(repo.timeline(first.id())).extracting(TimelineEntry::kind).containsExactly(TimelineEntry.Kind.OPENED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void two_instances_sharing_the_database_never_hand_out_the_same_id(String kind) throws Exception {
        String url = TestDatabases.freshUrl(kind, dir);
        IncidentStore a = new IncidentStore(db(url).dataSource());
        IncidentStore b = new IncidentStore(db(url).dataSource());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<Future<?>> all = new ArrayList<>();
        for (int n = 0; n < 24; n++) {
            IncidentStore repo = n % 2 == 0 ? a : b;
            all.add(pool.submit(() -> ids.add(repo.create(incident("race", T0)).id())));
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();

        assertThat(ids).hasSize(24).contains("IR-2026-0001", "IR-2026-0024");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void status_changes_stamp_contained_and_resolved_times_and_land_in_the_timeline(String kind) {
        IncidentStore repo = new IncidentStore(db(TestDatabases.freshUrl(kind, dir)).dataSource());
        Incident i = repo.create(incident("Ransomware", T0));
        repo.setRoom(i.id(), "room-1");

        repo.setStatus(i.id(), IncidentStatus.CONTAINED, null, entry(T0.plusSeconds(600), TimelineEntry.Kind.STATUS, "contained"));
        repo.setStatus(i.id(), IncidentStatus.CLOSED, "reimaged", entry(T0.plusSeconds(3600), TimelineEntry.Kind.CLOSED, "closed"));
        repo.setSeverity(i.id(), 1, entry(T0.plusSeconds(3700), TimelineEntry.Kind.SEVERITY, "sev 1"));
        repo.setAssignee(i.id(), "bob@example.com", entry(T0.plusSeconds(3800), TimelineEntry.Kind.ASSIGN, "bob"));
        boolean added = repo.addObservable(i.id(), new Observable(ObservableType.IPV4, "10.1.2.3"),
                entry(T0.plusSeconds(3900), TimelineEntry.Kind.ADD, "ip"));
        boolean again = repo.addObservable(i.id(), HOST, entry(T0.plusSeconds(4000), TimelineEntry.Kind.ADD, "dup"));

        Incident after = repo.findByRoom("room-1").orElseThrow();
        assertThat(after.status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(after.containedAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(after.resolvedAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(after.resolution()).isEqualTo("reimaged");
        assertThat(after.severity()).isEqualTo(1);
        assertThat(after.assignee()).isEqualTo("bob@example.com");
        assertThat(added).isTrue();
        assertThat(again).isFalse();
        assertThat(after.hosts()).extracting(Observable::value).containsExactly("wks-fin-042", "10.1.2.3");
        assertThat(repo.timeline(i.id())).extracting(TimelineEntry::text)
                .containsExactly("Opened \"Ransomware\" (severity 2)", "contained", "closed", "sev 1", "bob", "ip");
        assertThat(repo.open()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void tickets_verdicts_and_host_details_are_recorded_and_keep_what_was_known(String kind) {
        IncidentStore repo = new IncidentStore(db(TestDatabases.freshUrl(kind, dir)).dataSource());
        Incident i = repo.create(incident("Ransomware", T0));
        Observable ip = new Observable(ObservableType.IPV4, "10.1.2.3");
        assertThat(repo.ticketSysId(i.id())).isEmpty();

        repo.setTicket(i.id(), "INC0010001", "sys-1", "https://example.service-now.com/inc");
        repo.setVerdict(i.id(), DOMAIN, "malicious (Umbrella)", entry(T0.plusSeconds(1), TimelineEntry.Kind.INVESTIGATION, "v1"));
        repo.setVerdict(i.id(), ip, "v".repeat(700), entry(T0.plusSeconds(2), TimelineEntry.Kind.INVESTIGATION, "v2"));
        repo.setHostDetail(i.id(), "WKS-FIN-042", "alice", null);
        repo.setHostDetail(i.id(), "wks-fin-042", null, "Building 1 > Floor 2");
        repo.setHostDetail(i.id(), "wks-fin-042", null, null);
        repo.setHostDetail(i.id(), null, "ignored", "ignored");
        repo.append(i.id(), entry(T0.plusSeconds(3), TimelineEntry.Kind.NOTE, "note"));

        Incident after = repo.find(i.id()).orElseThrow();
        assertThat(after.ticketNumber()).isEqualTo("INC0010001");
        assertThat(after.ticketUrl()).isEqualTo("https://example.service-now.com/inc");
        assertThat(repo.ticketSysId(i.id())).contains("sys-1");
        assertThat(repo.verdicts(i.id())).containsEntry("evil.example", "malicious (Umbrella)").containsKey("10.1.2.3")
                .hasSize(2);
        assertThat(repo.verdicts(i.id()).get("10.1.2.3")).hasSize(600).endsWith("…");
        assertThat(after.hosts()).as("a verdict on a new observable adds it").contains(ip);
        assertThat(repo.hostDetails(i.id())).containsExactly(java.util.Map.entry("wks-fin-042",
                new IncidentStore.HostDetail("alice", "Building 1 > Floor 2")));
        assertThat(repo.timeline(i.id())).extracting(TimelineEntry::text).endsWith("v1", "v2", "note");
    }

    private static TimelineEntry entry(Instant at, TimelineEntry.Kind kind, String text) {
        return new TimelineEntry(at, "alice@example.com", kind, text);
    }
}
