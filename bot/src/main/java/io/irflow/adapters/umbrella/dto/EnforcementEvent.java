package io.irflow.adapters.umbrella.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One event of {@code POST /events} (required fields per docs/reference/umbrella-enforcement.md#events, plus a
 * few optional ones). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnforcementEvent(String alertTime, String deviceId, String deviceVersion, String dstDomain, String dstUrl,
                               String eventTime, String protocolVersion, String providerName, String eventType,
                               String eventDescription, Boolean disableDstSafeguards) {
}
