package io.irflow.adapters.oauth;

import io.irflow.adapters.ProductHttp;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.json.Json;
import kong.unirest.core.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * A cached OAuth 2.0 bearer token, shared by the adapters that use one (Threat Response and Umbrella v2: client
 * credentials; ServiceNow: password grant): fetched on first use, reused until a minute before {@code expires_in} (half the
 * lifetime for short ones), and dropped when the API answers 401 so the next call fetches a fresh one. Refused
 * credentials (400/401/403, RFC 6749 §5.2) become an UNAUTHORIZED adapter error that names what to fix.
 */
public final class AccessTokens {
    private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);
    private static final Duration REFRESH_EARLY = Duration.ofSeconds(60);

    /** Sends the product's token request. */
    @FunctionalInterface
    public interface Grant {
        HttpResponse<String> request() throws AdapterException;
    }

    /** Returns the body of a 2xx answer, or throws the product's adapter error for any other. */
    @FunctionalInterface
    public interface Success {
        String body(HttpResponse<String> response) throws AdapterException;
    }

    /** One API call, sent with the given bearer token. */
    @FunctionalInterface
    public interface Call {
        HttpResponse<String> send(String token) throws AdapterException;
    }

    private final ProductHttp http;
    private final String product;
    private final String credentials;
    private final long defaultLifetimeSeconds;
    private final Grant grant;
    private final Success success;
    private final UnaryOperator<String> safe;
    private final Clock clock;
    private String token;
    private Instant refreshAt = Instant.MIN;

    /**
     * @param product                the product name in errors and logs
     * @param credentials            what the product refuses, e.g. "the API client credentials"
     * @param defaultLifetimeSeconds the lifetime when the answer has no {@code expires_in}
     * @param safe                   cleans a product-supplied error reason before it is logged or shown
     */
    public AccessTokens(ProductHttp http, String product, String credentials, long defaultLifetimeSeconds, Grant grant,
                        Success success, UnaryOperator<String> safe, Clock clock) {
        this.http = http;
        this.product = product;
        this.credentials = credentials;
        this.defaultLifetimeSeconds = defaultLifetimeSeconds;
        this.grant = grant;
        this.success = success;
        this.safe = safe;
        this.clock = clock;
    }

    /** A token valid for about a minute more at least, fetching a new one when needed. */
    public synchronized String current() throws AdapterException {
        if (token == null || !clock.instant().isBefore(refreshAt)) {
            fetch();
        }
        return token;
    }

    /**
     * Sends a call with the current token; when the API answers 401 the token is dropped, a fresh one fetched and the
     * call sent once more (its answer, 401 or not, is returned).
     */
    public HttpResponse<String> send(Call call) throws AdapterException {
        String token = current();
        HttpResponse<String> response = call.send(token);
        if (response.getStatus() != 401) {
            return response;
        }
        refused(token);
        return call.send(current());
    }

    /** Forgets the token if it is still the one that was refused. */
    public synchronized void refused(String refusedToken) {
        if (refusedToken != null && refusedToken.equals(token)) {
            token = null;
        }
    }

    private void fetch() throws AdapterException {
        HttpResponse<String> response = grant.request();
        int status = response.getStatus();
        if (status == 400 || status == 401 || status == 403) {
            String reason = safe.apply(oauthError(response));
            LOG.warn("{} refused {}: HTTP {} {}", product, credentials, status, reason);
            throw new AdapterException(product, Kind.UNAUTHORIZED, product + " refused " + credentials + " (" + reason + ")",
                    status, null, null, null);
        }
        TokenResponse answer = http.parse(success.body(response), TokenResponse.class);
        if (answer == null || answer.accessToken() == null || answer.accessToken().isBlank()) {
            throw http.malformed(new IllegalStateException("token response without access_token"));
        }
        long lifetime = answer.expiresIn() == null || answer.expiresIn() <= 0 ? defaultLifetimeSeconds : answer.expiresIn();
        Duration early = lifetime > 2 * REFRESH_EARLY.toSeconds() ? REFRESH_EARLY : Duration.ofSeconds(lifetime / 2);
        token = answer.accessToken();
        refreshAt = clock.instant().plusSeconds(lifetime).minus(early);
    }

    private static String oauthError(HttpResponse<String> response) {
        try {
            OAuthError error = Json.mapper().readValue(response.getBody() == null ? "" : response.getBody(), OAuthError.class);
            if (error != null && error.error() != null) {
                return error.errorDescription() == null ? error.error() : error.error() + ": " + error.errorDescription();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // fall through: neither product documents its token error body
        }
        return "HTTP " + response.getStatus();
    }
}
