package io.irflow.net;

import io.irflow.config.AppConfig;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * How irflow reaches the outside world: the corporate proxy (with {@code no_proxy} exceptions and optional
 * credentials) and extra trusted CAs, applied to every outbound client (Webex REST and socket, all products).
 * SKELETON: the proxy, no_proxy and ca_file are not applied yet.
 */
public final class Outbound {
    private final AppConfig.Http http;

    private Outbound(AppConfig.Http http) {
        this.http = http;
    }

    /** The configured outbound path. */
    public static Outbound from(AppConfig.Http http) {
        return new Outbound(http);
    }

    /** No proxy, the JDK's trusted CAs. */
    public static Outbound direct() {
        return new Outbound(new AppConfig.Http(null, java.util.List.of(), null));
    }

    /** A JDK HTTP client builder (HTTP/1.1) with the proxy, proxy credentials and trust applied. */
    public HttpClient.Builder httpClient(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
    }

    /** One line for logs, {@code check-config} and {@code /status}; credentials redacted. */
    public String describe() {
        return "direct";
    }
}
