package io.irflow.sandbox.sim;

import io.irflow.testing.MutableClock;

import io.irflow.sandbox.Company;
import io.irflow.sandbox.DemoCredentials;
import io.javalin.Javalin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** A Javalin server on a free port with only the product simulators, plus a tiny raw HTTP client for tests. */
final class SimServer implements AutoCloseable {
    final Company company = Company.acme();
    final DemoCredentials creds = DemoCredentials.forRun("test-secret");
    final MutableClock clock = new MutableClock(Instant.now());
    final ProductSimulators sims = new ProductSimulators(company, creds, clock);
    final Javalin app = Javalin.create(cfg -> {
        cfg.startup.showJavalinBanner = false;
        sims.accept(cfg);
    }).start(0);
    final String root = "http://127.0.0.1:" + app.port();
    private final HttpClient http = HttpClient.newHttpClient();

    /** The base URL for a config section (see {@link ProductSimulators#baseUrls}). */
    String base(String section) {
        return ProductSimulators.baseUrls(root).get(section);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a request: method, absolute URL, body (or null), then header name/value pairs. */
    HttpResponse<String> send(String method, String url, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
