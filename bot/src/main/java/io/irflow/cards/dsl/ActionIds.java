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
    /**
     * Add what an alert or investigation card stands for to an existing incident instead of opening another. Data:
     * {@code ref}, {@code incident}.
     */
    public static final String INCIDENT_ADD = "incident.add";
    /** The data key that carries an incident's id. */
    public static final String INCIDENT = "incident";
    /** The data key that asks Open incident to open a new one although an open incident covers the host ("yes"). */
    public static final String FORCE = "force";
    /**
     * Investigate one of the computers an ambiguous name may mean. Data: {@code name}, which is parsed again exactly
     * as typed text would be (it grants nothing a typed {@code /investigate} does not).
     */
    public static final String INVESTIGATE_NAME = "investigate.name";
    /** The data key that carries a computer's full name on {@link #INVESTIGATE_NAME}. */
    public static final String NAME = "name";
    /** List every host of an alert storm's digest, as a reply. Data: {@code digest} (looked up server-side). */
    public static final String STORM_HOSTS = "alert.storm.hosts";
    /** Open one incident for an alert storm's digest and its hosts. Data: {@code digest}. */
    public static final String STORM_INCIDENT = "alert.storm.incident";
    /**
     * "I'm on it" on an alert card or storm digest: records who took the alert group (the presser, as Webex names
     * them). Data: {@code ref} (a host card's alert) or {@code digest}, each looked up server-side.
     */
    public static final String ALERT_ACK = "alert.ack";
    /** The data key that carries a storm digest's key. */
    public static final String DIGEST = "digest";
    /** The data key that carries the opaque reference. */
    public static final String REF = "ref";

    private ActionIds() {
    }
}
