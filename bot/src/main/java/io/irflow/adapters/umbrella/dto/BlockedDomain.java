package io.irflow.adapters.umbrella.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One domain on the integration's block list; {@code lastSeenAt} is Unix seconds. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BlockedDomain(Long id, String name, Long lastSeenAt) {
}
