package io.irflow.capabilities;

/**
 * Reads a product's own state of a containment: how irflow confirms that an action the product accepted really took
 * effect, and notices later when it no longer holds (released outside irflow). Only state the product documents
 * counts; a product without readable state offers no check, and irflow says "not verifiable" instead of guessing.
 */
@FunctionalInterface
public interface ContainmentCheck {

    /** What the product reports now for this target (MAC, connector guid, domain or SHA-256). */
    ContainmentState observe(String target) throws AdapterException;
}
