package io.irflow.adapters.amp.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The optional body of {@code PUT /v1/computers/{guid}/isolation}; AMP generates an unlock code when none is sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IsolationRequest(String comment, String unlockCode) {

    @Override
    public String toString() {
        return "IsolationRequest[comment=" + comment + ", unlockCode=" + (unlockCode == null ? "null" : "***") + "]";
    }
}
