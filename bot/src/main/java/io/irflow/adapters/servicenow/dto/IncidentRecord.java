package io.irflow.adapters.servicenow.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The incident fields irflow reads back (raw values: strings, "" when empty;
 * docs/reference/servicenow.md#value-formats).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IncidentRecord(@JsonProperty("sys_id") String sysId,
                             @JsonProperty("number") String number,
                             @JsonProperty("state") String state,
                             @JsonProperty("short_description") String shortDescription,
                             @JsonProperty("correlation_id") String correlationId,
                             @JsonProperty("sys_created_on") String sysCreatedOn) {
}
