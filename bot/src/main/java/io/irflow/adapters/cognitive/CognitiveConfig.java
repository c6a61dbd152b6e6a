package io.irflow.adapters.cognitive;

import io.irflow.adapters.HttpSettings;

import java.util.Objects;

/**
 * What the Cognitive Intelligence TAXII 1.1 poller needs.
 *
 * @param http     TAXII base URL (e.g. https://taxii.cloudsec.sco.cisco.com/skym-taxii-ws) and timeouts
 * @param pollPath the poll service path under the base ({@code /PollService/}, with Cisco's
 *                 trailing slash; docs/reference/cognitive.md#endpoint)
 * @param feed     the collection (feed) name, e.g. {@code webflows_<customer-uuid>_v0}
 * @param username TAXII account (HTTP Basic user); never logged
 * @param password TAXII password; never logged
 */
public record CognitiveConfig(HttpSettings http, String pollPath, String feed, String username, String password) {
    /** Cisco's poll service path. */
    public static final String DEFAULT_POLL_PATH = "/PollService/";
    /** Cisco's TAXII base URL (the service was retired in March 2023, docs/reference/cognitive.md#status). */
    public static final String DEFAULT_BASE = "https://taxii.cloudsec.sco.cisco.com/skym-taxii-ws";

    public CognitiveConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        pollPath = pollPath == null || pollPath.isBlank() ? DEFAULT_POLL_PATH
                : pollPath.startsWith("/") ? pollPath : "/" + pollPath;
    }

    /** A config for Cisco's TAXII service with the default poll path and timeouts. */
    public static CognitiveConfig of(String feed, String username, String password) {
        return new CognitiveConfig(HttpSettings.of(DEFAULT_BASE), DEFAULT_POLL_PATH, feed, username, password);
    }

    @Override
    public String toString() {
        return "CognitiveConfig[http=" + http + ", pollPath=" + pollPath + ", feed=" + feed
                + ", username=***, password=***]";
    }
}
