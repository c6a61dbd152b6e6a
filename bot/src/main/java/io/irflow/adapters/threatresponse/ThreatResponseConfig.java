package io.irflow.adapters.threatresponse;

import io.irflow.adapters.HttpSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * What the Threat Response (SecureX / XDR "IROH") adapter needs.
 *
 * @param http           the regional IROH base, e.g. {@code https://visibility.eu.amp.cisco.com}
 * @param tokenUrl       the OAuth2 token URL; null or blank derives {@code <IROH base>/iroh/oauth2/token}, because the
 *                       token host must be in the same region as the API host
 *                       (docs/reference/threatresponse.md#regions)
 * @param clientId       API client id
 * @param clientSecret   API client password; never logged
 * @param observeTimeout how long observe may take (modules fan out; docs/reference/threatresponse.md#endpoints
 *                       suggests 30-60 s); null means 30 s
 */
public record ThreatResponseConfig(HttpSettings http, String tokenUrl, String clientId, String clientSecret,
                                   Duration observeTimeout) {
    /** The default observe timeout. */
    public static final Duration DEFAULT_OBSERVE_TIMEOUT = Duration.ofSeconds(30);
    static final String TOKEN_PATH = "/iroh/oauth2/token";

    public ThreatResponseConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        tokenUrl = tokenUrl == null || tokenUrl.isBlank() ? http.base() + TOKEN_PATH : tokenUrl;
        observeTimeout = observeTimeout == null ? DEFAULT_OBSERVE_TIMEOUT : observeTimeout;
    }

    /** A config with the token URL derived from the IROH base and the default observe timeout. */
    public static ThreatResponseConfig of(HttpSettings http, String clientId, String clientSecret) {
        return new ThreatResponseConfig(http, null, clientId, clientSecret, null);
    }

    @Override
    public String toString() {
        return "ThreatResponseConfig[http=" + http + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId
                + ", clientSecret=***, observeTimeout=" + observeTimeout + "]";
    }
}
