package io.irflow.adapters.threatresponse.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A CTIM observable {@code {type, value}}, e.g. {@code {"type": "sha256", "value": "..."}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrObservable(String type, String value) {
}
