package io.irflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.json.Json;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What {@code check-config} adds about a running irflow on this machine: its Webex connection as {@code GET /connection}
 * reports it (mode, state, last event, reconnects, proxy). Runtime state lives in the running process, so this asks it.
 */
final class RunningInstance {
    private RunningInstance() {
    }

    static void print(int port, PrintWriter out) {
        HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/connection"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode c = response.statusCode() == 200 ? Json.mapper().readTree(response.body()) : null;
            if (c == null || !c.has("mode")) {
                out.println("connection: irflow on port " + port + " is starting (HTTP " + response.statusCode() + ")");
                return;
            }
            out.println("connection (irflow running on port " + port + "): mode=" + c.path("mode").asText() + " state="
                    + c.path("state").asText() + " last_event=" + c.path("lastEvent").asText("none yet") + " reconnects="
                    + c.path("reconnects").asInt() + " proxy=" + c.path("proxy").asText());
        } catch (java.io.IOException e) {
            out.println("connection: no irflow answers on port " + port + " (state, last event and reconnects show here "
                    + "and in /status once it runs)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
