package io.irflow.sandbox.webex;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.json.Json;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;


/** A raw JDK websocket client for the stand-in's event socket: sends frames, collects the JSON frames it receives. */
final class SocketClient implements WebSocket.Listener, AutoCloseable {
    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    volatile Integer closeCode;
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;

    /** Opens the socket with the query parameters and header the SDKs use (fails on a refused upgrade). */
    static SocketClient open(String webSocketUrl, String token) {
        SocketClient client = new SocketClient();
        String url = webSocketUrl + "?outboundWireFormat=text&bufferStates=true&aliasHttpStatus=true&clientTimestamp="
                + System.currentTimeMillis();
        client.ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(url), client).join();
        return client;
    }

    /** Sends the authorization frame with a token. */
    SocketClient authorize(String token) {
        return send(Map.of("id", UUID.randomUUID().toString(), "type", "authorization",
                "data", Map.of("token", "Bearer " + token), "trackingId", "irflow-test_" + UUID.randomUUID()));
    }

    SocketClient send(Object frame) {
        try {
            ws.sendText(Json.mapper().writeValueAsString(frame), true).join();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the first frame (from the start) that matches. */
    JsonNode await(Predicate<JsonNode> matching) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> frames.stream().anyMatch(matching));
        return frames.stream().filter(matching).findFirst().orElseThrow();
    }

    /** Waits until the stand-in closes the socket; returns the close code. */
    int awaitClose() {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> closeCode != null);
        return closeCode;
    }

    static Predicate<JsonNode> eventType(String type) {
        return f -> type.equals(f.path("data").path("eventType").asText());
    }

    static Predicate<JsonNode> verb(String verb) {
        return f -> verb.equals(f.path("data").path("activity").path("verb").asText());
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(Json.mapper().readTree(partial.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode = statusCode;
        return null;
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }
}
