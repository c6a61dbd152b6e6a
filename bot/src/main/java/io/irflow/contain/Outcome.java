package io.irflow.contain;

import io.irflow.capabilities.ContainmentResult;

/**
 * What the containment service decided, for the chat layer to render.
 *
 * @param type     the decision
 * @param action   the action it concerns (null when the reference was unknown)
 * @param message  a human sentence for refusals, failures and dry runs ("Dry run: would have …"), "" otherwise
 * @param result   the product's answer when it was called, else null
 * @param undo     an offered undo (for EXECUTED), else null
 * @param used     for a button that can no longer be used: what became of it and where its target stands, else null
 */
public record Outcome(Type type, PendingAction action, String message, ContainmentResult result, PendingAction undo,
                      UsedButton used) {

    /** An outcome that is not about a used button. */
    public Outcome(Type type, PendingAction action, String message, ContainmentResult result, PendingAction undo) {
        this(type, action, message, result, undo, null);
    }

    /** The decisions. */
    public enum Type {
        /** A dry run went through every step but the product call; the message says what would have been done. */
        DRY_RUN,
        CONFIRM, AWAITING_APPROVAL, EXECUTED, ALREADY, FAILED, CANCELLED, NOT_RESPONDER, INVALID_REFERENCE, WRONG_ROOM,
        NOT_CONFIGURED
    }

    static Outcome of(Type type, PendingAction action, String message) {
        return new Outcome(type, action, message, null, null);
    }
}
