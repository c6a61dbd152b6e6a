package io.irflow.capabilities;

import java.util.Optional;

/**
 * One containment action on one product (quarantine, isolate, block a domain or a hash) with its undo. Calls are
 * never cached and never retried blindly; "already in that state" is an answer, not an error.
 */
public interface Containment {

    /** Which action this is. */
    ContainmentKind kind();

    /** The product name, e.g. "ISE". */
    String product();

    /**
     * Whether the target is currently contained by this action, when the product can tell.
     *
     * @return empty when the product cannot say
     */
    Optional<Boolean> isContained(String target) throws AdapterException;

    /** Contains the target (MAC, connector guid, domain or SHA-256, per {@link #kind()}). */
    ContainmentResult apply(String target) throws AdapterException;

    /** Undoes the containment. */
    ContainmentResult undo(String target) throws AdapterException;

    /**
     * What {@link #apply} (or {@link #undo}) would have done to the target, without calling the product: the words
     * after "Dry run: would have", e.g. "applied ANC policy KickFromNetwork to 00:50:56:A1:3C:7E on ise.example.com".
     * A target the product call would refuse as malformed is refused here too (BAD_INPUT).
     */
    default String wouldHave(String target, boolean undo) throws AdapterException {
        return "asked " + product() + " to " + (undo ? kind().undoVerb() : kind().verb()) + " " + target;
    }

    /**
     * How to read the product's own state of this containment, to verify it and to notice drift.
     *
     * @return empty when the product has no state irflow can read ("not verifiable")
     */
    default Optional<ContainmentCheck> check() {
        return Optional.empty();
    }
}
