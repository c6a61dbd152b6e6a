package io.irflow.adapters.threatresponse;

import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.threatresponse.dto.OAuthError;
import io.irflow.adapters.threatresponse.dto.TokenResponse;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.json.Json;
import kong.unirest.core.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The cached OAuth2 client-credentials token: fetched on first use, reused until shortly before it expires,
 * and dropped when IROH answers 401 so the next call fetches a fresh one.
 */
final class AccessTokens {
    private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);
    /** NOTES §2: tokens live 600 s; refresh a minute early. */
    private static final Duration REFRESH_EARLY = Duration.ofSeconds(60);
    private static final long DEFAULT_LIFETIME_SECONDS = 600;

    private final ProductHttp http;
    private final ThreatResponseConfig config;
    private final Clock clock;
    private String token;
    private Instant refreshAt = Instant.MIN;

    AccessTokens(ProductHttp http, ThreatResponseConfig config, Clock clock) {
        this.http = http;
        this.config = config;
        this.clock = clock;
    }

    /** A token that is valid for at least about a minute, fetching a new one when needed. */
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
     * {@code POST <token URL>} with HTTP Basic client credentials and {@code grant_type=client_credentials}
     * (https://developer.cisco.com/docs/cisco-xdr/authentication/).
     */
    private void fetch() throws AdapterException {
        HttpResponse<String> response = http.send(() -> http.client().post(config.tokenUrl())
                .basicAuth(config.clientId(), config.clientSecret())
                .header("Accept", "application/json")
                .contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials")
                .asString());
        int status = response.getStatus();
        if (status == 400 || status == 401 || status == 403) {
            // RFC 6749 §5.2: bad client credentials come back as 400 or 401 invalid_client; both mean "fix the config".
            String reason = oauthError(response);
            LOG.warn("Threat Response refused the API client credentials: HTTP {} {}", status, reason);
            throw new AdapterException(ThreatResponseClient.PRODUCT, Kind.UNAUTHORIZED,
                    "Threat Response refused the API client credentials (" + reason + ")", status, null, null, null);
        }
        TokenResponse answer = http.parse(http.expectOk(response), TokenResponse.class);
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
            // fall through: IROH's token error body is not documented
        }
        return "HTTP " + response.getStatus();
    }
}
