package io.irflow.adapters.virustotal.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The v3 response envelope {@code {"data": {...}}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VtEnvelope(VtObject data) {
}
