package io.irflow.adapters.virustotal.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code popular_threat_classification}, of which irflow reads only the suggested label. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ThreatClassification(@JsonProperty("suggested_threat_label") String suggestedThreatLabel) {
}
