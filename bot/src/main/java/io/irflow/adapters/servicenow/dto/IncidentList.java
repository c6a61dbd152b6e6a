package io.irflow.adapters.servicenow.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** The {@code {"result": [ … ]}} envelope of an incident query (empty array when nothing matches). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IncidentList(List<IncidentRecord> result) {
}
