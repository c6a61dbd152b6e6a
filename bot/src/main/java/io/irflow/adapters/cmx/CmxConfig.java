package io.irflow.adapters.cmx;

import io.irflow.adapters.HttpSettings;

import java.util.Objects;

/**
 * What the CMX adapter needs.
 *
 * @param http     CMX base, e.g. {@code https://cmx.example.com} (paths {@code /api/location/v2/...} are appended)
 * @param username CMX user with API access (HTTP Basic)
 * @param password its password
 */
public record CmxConfig(HttpSettings http, String username, String password) {
    public CmxConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "CmxConfig[http=" + http + ", username=" + username + ", password=***]";
    }
}
