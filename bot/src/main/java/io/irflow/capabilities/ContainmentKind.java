package io.irflow.capabilities;

/** The containment actions irflow offers, each with its undo and what its target is. */
public enum ContainmentKind {
    /** ISE Adaptive Network Control on a MAC address. */
    QUARANTINE("quarantine", "unquarantine", "MAC address"),
    /** AMP isolation of a computer, by connector guid. */
    ISOLATE("isolate", "release", "AMP computer"),
    /** Umbrella block of a domain. */
    BLOCK_DOMAIN("block domain", "unblock domain", "domain"),
    /** AMP simple custom detection of a SHA-256. */
    BLOCK_HASH("block hash", "unblock hash", "SHA-256");

    private final String verb;
    private final String undoVerb;
    private final String targetName;

    ContainmentKind(String verb, String undoVerb, String targetName) {
        this.verb = verb;
        this.undoVerb = undoVerb;
        this.targetName = targetName;
    }

    /** The action as a verb, e.g. "quarantine". */
    public String verb() {
        return verb;
    }

    /** Its undo as a verb, e.g. "unquarantine". */
    public String undoVerb() {
        return undoVerb;
    }

    /** What the target is, e.g. "MAC address". */
    public String targetName() {
        return targetName;
    }
}
