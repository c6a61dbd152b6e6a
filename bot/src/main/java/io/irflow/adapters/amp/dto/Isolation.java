package io.irflow.adapters.amp.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A computer's isolation state from {@code GET|PUT|DELETE /v1/computers/{guid}/isolation}
 * (docs/reference/amp.md#isolation); status is one of not_isolated, pending_start, isolated, pending_stop. The unlock
 * code is a secret and never printed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Isolation(Boolean available, String status, String unlockCode, String comment, String isolatedBy) {

    @Override
    public String toString() {
        return "Isolation[available=" + available + ", status=" + status + ", unlockCode="
                + (unlockCode == null ? "null" : "***") + ", comment=" + comment + ", isolatedBy=" + isolatedBy + "]";
    }
}
