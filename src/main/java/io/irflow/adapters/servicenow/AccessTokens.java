package io.irflow.adapters.servicenow;

import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.servicenow.dto.OAuthError;
import io.irflow.adapters.servicenow.dto.TokenResponse;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.json.Json;
import kong.unirest.core.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The cached OAuth 2.0 bearer token (password grant): fetched on first use, reused until a minute before
 * {@code expires_in}, and dropped when the Table API answers 401 so the next call fetches a fresh one.
 * A new password grant is used instead of the refresh_token grant because irflow holds the user's password anyway.
 */
final class AccessTokens {
    private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);
    static final String TOKEN_PATH = "/oauth_token.do";
    private static final Duration REFRESH_EARLY = Duration.ofSeconds(60);
    /** NOTES §4: the lifespan is set per OAuth app; 1799 s is common. */
    private static final long DEFAULT_LIFETIME_SECONDS = 1799;

    private final ProductHttp http;
    private final ServiceNowConfig config;
    private final ServiceNowErrors errors;
    private final Clock clock;
    private String token;
    private Instant refreshAt = Instant.MIN;

    AccessTokens(ProductHttp http, ServiceNowConfig config, ServiceNowErrors errors, Clock clock) {
        this.http = http;
        this.config = config;
        this.errors = errors;
        this.clock = clock;
    }

    /** A token valid for about a minute more at least, fetching a new one when needed. */
    synchronized String current() throws AdapterException {
        if (token == null || !clock.instant().isBefore(refreshAt)) {
            fetch();
        }
        return token;
    }

    /** Forgets the token if it is still the one that was refused. */
    synchronized void refused(String refusedToken) {
        if (refusedToken != null && refusedToken.equals(token)) {
            token = null;
        }
    }

    /**
     * {@code POST /oauth_token.do}, form-encoded (JSON bodies fail), {@code grant_type=password} with client id,
     * client secret, username and password (NOTES §4).
     */
    private void fetch() throws AdapterException {
        String form = "grant_type=password"
                + "&client_id=" + enc(config.clientId())
                + "&client_secret=" + enc(config.clientSecret())
                + "&username=" + enc(config.username())
                + "&password=" + enc(config.password());
        HttpResponse<String> response = http.send(() -> http.client().post(http.url(TOKEN_PATH))
                .header("Accept", "application/json")
                .contentType("application/x-www-form-urlencoded")
                .body(form)
                .asString());
        int status = response.getStatus();
        if (status == 400 || status == 401 || status == 403) {
            String reason = errors.safe(oauthError(response));
            LOG.warn("ServiceNow refused the OAuth credentials: HTTP {} {}", status, reason);
            throw new AdapterException(ServiceNowClient.PRODUCT, Kind.UNAUTHORIZED,
                    "ServiceNow refused the OAuth client or user credentials (" + reason + ")", status, null, null, null);
        }
        TokenResponse answer = http.parse(errors.expectOk(response), TokenResponse.class);
        if (answer == null || answer.accessToken() == null || answer.accessToken().isBlank()) {
            throw http.malformed(new IllegalStateException("token response without access_token"));
        }
        long lifetime = answer.expiresIn() == null || answer.expiresIn() <= 0
                ? DEFAULT_LIFETIME_SECONDS : answer.expiresIn();
        Duration early = lifetime > 2 * REFRESH_EARLY.toSeconds() ? REFRESH_EARLY : Duration.ofSeconds(lifetime / 2);
        token = answer.accessToken();
        refreshAt = clock.instant().plusSeconds(lifetime).minus(early);
    }

    private static String oauthError(HttpResponse<String> response) {
        try {
            OAuthError error = Json.mapper().readValue(response.getBody() == null ? "" : response.getBody(),
                    OAuthError.class);
            if (error != null && error.error() != null) {
                return error.errorDescription() == null ? error.error()
                        : error.error() + ": " + error.errorDescription();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // fall through: the token error wording is unverified (NOTES §4)
        }
        return "HTTP " + response.getStatus();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
