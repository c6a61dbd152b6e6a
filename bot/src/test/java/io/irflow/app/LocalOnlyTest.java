package io.irflow.app;

import io.irflow.testing.ExternalAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Only the webhook, {@code /alerts}, {@code /healthz} and {@code /readyz} answer clients that are not on loopback. */
class LocalOnlyTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.10.20.30", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"})
    void loopback_peers_are_local(String address) {
        assertThat(LocalOnly.isLoopback(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.2", "10.0.0.1", "128.0.0.1", "::", "fd00::2", "localhost", "127.0.0.1.evil.example",
            "", "not an address"})
    void other_peers_are_not(String address) {
        assertThat(LocalOnly.isLoopback(address)).isFalse();
    }

    @Test
    void null_peer_is_not_local() {
        assertThat(LocalOnly.isLoopback(null)).isFalse();
    }

    private HttpResponse<String> send(String host, String method, String path, String forwardedFor) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + server.port() + path))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}")
                        : HttpRequest.BodyPublishers.noBody());
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor).header("X-Real-IP", forwardedFor)
                    .header("Forwarded", "for=" + forwardedFor);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void connection_metrics_and_unknown_routes_answer_only_on_loopback_and_forwarded_headers_do_not_help() throws Exception {
        Optional<String> external = ExternalAddress.find();
        assumeTrue(external.isPresent(), "this machine has no non-loopback address to connect from");
        server = new HttpServer("0.0.0.0", 0, new HttpServer.Routes(null, null,
                new Readiness(null, null, Clock.systemUTC()),
                () -> java.util.Map.of("mode", "webhook", "proxy", "http://proxy.corp:3128"),
                () -> "irflow_leader 1.0\n"));
        server.start();
        String remote = external.get();

        for (String path : List.of("/connection", "/metrics", "/nowhere")) {
            HttpResponse<String> r = send(remote, "GET", path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).doesNotContain("proxy", "demo", "displayName", "irflow_");
            assertThat(send(remote, "GET", path, "127.0.0.1").statusCode()).as(path + " forwarded").isEqualTo(404);
        }
        assertThat(send("127.0.0.1", "GET", "/connection", null).body()).contains("proxy.corp");
        assertThat(send("127.0.0.1", "GET", "/metrics", null).body()).contains("irflow_leader 1.0");

        assertThat(send(remote, "GET", "/healthz", null).statusCode()).isEqualTo(200);
        assertThat(send(remote, "GET", "/readyz", null).body()).contains("not run yet");
        assertThat(send(remote, "POST", "/webhooks/webex", null).body()).contains("webex.mode is websocket");
        assertThat(send(remote, "POST", "/alerts", null).body()).contains("inbound alerts are not enabled");
    }
}
