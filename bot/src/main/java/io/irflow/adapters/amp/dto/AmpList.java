package io.irflow.adapters.amp.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The v1 list envelope: metadata (links, result counts), a data array, and errors on failure. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AmpList<T>(String version, Metadata metadata, List<T> data, List<AmpError> errors) {
}
