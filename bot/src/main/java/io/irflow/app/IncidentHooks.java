package io.irflow.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.Disposition;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Location;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.cards.dsl.Cards;
import io.irflow.chat.commands.InvestigateCommands;
import io.irflow.contain.AuditStore;
import io.irflow.incidents.IncidentSeedStore;
import io.irflow.incidents.IncidentService;
import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.SourceResult;
import io.irflow.investigate.SourceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ties the other flows to incidents: investigations (Open incident button, timeline and verdicts in incident rooms),
 * containment audit entries in incident rooms (ticket work notes) and new alerts for an open incident's hosts.
 * Every hook swallows its own failures: the incident side never breaks the flow it listens to.
 */
final class IncidentHooks implements InvestigateCommands.Hooks {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentHooks.class);
    private final IncidentService incidents;
    private final IncidentSeedStore seeds;
    private final Clock clock;

    IncidentHooks(IncidentService incidents, IncidentSeedStore seeds, Clock clock) {
        this.incidents = incidents;
        this.seeds = seeds;
        this.clock = clock;
    }

    @Override
    public ObjectNode openButton(InvestigationResult result, String roomId) {
        try {
            if (incidents.inRoom(roomId).isPresent()) {
                return null;
            }
            InvestigationResult.Overall o = result.overall();
            String value = result.observable().value();
            String title = o.disposition() == Disposition.UNKNOWN || o.disposition() == Disposition.CLEAN
                    ? "Investigation of " + value : capitalize(o.disposition().name().toLowerCase()) + " "
                    + result.observable().type().name().toLowerCase() + " " + value;
            String ref = seeds.offer(title, result.observable(), verdict(result), clock.instant());
            return Cards.submit("Open incident", Map.of("action", ActionIds.INCIDENT_OPEN, ActionIds.REF, ref));
        } catch (RuntimeException e) {
            LOG.warn("no Open incident button: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public void investigated(InvestigationResult result, String roomId, String actor) {
        try {
            incidents.investigated(roomId, actor, result.observable(), verdict(result));
            if (io.irflow.incidents.Incident.isHost(result.observable())) {
                incidents.hostSeen(roomId, result.observable().value(), user(result), location(result));
            }
        } catch (RuntimeException e) {
            LOG.warn("could not record the investigation of {} on the incident: {}", result.observable().value(),
                    e.getMessage());
        }
    }

    /** A containment step from the audit: in an incident room it becomes a ticket work note. */
    void audited(AuditStore.Entry e) {
        if (e.kind() == null || e.event() == AuditStore.Event.REQUESTED || e.roomId() == null) {
            return;
        }
        incidents.contained(e.roomId(), e.event().name().toLowerCase() + " " + e.kind().name().toLowerCase()
                + " of " + e.target() + " via " + e.product() + " by " + e.actor()
                + (e.outcome() == null ? "" : ": " + e.outcome()));
    }

    /** A new alert: open incidents covering its host get it on their timeline. */
    void alerted(Alert a) {
        if (a.host() == null) {
            return;
        }
        List<String> keys = new ArrayList<>();
        keys.add(a.host().hostname());
        keys.add(a.host().ip());
        keys.add(a.host().mac() == null ? null : IncidentSeedStore.mac(a.host().mac()));
        try {
            incidents.alerted(a.source(), a.title(), keys);
        } catch (RuntimeException e) {
            LOG.warn("could not put alert {} on incident timelines: {}", a.id(), e.getMessage());
        }
    }

    /** The first user any source that found the host names for it (ISE session, AMP). */
    static String user(InvestigationResult r) {
        return found(r).flatMap(f -> f.hosts().stream()).map(HostDetails::user)
                .filter(u -> u != null && !u.isBlank()).findFirst().orElse(null);
    }

    /** The first location any source that found the host gives (CMX map hierarchy). */
    static String location(InvestigationResult r) {
        return found(r).map(Finding::location).filter(java.util.Objects::nonNull).map(Location::mapHierarchy)
                .filter(l -> l != null && !l.isBlank()).findFirst().orElse(null);
    }

    private static java.util.stream.Stream<Finding> found(InvestigationResult r) {
        return r.results().stream().filter(s -> s.status() == SourceStatus.FOUND && s.finding() != null)
                .map(SourceResult::finding);
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
