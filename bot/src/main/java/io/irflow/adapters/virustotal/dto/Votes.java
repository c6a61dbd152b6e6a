package io.irflow.adapters.virustotal.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code total_votes}: community votes. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Votes(Integer harmless, Integer malicious) {
}
