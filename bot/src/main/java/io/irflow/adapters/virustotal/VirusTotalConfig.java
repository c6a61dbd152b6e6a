package io.irflow.adapters.virustotal;

import io.irflow.adapters.HttpSettings;

import java.util.Objects;

/**
 * What the VirusTotal adapter needs.
 *
 * @param http              API base, normally {@code https://www.virustotal.com/api/v3}
 * @param apiKey            the key sent as {@code x-apikey}; never logged
 * @param requestsPerMinute client-side quota; 0 or less means {@link #PUBLIC_REQUESTS_PER_MINUTE}
 */
public record VirusTotalConfig(HttpSettings http, String apiKey, int requestsPerMinute) {
    /** The public (free) API allows 4 requests per minute (docs/reference/virustotal.md#quota). */
    public static final int PUBLIC_REQUESTS_PER_MINUTE = 4;

    public VirusTotalConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(apiKey, "apiKey");
        requestsPerMinute = requestsPerMinute > 0 ? requestsPerMinute : PUBLIC_REQUESTS_PER_MINUTE;
    }

    /** A public-API config: 4 requests per minute. */
    public static VirusTotalConfig publicApi(HttpSettings http, String apiKey) {
        return new VirusTotalConfig(http, apiKey, PUBLIC_REQUESTS_PER_MINUTE);
    }

    @Override
    public String toString() {
        return "VirusTotalConfig[http=" + http + ", apiKey=***, requestsPerMinute=" + requestsPerMinute + "]";
    }
}
