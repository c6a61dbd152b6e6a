package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;

/** Told of every containment action that reached execution, and how it ended, for {@code GET /metrics}. */
@FunctionalInterface
public interface ContainmentMetrics {
    /** No one listens. */
    ContainmentMetrics NONE = (kind, undo, outcome) -> {
    };

    /**
     * @param kind    what was done (quarantine, isolate, block...)
     * @param undo    whether it was the undo
     * @param outcome EXECUTED, ALREADY, FAILED or NOT_CONFIGURED
     */
    void acted(ContainmentKind kind, boolean undo, Outcome.Type outcome);
}
