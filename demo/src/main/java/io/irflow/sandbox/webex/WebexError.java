package io.irflow.sandbox.webex;

/** A failure the stand-in reports the way Webex does: an HTTP status and a message for the error body. */
final class WebexError extends RuntimeException {
    private final int status;

    WebexError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The HTTP status. */
    int status() {
        return status;
    }

    static WebexError notFound() {
        return new WebexError(404, "The requested resource could not be found.");
    }

    static WebexError badRequest(String message) {
        return new WebexError(400, message);
    }
}
