package io.irflow.adapters.threatresponse.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** A CTIM list {@code {count, docs[]}}; {@code count} may exceed the docs sent. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Docs<T>(Integer count, List<T> docs) {
}
