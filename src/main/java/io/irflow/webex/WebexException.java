package io.irflow.webex;

/** A Webex REST call that failed after retries; carries the status and Webex's trackingId for support. */
public class WebexException extends RuntimeException {
    private final int status;
    private final String trackingId;

    public WebexException(String message, int status, String trackingId, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.trackingId = trackingId;
    }

    /** HTTP status, or 0 when Webex could not be reached. */
    public int status() {
        return status;
    }

    /** Webex's trackingId (header or body), or null. */
    public String trackingId() {
        return trackingId;
    }
}
