package io.irflow.incidents;

import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.pictures.TimelineChart.Milestone;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart's milestones are the report's times: acknowledged only when known, pending ones as null. */
class IncidentMilestonesTest {
    private static final Instant DETECTED = Instant.parse("2026-12-03T09:58:00Z");
    private static final Instant OPENED = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant QUARANTINED = Instant.parse("2026-12-03T10:04:00Z");

    private static Incident incident(Instant containedAt, Instant resolvedAt) {
        return new Incident("IR-2026-0001", "t", 2, IncidentStatus.INVESTIGATING, "alice@acme.example", OPENED,
                DETECTED, null, null, null, null, null, containedAt, resolvedAt,
                List.of(new Observable(ObservableType.HOSTNAME, "wks-fin-042")));
    }

    private static final List<ContainmentStep> QUARANTINE = List.of(new ContainmentStep(QUARANTINED, "alice",
            "EXECUTED", "QUARANTINE", "ISE", "00:50:56:a1:b2:42", "ok"));

    @Test
    void an_open_incident_has_detected_opened_and_its_first_containment_and_the_rest_not_yet() {
        List<Milestone> m = IncidentReport.milestones(incident(null, null), QUARANTINE, null);

        assertThat(m).extracting(Milestone::label).containsExactly("Detected", "Opened", "First containment",
                "Contained", "Resolved");
        assertThat(m).extracting(Milestone::at).containsExactly(DETECTED, OPENED, QUARANTINED, QUARANTINED, null);
    }

    @Test
    void acknowledged_appears_when_known_and_recorded_containment_and_resolution_win() {
        Instant ack = DETECTED.plusSeconds(60);
        Instant contained = QUARANTINED.plusSeconds(600);
        Instant resolved = contained.plusSeconds(3600);

        List<Milestone> m = IncidentReport.milestones(incident(contained, resolved), List.of(), ack);

        assertThat(m).extracting(Milestone::label).containsExactly("Detected", "Acknowledged", "Opened",
                "First containment", "Contained", "Resolved");
        assertThat(m).extracting(Milestone::at).containsExactly(DETECTED, ack, OPENED, null, contained, resolved);
    }
}
