package io.irflow.adapters.ise;

/**
 * What an ANC apply or clear call achieved, with the HTTP status ISE answered (204 on success; the "already" outcomes
 * come with ISE's error status).
 */
public record AncResult(AncOutcome outcome, int status) {
}
