package io.irflow.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.json.Json;
import io.irflow.net.UrlPaths;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.Unirest;
import kong.unirest.core.UnirestException;
import kong.unirest.core.UnirestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The HTTP plumbing every product adapter shares: one Unirest instance per product (never the global one),
 * the proxy and trust of the {@code http} section plus an optional private CA, and one mapping from HTTP outcomes
 * to {@link AdapterException} kinds.
 */
public final class ProductHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProductHttp.class);
    private static final int MAX_ERROR_BODY = 300;

    private final String product;
    private final HttpSettings settings;
    private final UnirestInstance unirest;

    public ProductHttp(String product, HttpSettings settings) {
        this.product = product;
        this.settings = settings;
        this.unirest = Unirest.spawnInstance();
        unirest.config()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout((int) settings.connectTimeout().toMillis())
                .requestTimeout((int) settings.readTimeout().toMillis())
                .followRedirects(false);
        settings.outbound().applyTo(unirest);
        if (!settings.verifyTls()) {
            LOG.warn("TLS certificate verification is OFF for {} ({}) as configured; use ca_file instead in production",
                    product, settings.base());
            unirest.config().verifySsl(false);
        } else if (settings.caFile() != null) {
            unirest.config().sslContext(settings.outbound().sslContext(settings.caFile()));
        }
    }

    /** The Unirest instance; build requests with {@link #url(String)}. */
    public UnirestInstance client() {
        return unirest;
    }

    /** The product name used in errors and logs. */
    public String product() {
        return product;
    }

    /** The configured base URL plus an API path (path starts with '/'). */
    public String url(String path) {
        return settings.base() + path;
    }

    /**
     * A product path from its segments, each percent-encoded by {@link UrlPaths} (fixed parts included, so
     * {@code path("v1", "computers", guid)}). A segment that cannot be sent safely (empty, or a "." or ".." step,
     * see {@link UrlPaths#segment}) is a BAD_INPUT error and no request is made.
     */
    public String path(String... segments) throws AdapterException {
        try {
            return UrlPaths.of(segments);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: {}; no request sent", product, e.getMessage());
            throw new AdapterException(product, Kind.BAD_INPUT, product
                    + " cannot be asked about a value that is empty or holds a '.' or '..' path step", 0, null, null,
                    null);
        }
    }

    /**
     * Runs a request and returns its response, turning transport failures into adapter errors. Every product call
     * goes through here, so this is where its duration and outcome are reported ({@link ProductCalls}).
     * Status codes are not checked here; see {@link #expectOk}.
     */
    public <T> HttpResponse<T> send(Supplier<HttpResponse<T>> request) throws AdapterException {
        long started = System.nanoTime();
        try {
            HttpResponse<T> response = request.get();
            settings.calls().record(product, ProductCalls.outcomeOf(response.getStatus()), since(started));
            return response;
        } catch (UnirestException e) {
            AdapterException error = transportError(e);
            settings.calls().record(product, error.kind() == Kind.TIMEOUT ? ProductCalls.TIMEOUT : ProductCalls.ERROR,
                    since(started));
            throw error;
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Throws the adapter error that matches a non-2xx response; returns the body otherwise. */
    public String expectOk(HttpResponse<String> response) throws AdapterException {
        int status = response.getStatus();
        if (status >= 200 && status < 300) {
            return response.getBody() == null ? "" : response.getBody();
        }
        throw errorFor(response);
    }

    /** Maps a non-2xx response to an adapter error with the right kind, Retry-After and tracking id. */
    public AdapterException errorFor(HttpResponse<?> response) {
        int status = response.getStatus();
        Kind kind = switch (status) {
            case 400, 422 -> Kind.BAD_INPUT;
            case 401, 403 -> Kind.UNAUTHORIZED;
            case 404 -> Kind.NOT_FOUND;
            case 409 -> Kind.CONFLICT;
            case 429 -> Kind.RATE_LIMITED;
            default -> Kind.UNAVAILABLE;
        };
        Duration retryAfter = RetryAfter.parse(response.getHeaders().getFirst("Retry-After"));
        String tracking = firstNonBlank(response.getHeaders().getFirst("trackingid"),
                response.getHeaders().getFirst("X-Request-Id"));
        String message = product + " answered HTTP " + status;
        // Bodies of 401/403 can echo the credential back (VirusTotal: "Wrong API key: <key>"), so they are never logged.
        String detail = status == 401 || status == 403 ? "(body not logged)"
                : response.getBody() instanceof String text ? abbreviate(text) : "(binary body not logged)";
        LOG.warn("{} answered HTTP {}{}: {}", product, status, tracking.isEmpty() ? "" : " (tracking " + tracking + ")",
                detail);
        return new AdapterException(product, kind, message, status, retryAfter, tracking.isEmpty() ? null : tracking, null);
    }

    /** Parses a JSON body into a type, turning a malformed body into a MALFORMED adapter error. */
    public <T> T parse(String body, Class<T> type) throws AdapterException {
        try {
            return Json.mapper().readValue(body, type);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /** Parses a JSON body into a generic type. */
    public <T> T parse(String body, JavaType type) throws AdapterException {
        try {
            return Json.mapper().readValue(body, type);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /** An error for a body that does not have the documented shape. */
    public AdapterException malformed(Exception cause) {
        LOG.warn("{} sent a body irflow cannot read: {}", product, cause.getMessage());
        return new AdapterException(product, Kind.MALFORMED, product + " sent an unreadable answer", 0, null, null, cause);
    }

    private AdapterException transportError(UnirestException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root instanceof HttpTimeoutException) {
                return new AdapterException(product, Kind.TIMEOUT, product + " did not answer in time", 0, null, null, e);
            }
        }
        LOG.warn("{} unreachable at {}: {}", product, settings.base(), root.toString());
        return new AdapterException(product, Kind.UNAVAILABLE, product + " is unreachable", 0, null, null, e);
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b == null ? "" : b;
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_ERROR_BODY ? oneLine : oneLine.substring(0, MAX_ERROR_BODY) + "…";
    }

    @Override
    public void close() {
        unirest.close();
    }
}
