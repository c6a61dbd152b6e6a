package io.irflow.adapters.amp;

import io.irflow.adapters.amp.dto.Event;
import io.irflow.capabilities.Disposition;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which AMP event types are threats and how bad each is. Keyed on {@code event_type_id} because the names change
 * over time (docs/reference/amp.md#event-types); other event types (policy updates, isolation, scans) are not threats.
 */
final class ThreatEvents {
    /** Malware ran, survived or a human hunter confirmed it: the host is compromised. */
    static final List<Long> MALICIOUS_TYPES = List.of(
            1107296272L,   // Executed malware
            2164260880L,   // Quarantine Failure
            1107296284L,   // Potential Ransomware
            1107296344L);  // SecureX Threat Hunting Incident
    /** Detected, blocked or quarantined, or an indicator: worth a look, not proof of compromise. */
    static final List<Long> SUSPICIOUS_TYPES = List.of(
            1090519054L,   // Threat Detected
            553648143L,    // Threat Quarantined
            553648147L,    // Cloud Recall Detection / Retrospective Detection
            553648155L,    // Cloud Recall Quarantine Successful
            553648168L,    // Execution Blocked
            1090519084L,   // DFC Threat Detected
            1107296274L,   // Cloud IOC
            1107296273L,   // Suspected botnet connection
            1107296277L,   // Connection to suspicious domain
            1090519103L);  // Exploit Prevention

    private ThreatEvents() {
    }

    /** Every threat type id, for the {@code event_type[]} filter. */
    static List<Long> allTypes() {
        return Stream.concat(MALICIOUS_TYPES.stream(), SUSPICIOUS_TYPES.stream()).toList();
    }

    /** The disposition an event implies, or null when its type is not a threat. */
    static Disposition dispositionOf(Event event) {
        Long type = event.eventTypeId();
        if (type == null) {
            return null;
        }
        if (MALICIOUS_TYPES.contains(type)) {
            return Disposition.MALICIOUS;
        }
        return SUSPICIOUS_TYPES.contains(type) ? Disposition.SUSPICIOUS : null;
    }

    /** The threat events only, newest first. */
    static List<Event> threats(List<Event> events) {
        return events.stream().filter(e -> dispositionOf(e) != null)
                .sorted(Comparator.comparing((Event e) -> e.timestamp() == null ? 0L : e.timestamp()).reversed())
                .toList();
    }

    /** The worst event: most severe disposition, then newest. */
    static Event worst(List<Event> threats) {
        return threats.stream()
                .min(Comparator.comparing(ThreatEvents::dispositionOf)
                        .thenComparing(e -> -(e.timestamp() == null ? 0L : e.timestamp())))
                .orElse(null);
    }

    /** "Threat Detected ×3, Threat Quarantined ×1", most frequent first. */
    static String countsByType(List<Event> threats) {
        Map<String, Long> counts = threats.stream().collect(Collectors.groupingBy(ThreatEvents::typeName,
                LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " ×" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** "W32.Ransomware.WannaCry.SBX.TG — tasksche.exe on FIN-LT-0042 (2024-05-02T12:25:02+00:00)". */
    static String describe(Event e) {
        StringBuilder s = new StringBuilder(typeName(e));
        if (e.detection() != null) {
            s.append(": ").append(e.detection());
        }
        if (e.file() != null && e.file().fileName() != null) {
            s.append(" — ").append(e.file().fileName());
        }
        String host = hostname(e);
        if (host != null) {
            s.append(" on ").append(host);
        }
        if (e.date() != null) {
            s.append(" (").append(e.date()).append(')');
        }
        return s.toString();
    }

    /** The event's type name, or its id when the name is missing. */
    static String typeName(Event e) {
        return e.eventType() != null ? e.eventType() : "event type " + e.eventTypeId();
    }

    /** The hostname of the computer the event happened on, or null. */
    static String hostname(Event e) {
        return e.computer() == null ? null : e.computer().hostname();
    }

    /** The connector guid of the event's computer, or null. */
    static String connectorGuid(Event e) {
        if (e.connectorGuid() != null) {
            return e.connectorGuid();
        }
        return e.computer() == null ? null : e.computer().connectorGuid();
    }

    /** How many distinct computers the events happened on. */
    static long computerCount(List<Event> events) {
        return events.stream().map(ThreatEvents::connectorGuid).filter(Objects::nonNull).distinct().count();
    }
}
