package io.irflow.cards.dsl;

/** The {@code action} values Submit buttons carry; shared by the cards that draw them and the handlers that route them. */
public final class ActionIds {
    /** Press on an offered containment: asks for confirmation. Data: {@code ref}. */
    public static final String CONTAIN_PRESS = "contain.press";
    /** Confirm (or approve) a pending containment. Data: {@code ref}. */
    public static final String CONTAIN_CONFIRM = "contain.confirm";
    /** Cancel a pending containment. Data: {@code ref}. */
    public static final String CONTAIN_CANCEL = "contain.cancel";
    /** Open an incident from an alert or investigation card. Data: {@code ref} (resolved server-side). */
    public static final String INCIDENT_OPEN = "incident.open";
    /** The data key that carries the opaque reference. */
    public static final String REF = "ref";

    private ActionIds() {
    }
}
