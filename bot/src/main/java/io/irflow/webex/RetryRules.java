package io.irflow.webex;

import kong.unirest.core.UnirestException;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;

/**
 * Which Webex calls may be sent again. Webex has no idempotency key, so a POST that may have reached it is never
 * repeated: a second {@code POST /messages} or {@code POST /rooms} would be a second message or room
 * (docs/reference/webex.md#errors-and-retries).
 */
final class RetryRules {
    private RetryRules() {
    }

    /**
     * Whether an answer may be retried: 429 always (Webex did not act; docs/reference/webex.md#errors-and-retries); 5xx
     * only for GET, PUT and DELETE, because a POST that got a 5xx may still have created the message or room
     * (docs/reference/webex.md#errors-and-retries: "may still have been posted") and sending it again would make a
     * second one.
     */
    static boolean retryable(String method, int status) {
        if (status == 429) {
            return true;
        }
        return idempotent(method) && (status == 500 || status == 502 || status == 503 || status == 504);
    }

    /**
     * Whether a transport failure happened before any byte of the request left: the connection was refused, timed
     * out while connecting, or the host name did not resolve. A read timeout or a reset after sending is not.
     */
    static boolean sentNothing(UnirestException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException
                    || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** GET, PUT, DELETE (and HEAD): sending them twice leaves Webex as sending them once. */
    static boolean idempotent(String method) {
        return !"POST".equals(method) && !"PATCH".equals(method);
    }

    /** Scheme, host and port of a redirect target, for the error (its path and query may carry anything). */
    static String originOf(String location) {
        try {
            URI uri = URI.create(location.trim());
            if (uri.getHost() == null) {
                return "a relative location";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "an unreadable location";
        }
    }
}
