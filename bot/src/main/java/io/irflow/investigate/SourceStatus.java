package io.irflow.investigate;

/** How one source's part of an investigation ended; every source on the card shows one. */
public enum SourceStatus {
    FOUND("found"),
    NOTHING_KNOWN("nothing known"),
    NOT_CONFIGURED("not configured"),
    TIMED_OUT("timed out"),
    REFUSED_CREDENTIALS("refused credentials"),
    RATE_LIMITED("rate-limited"),
    ERROR("error");

    private final String label;

    SourceStatus(String label) {
        this.label = label;
    }

    /** The words shown on the card. */
    public String label() {
        return label;
    }
}
