package io.irflow.capabilities;

/**
 * What a product reports, right now, about one containment: read from the product's own state (ISE's ANC endpoint,
 * AMP's isolation status or file list, Umbrella's block list), never from what irflow remembers.
 *
 * @param status   whether the containment is in effect, on its way, or the product cannot say
 * @param state    the product's own word for the state (AMP's {@code pending_start}, ISE's policy name), may be ""
 * @param evidence what the product shows, in words safe to quote (e.g. "ISE shows ANC policy KickFromNetwork on
 *                 00:50:56:A1:3C:7E"); "" when {@code state} says it all
 */
public record ContainmentState(Status status, String state, String evidence) {

    /** Where the containment stands. */
    public enum Status {
        /** The product shows the containment in effect. */
        IN_EFFECT,
        /** The product shows it not in effect (never applied, or released). */
        NOT_IN_EFFECT,
        /** The product is still applying it (AMP {@code pending_start}). */
        STARTING,
        /** The product is releasing it (AMP {@code pending_stop}). */
        STOPPING,
        /** The product answered but its answer does not say (e.g. a list longer than irflow reads). */
        UNKNOWN
    }

    public ContainmentState {
        state = state == null ? "" : state;
        evidence = evidence == null ? "" : evidence;
    }
}
