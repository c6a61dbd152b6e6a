package io.irflow.incidents;

import io.irflow.alerts.AlertAckStore;
import io.irflow.alerts.AlertOutboxStore;
import io.irflow.alerts.AlertSeenStore;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.testing.FakeRooms;
import io.irflow.testing.FreshDatabases;
import io.irflow.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's time to acknowledge: from detection to the first "I'm on it" pressed since on an alert about any of the
 * incident's hosts (recorded before or after the incident was opened), and the acknowledgement on the timeline of an
 * open incident on the host.
 */
class TimeToAcknowledgeTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final String ALICE = "alice@example.com";

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();
    private final MutableClock clock = new MutableClock(T0.plus(Duration.ofMinutes(20)));

    private static final AlertSeenStore.Renderer CARDS = new AlertSeenStore.Renderer() {
        @Override
        public AlertOutboxStore.Post card(Alert alert, String ref) {
            return new AlertOutboxStore.Post("card", "{}");
        }

        @Override
        public AlertOutboxStore.Post update(Alert alert, int count) {
            return new AlertOutboxStore.Post(count + " events", null);
        }
    };

    private IncidentService service(DataSource ds, AlertAckStore acks) {
        return new IncidentService(new IncidentStore(ds), new TicketOutboxStore(ds), new FakeRooms(), List.of(), null,
                room -> List.of(), clock, java.util.Set::copyOf,
                (keys, since) -> acks.firstFor(keys, since).map(a -> new Acknowledgement(a.at(), a.by(), a.label())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void an_alert_taken_before_the_incident_was_opened_counts_from_detection_and_one_before_detection_does_not(
            String kind) {
        DataSource ds = databases.open(kind);
        AlertSeenStore seen = new AlertSeenStore(ds);
        String ref = seen.ingest("AMP", List.of(new Alert("AMP", "e1", T0, "Executed malware", "W32.Test", "high",
                new Alert.AlertHost("WKS-1", "10.1.2.3", null, null), null, null, null, null)), "c1", "room",
                Duration.ofMinutes(10), T0, CARDS).get(0).ref();
        AlertAckStore acks = seen.acks();
        acks.acknowledge(acks.ofAlert(ref).orElseThrow(), ALICE, null, T0.plus(Duration.ofMinutes(4)));
        IncidentService service = service(ds, acks);

        Incident byName = service.open("Malware on WKS-1", 2, List.of(new Observable(ObservableType.HOSTNAME, "wks-1")),
                "bob@example.com", T0).incident();
        String md = service.report(byName).markdown();
        assertThat(md).contains("| Acknowledged | 2026-12-03 10:04:00 UTC (+0h 04m 00s) by alice@example.com "
                + "(W32.Test on WKS-1) |")
                .contains("| Time to acknowledge | 0h 04m 00s (first \"I'm on it\" on an alert card for its hosts "
                        + "since detection, minus detection) |")
                .contains("- alice@example.com\n");
        assertThat(service.chartMilestones(byName)).extracting(m -> m.label() + " " + m.at()).containsExactly(
                "Detected " + T0, "Acknowledged " + T0.plus(Duration.ofMinutes(4)), "Opened " + byName.openedAt(),
                "First containment null", "Contained null", "Resolved null");

        // Known by its address only, the host is the same; detected after the press, the press is an earlier episode's.
        Incident byIp = service.open("Beaconing from 10.1.2.3", 3, List.of(new Observable(ObservableType.IPV4,
                "10.1.2.3")), "bob@example.com", T0.plus(Duration.ofMinutes(3))).incident();
        assertThat(service.report(byIp).markdown()).contains("| Time to acknowledge | 0h 01m 00s");
        Incident later = service.open("Again on WKS-1", 3, List.of(new Observable(ObservableType.HOSTNAME, "wks-1")),
                "bob@example.com", T0.plus(Duration.ofMinutes(5))).incident();
        assertThat(service.report(later).markdown()).contains("| Acknowledged | not yet |")
                .contains("| Time to acknowledge | n/a (");
        assertThat(service.chartMilestones(later)).extracting(m -> m.label())
                .containsExactly("Detected", "Opened", "First containment", "Contained", "Resolved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void an_acknowledgement_goes_on_the_timeline_of_every_open_incident_on_the_host_and_no_other(String kind) {
        DataSource ds = databases.open(kind);
        IncidentService service = service(ds, new AlertAckStore(ds));
        Incident mine = service.open("Malware on WKS-1", 2, List.of(new Observable(ObservableType.HOSTNAME, "wks-1")),
                "bob@example.com", T0).incident();
        Incident other = service.open("Malware on WKS-2", 2, List.of(new Observable(ObservableType.HOSTNAME, "wks-2")),
                "bob@example.com", T0).incident();

        assertThat(service.acknowledged(ALICE, "W32.Test on WKS-1", List.of("wks-1", "10.1.2.3")))
                .containsExactly(mine.id());

        assertThat(service.timeline(mine)).filteredOn(e -> e.kind() == TimelineEntry.Kind.ACKNOWLEDGED)
                .singleElement().satisfies(e -> {
                    assertThat(e.actor()).isEqualTo(ALICE);
                    assertThat(e.text()).isEqualTo(ALICE + " is on it: W32.Test on WKS-1");
                });
        assertThat(service.timeline(other)).noneMatch(e -> e.kind() == TimelineEntry.Kind.ACKNOWLEDGED);
    }

    @Test
    void without_an_acknowledgement_the_report_says_so_and_how_the_time_would_be_measured() {
        Incident i = new Incident("IR-2026-0001", "t", 2, IncidentStatus.INVESTIGATING, "bob@example.com", T0, T0,
                null, null, null, null, null, null, null, List.of(new Observable(ObservableType.HOSTNAME, "wks-1")));

        assertThat(IncidentReport.of(i, List.of(), List.of(), null, T0).markdown())
                .contains("| Acknowledged | not yet |")
                .contains("| Time to acknowledge | n/a (first \"I'm on it\" on an alert card for its hosts since "
                        + "detection, minus detection) |");
    }
}
