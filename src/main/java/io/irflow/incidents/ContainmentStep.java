package io.irflow.incidents;

import java.time.Instant;

/**
 * One containment step taken in an incident's room, as the audit log recorded it.
 *
 * @param at      when
 * @param actor   who
 * @param event   what happened (EXECUTED, UNDONE, FAILED, ...)
 * @param action  which action (QUARANTINE, ISOLATE, ...)
 * @param product through which product
 * @param target  on what
 * @param outcome words about the result
 */
public record ContainmentStep(Instant at, String actor, String event, String action, String product, String target,
                              String outcome) {

    /** True when the step changed something (executed, or undone). */
    public boolean effective() {
        return "EXECUTED".equals(event) || "UNDONE".equals(event);
    }

    /** True for an executed containment that is not an undo. */
    public boolean contained() {
        return "EXECUTED".equals(event);
    }

    /** Where the containment steps come from; the audit log in production. */
    @FunctionalInterface
    public interface Source {
        /** The steps taken in a room, oldest first. */
        java.util.List<ContainmentStep> inRoom(String roomId);
    }
}
