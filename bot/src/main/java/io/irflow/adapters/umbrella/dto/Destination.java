package io.irflow.adapters.umbrella.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One entry of a v2 destination list; {@code id} comes back as a string
 * (docs/reference/umbrella-enforcement.md#destination-lists-v2).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Destination(String id, String destination, String type, String comment) {
}
