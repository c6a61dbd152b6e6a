package io.irflow.adapters;

import io.irflow.config.AppConfig;
import io.irflow.config.Secret;
import io.irflow.net.Outbound;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What a module needs besides its own settings to build its capabilities.
 *
 * @param config   the whole config (lookup timeout, alert polling, incident defaults)
 * @param outbound the proxy and trust every product call goes through
 * @param clock    the clock alert sources read
 * @param calls    told of every product call ({@code GET /metrics})
 */
public record ProductContext(AppConfig config, Outbound outbound, Clock clock, ProductCalls calls) {

    /** HTTP settings for a public API: the standard connect timeout, the lookup timeout, public CAs. */
    public HttpSettings http(String url) {
        return http(url, null, true);
    }

    /** HTTP settings for an on-premises API that may need a private CA. */
    public HttpSettings http(String url, Path caFile, boolean verifyTls) {
        return new HttpSettings(url, HttpSettings.CONNECT_TIMEOUT, config.lookups().timeout(), caFile, verifyTls,
                outbound, calls);
    }

    /** A secret's value, or null when it is not set. */
    public static String reveal(Secret s) {
        return s == null ? null : s.reveal();
    }
}
