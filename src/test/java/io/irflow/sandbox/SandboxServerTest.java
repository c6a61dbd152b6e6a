package io.irflow.sandbox;

import io.irflow.testing.ExternalAddress;
import io.javalin.http.staticfiles.Location;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The demo's server (simulators, stand-in, chat page) serves its modules on loopback and nowhere else. */
class SandboxServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private SandboxServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void modules_answer_on_loopback_and_other_machines_cannot_connect() throws Exception {
        server = new SandboxServer(0, List.of(config -> {
            config.routes.get("/chat/api/session", ctx -> ctx.result("demo"));
            config.staticFiles.add(sf -> {
                sf.hostedPath = "/files";
                sf.directory = "/fixtures/webex/people";
                sf.location = Location.CLASSPATH;
            });
        }));

        assertThat(server.root()).isEqualTo("http://127.0.0.1:" + server.port());
        assertThat(get("/chat/api/session").body()).isEqualTo("demo");
        assertThat(get("/files/botbuilder-person-bot.json").statusCode()).isEqualTo(200);

        Optional<String> external = ExternalAddress.find();
        assumeTrue(external.isPresent(), "this machine has no non-loopback address to connect from");
        assertThat(ExternalAddress.accepts(external.get(), server.port())).isFalse();
        assertThat(ExternalAddress.accepts("127.0.0.1", server.port())).isTrue();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.root() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
