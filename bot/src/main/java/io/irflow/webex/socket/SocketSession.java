package io.irflow.webex.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One connection of the event socket (docs/reference/webex.md#socket-session): authorises, recognises the ready frame,
 * acknowledges every frame with an id, answers keep-alive bookkeeping, watches {@code sequenceNumber} for gaps and
 * hands {@code conversation.activity} frames on. Sends are chained, as the JDK allows one outstanding send at a time.
 */
final class SocketSession implements WebSocket.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(SocketSession.class);
    /** The close code recorded when the connection broke without a close frame. */
    static final int ABNORMAL = 1006;

    private final Consumer<JsonNode> activities;
    private final Runnable gap;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;
    private volatile String awaitedPong;
    private volatile long pingSentAt;
    private long lastSequence = -1;

    /**
     * @param activities receives each {@code data.activity} of a {@code conversation.activity} frame
     * @param gap        runs when a {@code sequenceNumber} was skipped (events were lost)
     */
    SocketSession(Consumer<JsonNode> activities, Runnable gap) {
        this.activities = activities;
        this.gap = gap;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        this.socket = webSocket;
        webSocket.request(1);
    }

    /** Sends the authorization frame; the session is ready when the server's buffer state arrives. */
    void authorize(String token) {
        ObjectNode frame = Json.mapper().createObjectNode();
        frame.put("id", UUID.randomUUID().toString());
        frame.put("type", "authorization");
        frame.putObject("data").put("token", "Bearer " + token);
        frame.put("trackingId", "irflow_" + UUID.randomUUID());
        send(frame.toString());
    }

    /**
     * One keep-alive tick: sends a ping when the interval has passed and none is outstanding.
     *
     * @return false when the outstanding ping has waited longer than {@code pongTimeout} (the connection is dead)
     */
    boolean keepAlive(Duration interval, Duration pongTimeout) {
        long now = System.nanoTime();
        if (awaitedPong != null) {
            return now - pingSentAt <= pongTimeout.toNanos();
        }
        if (pingSentAt != 0 && now - pingSentAt < interval.toNanos()) {
            return true;
        }
        String id = UUID.randomUUID().toString();
        pingSentAt = now;
        awaitedPong = id;
        send("{\"id\":\"" + id + "\",\"type\":\"ping\"}");
        return true;
    }

    CompletableFuture<Void> ready() {
        return ready;
    }

    CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Drops the connection at once (no close handshake), e.g. when a pong is overdue. */
    void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        closed.complete(ABNORMAL);
    }

    /** Closes politely (shutdown). */
    void close() {
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        closed.complete(WebSocket.NORMAL_CLOSURE);
    }

    private synchronized void send(String text) {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        sending = sending.exceptionally(e -> null).thenCompose(x -> ws.sendText(text, true)).exceptionally(e -> {
            LOG.debug("socket send failed: {}", e.getMessage());
            return null;
        });
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            handle(text);
        }
        webSocket.request(1);
        return null;
    }

    private void handle(String text) {
        JsonNode frame;
        try {
            frame = Json.mapper().readTree(text);
        } catch (Exception e) {
            LOG.warn("unreadable socket frame ignored ({} chars)", text.length());
            return;
        }
        if (frame == null || !frame.isObject()) {
            return;
        }
        if ("pong".equals(frame.path("type").asText())) {
            if (frame.path("id").asText("").equals(awaitedPong)) {
                awaitedPong = null;
            }
            return;
        }
        String id = frame.path("id").asText(null);
        if (id != null) {
            send("{\"type\":\"ack\",\"messageId\":" + Json.mapper().getNodeFactory().textNode(id) + "}");
        }
        String eventType = frame.path("data").path("eventType").asText("");
        JsonNode sequence = frame.get("sequenceNumber");
        // Counted per connection from the buffer state frame: every frame, Mercury's own included, takes a number.
        if (sequence != null && sequence.canConvertToLong()) {
            long seq = sequence.asLong();
            if (lastSequence >= 0 && seq > lastSequence + 1) {
                LOG.warn("socket sequence jumped from {} to {}: events were lost; catching up over REST", lastSequence, seq);
                gap.run();
            }
            lastSequence = Math.max(lastSequence, seq);
        }
        switch (eventType) {
            case "mercury.buffer_state", "mercury.registration_status" -> ready.complete(null);
            case "conversation.activity" -> activities.accept(frame.path("data").path("activity"));
            default -> LOG.trace("socket event {} ignored", eventType);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        LOG.info("Webex event socket closed: {} {}", statusCode, reason == null ? "" : reason);
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        LOG.warn("Webex event socket failed: {}", error.toString());
        closed.complete(ABNORMAL);
    }
}
