package io.irflow.adapters.servicenow.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The {@code {"result": {…}}} envelope of a single-record Table API answer. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IncidentResult(IncidentRecord result) {
}
