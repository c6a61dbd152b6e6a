package io.irflow.verify;

import io.irflow.capabilities.ContainmentKind;

import java.time.Instant;

/**
 * One action being (or having been) verified against the product's own state.
 *
 * @param ref           the action's reference
 * @param undo          whether the action was an undo (then "verified" means the product shows it released)
 * @param cardMessageId the card whose thread the action's result went to, or null (notes then go to the room)
 * @param deadline      when irflow stops checking and says "not verified"
 * @param attempts      product reads done so far
 * @param state         where the check stands
 * @param lastSeen      what the product showed at the last read, in words, or null
 */
public record Verification(String ref, ContainmentKind kind, boolean undo, String product, String target,
                           String targetLabel, String roomId, String cardMessageId, Instant startedAt,
                           Instant deadline, int attempts, State state, String lastSeen) {

    /** Where a check stands. */
    public enum State {
        /** Reading the product until it confirms or the deadline passes. */
        CHECKING,
        /** The product confirmed. */
        VERIFIED,
        /** The deadline passed without the product confirming. */
        NOT_VERIFIED,
        /** The product has no state irflow can read. */
        NOT_VERIFIABLE,
        /** irflow stopped while checking and resumed after the deadline. */
        UNKNOWN
    }
}
