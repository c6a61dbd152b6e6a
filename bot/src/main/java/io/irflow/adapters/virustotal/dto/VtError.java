package io.irflow.adapters.virustotal.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The v3 error body {@code {"error": {"code", "message"}}}; irflow switches on the code only. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VtError(Body error) {

    /** The error's code name, e.g. {@code QuotaExceededError}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Body(String code, String message) {
    }
}
