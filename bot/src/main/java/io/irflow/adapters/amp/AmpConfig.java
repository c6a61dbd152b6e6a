package io.irflow.adapters.amp;

import io.irflow.adapters.HttpSettings;

import java.util.Objects;

/**
 * What the AMP for Endpoints adapter needs: where the API is, where the console is, and the v1 API credential.
 *
 * @param http       API base URL (e.g. https://api.amp.cisco.com, may carry a path prefix) and timeouts
 * @param consoleUrl console base URL for card links (e.g. https://console.amp.cisco.com), or null to omit links
 * @param clientId   3rd-party API client ID (HTTP Basic user name)
 * @param apiKey     API key (HTTP Basic password); never logged
 */
public record AmpConfig(HttpSettings http, String consoleUrl, String clientId, String apiKey) {
    public AmpConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(apiKey, "apiKey");
        if (consoleUrl != null && consoleUrl.endsWith("/")) {
            consoleUrl = consoleUrl.substring(0, consoleUrl.length() - 1);
        }
    }

    /** A config for one of the public clouds with default timeouts. */
    public static AmpConfig forRegion(AmpRegion region, String clientId, String apiKey) {
        return new AmpConfig(HttpSettings.of(region.apiBase()), region.consoleBase(), clientId, apiKey);
    }

    @Override
    public String toString() {
        return "AmpConfig[http=" + http + ", consoleUrl=" + consoleUrl + ", clientId=***, apiKey=***]";
    }
}
