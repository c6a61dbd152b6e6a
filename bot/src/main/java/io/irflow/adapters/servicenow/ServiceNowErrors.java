package io.irflow.adapters.servicenow;

import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.servicenow.dto.ErrorBody;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.json.Json;
import kong.unirest.core.HttpResponse;

import java.util.List;

/**
 * Turns Table API failures into adapter errors that carry ServiceNow's own message and detail
 * (docs/reference/servicenow.md#errors), with the configured secrets scrubbed and the text shortened; HTML bodies
 * (proxies, a sleeping developer instance) are never quoted.
 */
final class ServiceNowErrors {
    private static final int MAX_TEXT = 200;
    private static final String DATA_POLICY = "Data Policy Exception";

    private final ProductHttp http;
    private final List<String> secrets;

    ServiceNowErrors(ProductHttp http, List<String> secrets) {
        this.http = http;
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 4).toList();
    }

    /** Returns the body of a 2xx JSON answer; throws the matching adapter error otherwise. */
    String expectOk(HttpResponse<String> response) throws AdapterException {
        int status = response.getStatus();
        if (status >= 200 && status < 300) {
            if (isHtml(response)) {
                // docs/reference/servicenow.md#errors: a hibernating developer instance or a proxy answers 200 with a
                // web page.
                throw new AdapterException(http.product(), Kind.UNAVAILABLE, http.product()
                        + " answered with a web page instead of JSON (instance asleep or a proxy in the way?)",
                        status, null, null, null);
            }
            return response.getBody() == null ? "" : response.getBody();
        }
        throw errorFor(response);
    }

    /** The adapter error for a non-2xx answer: kind, status and Retry-After from ProductHttp, text from ServiceNow. */
    AdapterException errorFor(HttpResponse<String> response) {
        AdapterException base = http.errorFor(response);
        ErrorBody.Error error = isHtml(response) ? null : errorOf(response.getBody());
        Kind kind = base.kind();
        if (response.getStatus() == 403 && error != null && error.detail() != null
                && error.detail().contains(DATA_POLICY)) {
            // Mandatory fields missing (e.g. resolving without close code): the request is wrong, not the rights.
            kind = Kind.BAD_INPUT;
        }
        String message = base.getMessage();
        if (error != null && error.message() != null && !error.message().isBlank()) {
            message += ": " + safe(error.message());
            if (error.detail() != null && !error.detail().isBlank()) {
                message += " (" + safe(error.detail()) + ")";
            }
        }
        return new AdapterException(base.product(), kind, message, base.status(), base.retryAfter(),
                base.trackingId(), null);
    }

    /** Removes secrets, collapses whitespace and shortens product text before it goes into a message. */
    String safe(String text) {
        String clean = text;
        for (String secret : secrets) {
            clean = clean.replace(secret, "***");
        }
        clean = clean.replaceAll("\\s+", " ").trim();
        return clean.length() <= MAX_TEXT ? clean : clean.substring(0, MAX_TEXT) + "…";
    }

    private static ErrorBody.Error errorOf(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            ErrorBody parsed = Json.mapper().readValue(body, ErrorBody.class);
            return parsed == null ? null : parsed.error();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null; // 5xx may be HTML or plain text: keep the plain status message
        }
    }

    private static boolean isHtml(HttpResponse<String> response) {
        String type = response.getHeaders().getFirst("Content-Type");
        if (type != null && type.toLowerCase().contains("text/html")) {
            return true;
        }
        String body = response.getBody();
        return body != null && body.stripLeading().startsWith("<");
    }
}
