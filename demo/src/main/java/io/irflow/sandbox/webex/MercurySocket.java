package io.irflow.sandbox.webex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.json.Json;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The stand-in's event socket (Mercury): a connection must first send an authorization frame with the bot's token,
 * is then told {@code mercury.buffer_state}, answers pings with pongs, accepts acks, and receives every activity as a
 * {@code conversation.activity} frame with its own increasing {@code sequenceNumber}. While no connection is
 * authorised, activities wait in a small buffer (oldest dropped) and go to the next one, as Mercury's
 * {@code bufferStates} does. Everything runs on one sender thread, so frames leave in order and never overlap.
 */
final class MercurySocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MercurySocket.class);
    /** How many activities wait for a connection at most. */
    static final int BUFFER_LIMIT = 100;

    private final String token;
    private final Clock clock;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final Deque<MercuryActivity> buffered = new ArrayDeque<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "webex-standin-mercury");
        t.setDaemon(true);
        return t;
    });

    /** One socket; {@code conversationBase} is the conversation service's URL as this client reaches the stand-in. */
    private static final class Connection {
        final WsContext ctx;
        final String deviceId;
        final String conversationBase;
        volatile boolean authorized;
        String trackingId;
        long sequence;

        Connection(WsContext ctx, String deviceId, String conversationBase) {
            this.ctx = ctx;
            this.deviceId = deviceId;
            this.conversationBase = conversationBase;
        }
    }

    MercurySocket(String token, Clock clock) {
        this.token = token;
        this.clock = clock;
    }

    /** The socket's handlers (the device was checked before the upgrade). */
    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            Connection c = new Connection(ctx, ctx.pathParam("deviceId"), "http://" + ctx.host() + MercuryStandIn.CONVERSATION);
            submit(() -> connections.put(ctx.sessionId(), c));
        });
        ws.onMessage(ctx -> {
            String id = ctx.sessionId();
            String text = ctx.message();
            submit(() -> received(id, text));
        });
        ws.onClose(ctx -> {
            String id = ctx.sessionId();
            submit(() -> connections.remove(id));
        });
    }

    /** Sends an activity to every authorised connection, or buffers it when there is none. */
    void publish(MercuryActivity activity) {
        submit(() -> deliver(activity));
    }

    /** Closes the sockets of a device that was deleted. */
    void disconnect(String deviceId) {
        submit(() -> connections.values().stream().filter(c -> c.deviceId.equals(deviceId)).toList()
                .forEach(c -> close(c, 1000, "device deleted")));
    }

    /** How many connections are authorised now. */
    long authorized() {
        return connections.values().stream().filter(c -> c.authorized).count();
    }

    private void deliver(MercuryActivity activity) {
        boolean sent = false;
        for (Connection c : connections.values()) {
            if (c.authorized) {
                sent |= send(c, frame(c, activity));
            }
        }
        if (!sent) {
            if (buffered.size() == BUFFER_LIMIT) {
                buffered.removeFirst();
                LOG.warn("no event socket for a while: the oldest buffered activity was dropped");
            }
            buffered.addLast(activity);
        }
    }

    private void received(String sessionId, String text) {
        Connection c = connections.get(sessionId);
        if (c == null) {
            return;
        }
        JsonNode f;
        try {
            f = Json.mapper().readTree(text);
        } catch (IOException e) {
            close(c, 4400, "frames are JSON");
            return;
        }
        String type = f.path("type").asText();
        if (!c.authorized) {
            authorize(c, f, type);
        } else if ("ping".equals(type)) {
            send(c, Json.mapper().createObjectNode().put("id", f.path("id").asText()).put("type", "pong"));
        } else if ("ack".equals(type)) {
            LOG.debug("ack for frame {}", f.path("messageId").asText());
        }
    }

    private void authorize(Connection c, JsonNode f, String type) {
        if (!"authorization".equals(type)) {
            close(c, 4400, "the first frame must be an authorization");
        } else if (!("Bearer " + token).equals(f.path("data").path("token").asText())) {
            close(c, 4401, "unauthorized");
        } else {
            c.authorized = true;
            c.trackingId = f.hasNonNull("trackingId") ? f.path("trackingId").asText() : "MERCURY_" + UUID.randomUUID();
            ObjectNode ready = envelope(c);
            ready.putObject("data").put("eventType", "mercury.buffer_state");
            send(c, ready);
            while (!buffered.isEmpty() && send(c, frame(c, buffered.peekFirst()))) {
                buffered.removeFirst();
            }
        }
    }

    private ObjectNode frame(Connection c, MercuryActivity activity) {
        ObjectNode f = envelope(c);
        ObjectNode data = f.putObject("data").put("eventType", "conversation.activity");
        data.set("activity", activity.json(c.conversationBase));
        f.put("alertType", "full").put("filterMessage", false);
        return f;
    }

    private ObjectNode envelope(Connection c) {
        return Json.mapper().createObjectNode().put("id", UUID.randomUUID().toString()).put("timestamp", clock.millis())
                .put("trackingId", c.trackingId).put("sequenceNumber", ++c.sequence);
    }

    /** Sends one frame and waits for it to leave; a connection that cannot take it is dropped. */
    private boolean send(Connection c, JsonNode frame) {
        try {
            Callback.Completable done = new Callback.Completable();
            c.ctx.session.sendText(Json.mapper().writeValueAsString(frame), done);
            done.get(5, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.info("event socket {} dropped: {}", c.ctx.sessionId(), e.toString());
        }
        connections.remove(c.ctx.sessionId());
        return false;
    }

    private void close(Connection c, int code, String reason) {
        connections.remove(c.ctx.sessionId());
        c.ctx.closeSession(code, reason);
    }

    private void submit(Runnable task) {
        try {
            sender.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("event socket closed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
