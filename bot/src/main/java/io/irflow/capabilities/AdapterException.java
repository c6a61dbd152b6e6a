package io.irflow.capabilities;

import java.time.Duration;

/** A product call that did not give an answer, classified so cards can say what to do next. */
public class AdapterException extends Exception {

    /** Why the call failed. */
    public enum Kind {
        NOT_FOUND, UNAUTHORIZED, RATE_LIMITED, UNAVAILABLE, TIMEOUT, BAD_INPUT, MALFORMED, CONFLICT
    }

    private final String product;
    private final Kind kind;
    private final int status;
    private final Duration retryAfter;
    private final String trackingId;

    public AdapterException(String product, Kind kind, String message, int status, Duration retryAfter,
                            String trackingId, Throwable cause) {
        super(message, cause);
        this.product = product;
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
        this.trackingId = trackingId;
    }

    public AdapterException(String product, Kind kind, String message) {
        this(product, kind, message, 0, null, null, null);
    }

    public String product() {
        return product;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when none was received. */
    public int status() {
        return status;
    }

    /** How long the product asked us to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** A vendor tracking or request id, or null. */
    public String trackingId() {
        return trackingId;
    }
}
