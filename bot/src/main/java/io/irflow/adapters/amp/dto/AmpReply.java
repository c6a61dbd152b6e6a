package io.irflow.adapters.amp.dto;

/**
 * A successful AMP write call: the HTTP status, the request's tracking id when AMP sent one, and the data object.
 *
 * @param status     the 2xx status AMP answered with
 * @param trackingId a {@code trackingid} / {@code X-Request-Id} header value, or null
 * @param data       the envelope's {@code data}, may be null
 */
public record AmpReply<T>(int status, String trackingId, T data) {
}
