package io.irflow.adapters.ise;

/** What an ANC apply or clear call achieved; "already" outcomes are ISE's idempotency answers, not failures. */
public enum AncOutcome {
    APPLIED, ALREADY_APPLIED, CLEARED, NOT_APPLIED
}
