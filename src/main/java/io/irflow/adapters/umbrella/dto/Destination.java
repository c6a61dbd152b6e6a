package io.irflow.adapters.umbrella.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One entry of a v2 destination list; {@code id} comes back as a string (NOTES B2). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Destination(String id, String destination, String type, String comment) {
}
