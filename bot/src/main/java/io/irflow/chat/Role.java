package io.irflow.chat;

/**
 * What a command or card button needs of the person who uses it. Responders can do everything analysts can.
 */
public enum Role {
    /** Read-only: looks things up and shows state ({@code security.analysts}, which defaults to the responders). */
    ANALYST,
    /** Changes state: containment, its buttons, incidents, alert sources ({@code security.responders}). */
    RESPONDER;

    /** Whether someone with this role may do what {@code needed} requires. */
    public boolean covers(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The word used in answers and the README, e.g. "responder". */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
