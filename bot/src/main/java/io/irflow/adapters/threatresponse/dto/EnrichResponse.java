package io.irflow.adapters.threatresponse.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** The answer of deliberate/observe: per-module results in {@code data}, per-module failures in {@code errors}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnrichResponse(List<ModuleResult> data, List<ModuleError> errors) {
}
