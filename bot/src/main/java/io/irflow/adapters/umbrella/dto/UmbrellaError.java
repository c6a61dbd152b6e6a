package io.irflow.adapters.umbrella.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An Umbrella error body {@code {"message": "..."}} (shape unconfirmed; anything else is ignored). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UmbrellaError(String message) {
}
