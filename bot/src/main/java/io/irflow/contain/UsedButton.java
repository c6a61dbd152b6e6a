package io.irflow.contain;

import java.time.Instant;

/**
 * What became of a containment button that can no longer be used, and where its target stands now: read from the
 * stored action, the audit and the ledger, never from the card, so a second press can state the current fact ("
 * WKS-FIN-042 was quarantined by alice at 06:26") instead of a bare refusal.
 *
 * @param action the stored action the button carries
 * @param use    what became of it
 * @param by     who did that (email), or null when nobody did (expired)
 * @param at     when, or null when not recorded
 * @param detail the product's or irflow's words about it ("" when none), e.g. why it failed
 * @param held   irflow's containment of the target now, or null when irflow holds none
 * @param undone for an action that contains: the undo made after it (by anyone, any button), or null
 */
public record UsedButton(PendingAction action, Use use, String by, Instant at, String detail,
                         ContainedTargetStore.Row held, AuditStore.Entry undone) {

    /** What became of a button. */
    public enum Use {
        /** Carried out (or found already in effect) through this button. */
        DONE,
        /** Confirmed; the product is being called. */
        RUNNING,
        /** Confirmed, and the product refused or failed. */
        FAILED,
        /** Cancelled. */
        CANCELLED,
        /** Never carried out before it expired. */
        EXPIRED,
        /** Pressed; its confirmation card waits for Confirm or Cancel. */
        WAITING,
        /** Confirmed; waits for a second responder's approval. */
        AWAITING_APPROVAL,
        /** Confirm pressed on an offer nobody has pressed yet (no confirmation card exists). */
        NOT_PRESSED,
        /** An undo whose containment someone else undid after the button was drawn: pressing it would undo twice. */
        OVERTAKEN
    }
}
