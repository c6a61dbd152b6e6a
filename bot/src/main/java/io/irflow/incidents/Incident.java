package io.irflow.incidents;

import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One incident.
 *
 * @param id           readable id, {@code IR-<year>-<4-digit seq>}
 * @param title        one line
 * @param severity     1 (critical) to 4 (low)
 * @param status       where it is
 * @param openedBy     who opened it (email)
 * @param openedAt     when
 * @param detectedAt   when the first alert or finding was seen, or null (then the opening time counts)
 * @param roomId       its Webex room, or null while none could be created
 * @param assignee     who owns it (email), or null
 * @param ticketNumber the ticket's number (e.g. INC0010023), or null until synced
 * @param ticketUrl    a link to the ticket, or null
 * @param resolution   close notes, or null
 * @param containedAt  when the status first became contained, or null
 * @param resolvedAt   when it was resolved (or closed), or null
 * @param observables  the hosts and indicators it covers, in the order they were added
 */
public record Incident(String id, String title, int severity, IncidentStatus status, String openedBy, Instant openedAt,
                       Instant detectedAt, String roomId, String assignee, String ticketNumber, String ticketUrl,
                       String resolution, Instant containedAt, Instant resolvedAt, List<Observable> observables) {

    private static final Set<ObservableType> HOST_TYPES = Set.of(ObservableType.HOSTNAME, ObservableType.IPV4,
            ObservableType.IPV6, ObservableType.MAC);

    public Incident {
        observables = List.copyOf(observables);
    }

    /** True for the types that name a machine rather than an indicator. */
    public static boolean isHost(Observable o) {
        return HOST_TYPES.contains(o.type());
    }

    /** The host names, IPs and MACs. */
    public List<Observable> hosts() {
        return observables.stream().filter(Incident::isHost).toList();
    }

    /** The domains, URLs and hashes. */
    public List<Observable> indicators() {
        return observables.stream().filter(o -> !isHost(o)).toList();
    }

    /** This incident with its observables replaced. */
    public Incident withObservables(List<Observable> list) {
        return new Incident(id, title, severity, status, openedBy, openedAt, detectedAt, roomId, assignee, ticketNumber,
                ticketUrl, resolution, containedAt, resolvedAt, list);
    }
}
