package io.irflow.adapters.investigate;

import io.irflow.adapters.HttpSettings;

import java.util.Objects;

/**
 * What the Umbrella Investigate adapter needs.
 *
 * @param http  base URL (legacy host {@code https://investigate.api.umbrella.com}) and timeouts
 * @param token the static Investigate API bearer token from the Umbrella dashboard
 */
public record InvestigateConfig(HttpSettings http, String token) {
    public InvestigateConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "InvestigateConfig[http=" + http + ", token=***]";
    }
}
