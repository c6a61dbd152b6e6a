package io.irflow.adapters;

import java.time.Duration;

/**
 * Told of every HTTP call to a product ({@link ProductHttp#send}), for {@code GET /metrics}. The outcome is one of four
 * fixed values: {@value #TIMEOUT} (no answer in time), {@value #RATE_LIMITED} (HTTP 429), {@value #ERROR} (unreachable,
 * 5xx, or 401/403: the product cannot be used as configured) and {@value #OK} (any other answer, a 404 or 409 included:
 * the product answered about the input).
 */
@FunctionalInterface
public interface ProductCalls {
    /** No one listens. */
    ProductCalls NONE = (product, outcome, took) -> {
    };
    String OK = "ok";
    String ERROR = "error";
    String TIMEOUT = "timeout";
    String RATE_LIMITED = "429";

    /**
     * @param product the product's display name (a fixed set: one per adapter)
     * @param outcome one of {@link #OK}, {@link #ERROR}, {@link #TIMEOUT}, {@link #RATE_LIMITED}
     * @param took    from sending the request to its answer or failure
     */
    void record(String product, String outcome, Duration took);

    /** The outcome of an answered call with this HTTP status. */
    static String outcomeOf(int status) {
        if (status == 429) {
            return RATE_LIMITED;
        }
        return status >= 500 || status == 401 || status == 403 ? ERROR : OK;
    }
}
