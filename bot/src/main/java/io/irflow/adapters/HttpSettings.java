package io.irflow.adapters;

import io.irflow.net.Outbound;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How an adapter reaches its product over HTTP.
 *
 * @param baseUrl        the configured base URL; requests go to baseUrl + API path (it may carry a path prefix)
 * @param connectTimeout TCP connect timeout
 * @param readTimeout    whole-request timeout
 * @param caFile         an extra PEM CA bundle to trust (on-premises ISE/CMX), or null
 * @param verifyTls      false only when explicitly configured; logged loudly
 * @param outbound       the proxy and global trust ({@code http} section) every call goes through
 * @param calls          told of every call's outcome and duration ({@code GET /metrics})
 */
public record HttpSettings(String baseUrl, Duration connectTimeout, Duration readTimeout, Path caFile, boolean verifyTls,
                           Outbound outbound, ProductCalls calls) {

    /** The connect timeout every product client uses. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public HttpSettings {
        Objects.requireNonNull(outbound, "outbound");
        Objects.requireNonNull(calls, "calls");
    }

    /** Not measured. */
    public HttpSettings(String baseUrl, Duration connectTimeout, Duration readTimeout, Path caFile, boolean verifyTls,
                        Outbound outbound) {
        this(baseUrl, connectTimeout, readTimeout, caFile, verifyTls, outbound, ProductCalls.NONE);
    }

    /** Direct, without a proxy, not measured. */
    public HttpSettings(String baseUrl, Duration connectTimeout, Duration readTimeout, Path caFile, boolean verifyTls) {
        this(baseUrl, connectTimeout, readTimeout, caFile, verifyTls, Outbound.direct());
    }

    /** The host the base URL names (e.g. "ise.example.com"), as a dry run words where a call would have gone. */
    public String host() {
        try {
            String host = java.net.URI.create(baseUrl).getHost();
            return host == null ? baseUrl : host;
        } catch (IllegalArgumentException e) {
            return baseUrl;
        }
    }

    /** Default timeouts, public CAs only, direct. */
    public static HttpSettings of(String baseUrl) {
        return new HttpSettings(baseUrl, CONNECT_TIMEOUT, Duration.ofSeconds(8), null, true);
    }

    /** The base URL without a trailing slash, so "base + /path" never doubles it. */
    public String base() {
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public HttpSettings withReadTimeout(Duration timeout) {
        return new HttpSettings(baseUrl, connectTimeout, timeout, caFile, verifyTls, outbound, calls);
    }

    /** The same settings through another outbound path. */
    public HttpSettings withOutbound(Outbound via) {
        return new HttpSettings(baseUrl, connectTimeout, readTimeout, caFile, verifyTls, via, calls);
    }
}
