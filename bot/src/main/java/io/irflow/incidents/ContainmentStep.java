package io.irflow.incidents;

import java.time.Instant;

/**
 * One containment step taken in an incident's room or on one of its hosts, as the audit log recorded it.
 *
 * @param at      when
 * @param actor   who
 * @param event   what happened (EXECUTED, UNDONE, FAILED, ...)
 * @param action  which action (QUARANTINE, ISOLATE, ...)
 * @param product through which product
 * @param target  on what
 * @param outcome words about the result
 * @param state   for an executed step, whether it is still in effect or was undone since; null when not known
 */
public record ContainmentStep(Instant at, String actor, String event, String action, String product, String target,
                              String outcome, State state) {

    /** A step whose undo state is not known (or does not apply). */
    public ContainmentStep(Instant at, String actor, String event, String action, String product, String target,
                           String outcome) {
        this(at, actor, event, action, product, target, outcome, null);
    }

    /**
     * Whether an executed containment still holds.
     *
     * @param inEffect true while irflow holds the target contained (and no undo came after the step)
     * @param since    since when irflow holds it, when in effect
     * @param undoneAt when the first undo after the step ran, or null
     * @param undoneBy who undid it, or null
     */
    public record State(boolean inEffect, Instant since, Instant undoneAt, String undoneBy) {
        /** Still held since then. */
        public static State held(Instant since) {
            return new State(true, since, null, null);
        }

        /** Undone then, by whom. */
        public static State undone(Instant at, String by) {
            return new State(false, null, at, by);
        }

        /** No longer held, with no undo on record. */
        public static State released() {
            return new State(false, null, null, null);
        }
    }

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

        /**
         * The steps taken in a room (null: none) and those taken anywhere, at any time, on any of these host
         * identifiers, oldest first. By default only the room's.
         */
        default java.util.List<ContainmentStep> forIncident(String roomId, java.util.Collection<String> hostKeys) {
            return roomId == null ? java.util.List.of() : inRoom(roomId);
        }
    }
}
