package io.irflow.adapters.cmx.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The answer of {@code /api/location/v2/clients/count}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClientCount(String deviceType, Long count) {
}
