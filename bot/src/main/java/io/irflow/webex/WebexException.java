package io.irflow.webex;

/**
 * A Webex REST call that failed after retries; carries the status, Webex's trackingId for support, and whether Webex
 * may have acted on it anyway (a POST that got a 5xx or no answer: the message or room may exist).
 */
public class WebexException extends RuntimeException {
    private final int status;
    private final String trackingId;
    private final boolean mayHaveActed;

    /** A failure Webex certainly did not act on (4xx, 429, a connection that never opened, a refused id). */
    public WebexException(String message, int status, String trackingId, Throwable cause) {
        this(message, status, trackingId, cause, false);
    }

    /** @param mayHaveActed true when the request reached Webex and its outcome is unknown */
    public WebexException(String message, int status, String trackingId, Throwable cause, boolean mayHaveActed) {
        super(message, cause);
        this.status = status;
        this.trackingId = trackingId;
        this.mayHaveActed = mayHaveActed;
    }

    /** HTTP status, or 0 when Webex could not be reached. */
    public int status() {
        return status;
    }

    /** Webex's trackingId (header or body), or null. */
    public String trackingId() {
        return trackingId;
    }

    /**
     * True when a POST reached Webex and the answer does not say it was refused: a 5xx, a read timeout or a reset
     * after sending, or a 2xx irflow could not read. Then the message, room or membership may exist; sending it
     * again blindly may make a second one. False when Webex certainly did not act (or the call was no POST).
     */
    public boolean mayHaveActed() {
        return mayHaveActed;
    }
}
