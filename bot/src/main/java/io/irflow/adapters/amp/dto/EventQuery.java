package io.irflow.adapters.amp.dto;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Filters for GET /v1/events; null or empty filters are left out of the request.
 *
 * @param connectorGuids  computers ({@code connector_guid[]})
 * @param eventTypeIds    numeric event type ids ({@code event_type[]})
 * @param detectionSha256 detected file hash ({@code detection_sha256})
 * @param startDate       only events after this time ({@code start_date}), or null
 * @param limit           page size (1..500)
 */
public record EventQuery(List<String> connectorGuids, List<Long> eventTypeIds, String detectionSha256,
                         OffsetDateTime startDate, int limit) {
    public EventQuery {
        connectorGuids = connectorGuids == null ? List.of() : List.copyOf(connectorGuids);
        eventTypeIds = eventTypeIds == null ? List.of() : List.copyOf(eventTypeIds);
        limit = Math.max(1, Math.min(500, limit));
    }
}
