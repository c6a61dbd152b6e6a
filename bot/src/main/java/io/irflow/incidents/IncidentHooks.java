package io.irflow.incidents;

import io.irflow.capabilities.Alert;
import io.irflow.capabilities.Disposition;
import io.irflow.contain.AuditStore;
import io.irflow.investigate.InvestigationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Ties the other flows to incidents: investigations (the seed behind an Open incident button, timeline and verdicts in
 * incident rooms), containment audit entries in incident rooms (ticket work notes) and new alerts for an open
 * incident's hosts. Every hook swallows its own failures: the incident side never breaks the flow it listens to.
 */
public final class IncidentHooks {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentHooks.class);
    private final IncidentService incidents;
    private final IncidentSeedStore seeds;
    private final Clock clock;

    public IncidentHooks(IncidentService incidents, IncidentSeedStore seeds, Clock clock) {
        this.incidents = incidents;
        this.seeds = seeds;
        this.clock = clock;
    }

    /**
     * Stores what an Open incident button under this result would open and returns the reference the button carries;
     * null when there should be no button (the room already is an incident's) or the seed could not be stored.
     */
    public String offer(InvestigationResult result, String roomId) {
        try {
            if (incidents.inRoom(roomId).isPresent()) {
                return null;
            }
            InvestigationResult.Overall o = result.overall();
            String value = result.observable().value();
            String title = o.disposition() == Disposition.UNKNOWN || o.disposition() == Disposition.CLEAN
                    ? "Investigation of " + value : capitalize(o.disposition().name().toLowerCase()) + " "
                    + result.observable().type().name().toLowerCase() + " " + value;
            boolean host = Incident.isHost(result.observable());
            return seeds.offer(title, result.observable(), verdict(result), host ? result.hostUser() : null,
                    host ? result.hostLocation() : null, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("no Open incident button: {}", e.getMessage());
            return null;
        }
    }

    /** An investigation finished in a room: in an incident room it goes on the timeline, with the host's facts. */
    public void investigated(InvestigationResult result, String roomId, String actor) {
        try {
            incidents.investigated(roomId, actor, result.observable(), verdict(result));
            if (Incident.isHost(result.observable())) {
                incidents.hostSeen(roomId, result.observable().value(), result.hostUser(), result.hostLocation());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not record the investigation of {} on the incident: {}", result.observable().value(),
                    e.getMessage());
        }
    }

    /**
     * A containment step from the audit: taken in an incident room, or on a host an open incident covers (from any
     * room), it becomes a ticket work note of that incident.
     */
    public void audited(AuditStore.Entry e) {
        if (e.kind() == null || e.event() == AuditStore.Event.REQUESTED || (e.roomId() == null && e.target() == null)) {
            return;
        }
        incidents.contained(e.roomId(), e.target(), e.event().name().toLowerCase() + " " + e.kind().name().toLowerCase()
                + " of " + e.target() + " via " + e.product() + " by " + e.actor()
                + (e.outcome() == null ? "" : ": " + e.outcome()));
    }

    /** A new alert: open incidents covering its host get it on their timeline. */
    public void alerted(Alert a) {
        if (a.host() == null) {
            return;
        }
        List<String> keys = new ArrayList<>();
        keys.add(a.host().hostname());
        keys.add(a.host().ip());
        keys.add(a.host().mac() == null ? null : IncidentSeedStore.mac(a.host().mac()));
        try {
            incidents.alerted(a.source(), a.title(), keys, java.util.Collections.singletonList(a.host().connectorGuid()));
        } catch (RuntimeException e) {
            LOG.warn("could not put alert {} on incident timelines: {}", a.id(), e.getMessage());
        }
    }

    static String verdict(InvestigationResult r) {
        InvestigationResult.Overall o = r.overall();
        String words = o.disposition().name().toLowerCase();
        if (o.reason() != null && !o.reason().isBlank()) {
            words += " (" + (o.source().isBlank() ? "" : o.source() + ": ") + o.reason() + ")";
        }
        return words;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
