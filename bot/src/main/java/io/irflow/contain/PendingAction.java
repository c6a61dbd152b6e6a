package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;

import java.time.Instant;

/**
 * A containment the server offered on a card: the button carries only {@code ref}; everything that will be done is
 * stored here when the card is drawn. References are single-use and expire.
 *
 * @param ref          opaque, unguessable reference
 * @param kind         which action
 * @param undo         true for the undo of the action
 * @param product      which product executes it
 * @param target       what the product acts on (MAC, connector guid, domain, SHA-256)
 * @param targetLabel  how people know the target, e.g. "WKS-FIN-042 (00:50:56:a1:b2:42)"
 * @param roomId       the room the card was posted in
 * @param requestedBy  who asked (email), or "irflow" for buttons drawn on cards
 * @param createdAt    when it was offered
 * @param expiresAt    after this it is refused
 * @param state        where it is in its life
 * @param confirmedBy  who confirmed (email), or null
 * @param dryRun       a dry run: every step but the product call ({@code security.dry_run} or {@code --dry-run})
 */
public record PendingAction(String ref, ContainmentKind kind, boolean undo, String product, String target,
                            String targetLabel, String roomId, String requestedBy, Instant createdAt, Instant expiresAt,
                            State state, String confirmedBy, boolean dryRun) {

    /** An action that is not a dry run. */
    public PendingAction(String ref, ContainmentKind kind, boolean undo, String product, String target,
                         String targetLabel, String roomId, String requestedBy, Instant createdAt, Instant expiresAt,
                         State state, String confirmedBy) {
        this(ref, kind, undo, product, target, targetLabel, roomId, requestedBy, createdAt, expiresAt, state,
                confirmedBy, false);
    }

    /** The life of an offered action. */
    public enum State {
        /** Offered on a card: a press asks for confirmation. */
        OFFERED,
        /** Confirmation card shown: Confirm executes. */
        PENDING,
        /** Confirmed, waiting for a second responder. */
        AWAITING_APPROVAL,
        /** Claimed by one confirmation; executing or done. */
        EXECUTING,
        DONE,
        FAILED,
        CANCELLED
    }

    /** What the action does, as words: "quarantine" or "unquarantine". */
    public String verb() {
        return undo ? kind.undoVerb() : kind.verb();
    }

    /** Whether it can no longer be used at this instant. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
