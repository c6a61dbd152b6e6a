package io.irflow.adapters.umbrella.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The 202 answer of {@code POST /events}: an opaque acknowledgement id. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventAccepted(String id) {
}
