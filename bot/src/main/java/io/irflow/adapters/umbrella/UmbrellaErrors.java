package io.irflow.adapters.umbrella;

import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.umbrella.dto.UmbrellaError;
import io.irflow.capabilities.AdapterException;
import io.irflow.json.Json;
import kong.unirest.core.HttpResponse;


/** Error mapping and URL checks shared by the two Umbrella clients. */
final class UmbrellaErrors {
    static final String PRODUCT = "Umbrella";
    private static final int MAX_MESSAGE = 200;

    private UmbrellaErrors() {
    }

    /** The body of a 2xx answer; otherwise the mapped error, with Umbrella's {@code message} unless it is a 401/403. */
    static String expectOk(ProductHttp http, HttpResponse<String> response) throws AdapterException {
        int status = response.getStatus();
        if (status >= 200 && status < 300) {
            return response.getBody() == null ? "" : response.getBody();
        }
        throw error(http, response);
    }

    /** The mapped error of a non-2xx answer. */
    static AdapterException error(ProductHttp http, HttpResponse<String> response) {
        AdapterException mapped = http.errorFor(response);
        int status = response.getStatus();
        String text = status == 401 || status == 403 ? "" : message(response.getBody());
        if (text.isEmpty()) {
            return mapped;
        }
        return new AdapterException(PRODUCT, mapped.kind(), mapped.getMessage() + ": " + text, status,
                mapped.retryAfter(), mapped.trackingId(), null);
    }

    private static String message(String body) {
        if (body == null || !body.trim().startsWith("{")) {
            return "";
        }
        try {
            String m = Json.mapper().readValue(body, UmbrellaError.class).message();
            if (m == null || m.isBlank()) {
                return "";
            }
            m = m.strip();
            return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "…";
        } catch (Exception e) {
            return "";
        }
    }

    /** Whether an absolute URL is on the same scheme, host and port as the configured base (credentials stay home). */
    static boolean sameOrigin(String url, String base) {
        return io.irflow.net.Origins.same(url, base);
    }
}
