package io.irflow.adapters.threatgrid;

import io.irflow.adapters.HttpSettings;

import java.util.Objects;

/**
 * What the Threat Grid (Secure Malware Analytics) adapter needs.
 *
 * @param http   base URL of the cloud ({@code https://panacea.threatgrid.com}, EU) or appliance, and timeouts;
 *               the portal links use the same host
 * @param apiKey the user's API key (sent as the {@code api_key} query parameter)
 */
public record ThreatGridConfig(HttpSettings http, String apiKey) {
    public ThreatGridConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(apiKey, "apiKey");
    }

    @Override
    public String toString() {
        return "ThreatGridConfig[http=" + http + ", apiKey=***]";
    }
}
