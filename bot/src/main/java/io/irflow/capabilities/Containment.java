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
     * How to read the product's own state of this containment, to verify it and to notice drift.
     *
     * @return empty when the product has no state irflow can read ("not verifiable")
     */
    default Optional<ContainmentCheck> check() {
        return Optional.empty();
    }
}
