package io.irflow.adapters.servicenow.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The Table API error body {@code {"error": {"message", "detail"}, "status": "failure"}}
 * (docs/reference/servicenow.md#errors).
 *
 * @param error  the message and detail; detail may be null
 * @param status "failure"
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorBody(Error error, String status) {

    /** The short message and the longer detail. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Error(String message, String detail) {
    }
}
