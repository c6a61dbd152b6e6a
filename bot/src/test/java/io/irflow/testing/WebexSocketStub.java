package io.irflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.json.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Webex's websocket mode (docs/reference/webex.md#websocket-mode) played for tests on 127.0.0.1: the U2C catalog, WDM
 * devices, the Mercury socket and the conversation-service id lookup, all answering with the reference fixtures'
 * shapes. Every HTTP route needs {@code Authorization: Bearer <token>} (401 otherwise). Frame sequence numbers count
 * per connection from the buffer state (1); skipSequence makes a gap in that counter shared by all connections: the
 * buffer_state ready signal always carries the fixture's 1, events continue 2, 3, ... Too many devices (see
 * {@link #maxDevices}) answer 403 {@code {"message":"excessive device registrations"}}; the real status is not in the
 * reference, 403 is this stub's choice.
 */
public final class WebexSocketStub implements AutoCloseable {
    private final String token;
    private final WebexServices services;
    private final Javalin app;
    private final Map<WsContext, Boolean> sockets = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong(1);
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Upgrade> upgrades = new CopyOnWriteArrayList<>();
    private final List<JsonNode> clientFrames = new CopyOnWriteArrayList<>();
    private final List<String> acks = new CopyOnWriteArrayList<>();
    private final List<String> pings = new CopyOnWriteArrayList<>();
    private volatile boolean answerPings = true;
    private volatile boolean foreignClusterUrls;
    private volatile String mentioned;

    /** One websocket upgrade attempt: its query parameters (first values) and Authorization header. */
    public record Upgrade(String deviceId, Map<String, String> query, String authorization) {
    }

    /** Starts the stub on a free port; clients must present {@code Bearer <token>}. */
    public WebexSocketStub(String token) {
        this.token = token;
        this.services = new WebexServices(token, this::baseUrl);
        this.app = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            services.register(cfg.routes);
            cfg.routes.wsBeforeUpgrade(WebexServices.SOCKET, this::upgrade);
            cfg.routes.ws(WebexServices.SOCKET, ws -> {
                ws.onConnect(ctx -> {
                    sockets.put(ctx, false);
                    connections.incrementAndGet();
                });
                ws.onMessage(this::frame);
                ws.onClose(ctx -> sockets.remove(ctx));
                ws.onError(ctx -> sockets.remove(ctx));
            });
        }).start();
    }

    /** {@code base64url_nopad("ciscospark://<cluster>/<TYPE>/<uuid>")}, the REST id of a Mercury UUID. */
    public static String restId(String cluster, String type, String uuid) {
        return MercuryFrames.restId(cluster, type, uuid);
    }

    /** The catalog's hydra link (default {@code <base>/v1}). */
    public WebexSocketStub hydraUrl(String url) {
        services.hydraUrl = url;
        return this;
    }

    /** Refuses device registrations beyond {@code n} live devices with 403 "excessive device registrations". */
    public WebexSocketStub maxDevices(int n) {
        services.maxDevices = n;
        return this;
    }

    /** Whether pings get pongs (default true); turn off to test keep-alive timeouts. */
    public WebexSocketStub answerPings(boolean answer) {
        this.answerPings = answer;
        return this;
    }

    /** The person (UUID) new-message activities mention, e.g. the bot; default: the fixture's. */
    public WebexSocketStub mentioning(String personUuid) {
        this.mentioned = personUuid;
        return this;
    }

    /** When true, activity and conversation URLs use host {@code localhost}, which is not the home cluster. */
    public WebexSocketStub foreignClusterUrls(boolean foreign) {
        this.foreignClusterUrls = foreign;
        return this;
    }

    /** When true, id lookups for UUIDs the stub never sent nor mapped answer 404 (default false). */
    public WebexSocketStub strictFallback(boolean strict) {
        services.strictFallback = strict;
        return this;
    }

    /** The REST id the conversation-service lookup answers for this UUID. */
    public WebexSocketStub mapRestId(String uuid, String restId) {
        services.restIds.put(uuid, restId);
        return this;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    /** The U2C base to configure: {@code <base>/u2c/api/v1}. */
    public String u2cUrl() {
        return baseUrl() + "/u2c/api/v1";
    }

    /** The conversation-service base that activity URLs point at (host {@code localhost} when foreign). */
    public String conversationUrl() {
        String base = foreignClusterUrls ? "http://localhost:" + app.port() : baseUrl();
        return base + WebexServices.CONVERSATION;
    }

    /** Registers a device as if an earlier run had created it; returns its id. */
    public String addDevice(String name) {
        return services.addDevice(name);
    }

    /** Sends a new-message activity to the connected client; returns the frame id. */
    public String sendPost(String activityUuid, String roomUuid, String actorUuid, String actorEmail, boolean direct) {
        services.restIds.putIfAbsent(activityUuid, restId("us", "MESSAGE", activityUuid));
        return send(MercuryFrames.post(activity(activityUuid, roomUuid, actorUuid, actorEmail, direct), mentioned));
    }

    /** Sends a card-submit activity for the card message {@code parentMessageUuid}; returns the frame id. */
    public String sendCardAction(String actionUuid, String parentMessageUuid, String roomUuid, String actorUuid,
                                 String actorEmail, boolean direct) {
        services.restIds.putIfAbsent(actionUuid, restId("us", "ATTACHMENT_ACTION", actionUuid));
        services.restIds.putIfAbsent(parentMessageUuid, restId("us", "MESSAGE", parentMessageUuid));
        MercuryFrames.Activity a = activity(actionUuid, roomUuid, actorUuid, actorEmail, direct);
        return send(MercuryFrames.cardAction(a, parentMessageUuid));
    }

    /** Makes the next event frame's sequenceNumber jump by {@code n} (a gap: lost events). */
    public void skipSequence(int n) {
        sequence.addAndGet(n);
    }

    /** Sends a frame as is (no sequenceNumber of its own) to every authorized socket; returns its {@code id}. */
    public synchronized String send(JsonNode frame) {
        List<WsContext> ready = sockets.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
        if (ready.isEmpty()) {
            throw new IllegalStateException("no authorized websocket client is connected");
        }
        String text = Fixtures.write(frame);
        ready.forEach(ctx -> ctx.send(text));
        return frame.path("id").asText(null);
    }

    /** Cuts every socket without a close handshake (the client sees an abnormal closure). */
    public void dropConnections() {
        sockets.keySet().forEach(ctx -> ctx.session.disconnect());
    }

    /** Closes every socket with this close code and reason. */
    public void closeWith(int code, String reason) {
        sockets.keySet().forEach(ctx -> ctx.closeSession(code, reason));
    }

    /** Makes every registered device unknown: its next upgrade answers 404. */
    public void forgetDevices() {
        services.forgetDevices();
    }

    /** Waits until an authorized client is connected. */
    public void awaitConnected(Duration timeout) {
        Awaitility.await("an authorized websocket client").atMost(timeout).until(this::isConnected);
    }

    /** Whether an authorized client is connected now. */
    public boolean isConnected() {
        return sockets.containsValue(true);
    }

    /** Websocket connections opened so far, including closed ones and unauthorized ones. */
    public int connectionCount() {
        return connections.get();
    }

    /** How many conversation-service id lookups were made. */
    public int fallbackLookups() {
        return services.lookups.get();
    }

    /** The messageIds of the client's ack frames. */
    public List<String> acks() {
        return List.copyOf(acks);
    }

    /** The ids of the client's ping frames. */
    public List<String> pings() {
        return List.copyOf(pings);
    }

    /** Every JSON frame the client sent, in order. */
    public List<JsonNode> clientFrames() {
        return List.copyOf(clientFrames);
    }

    /** Every upgrade attempt, including refused ones. */
    public List<Upgrade> upgrades() {
        return List.copyOf(upgrades);
    }

    /** The devices registered now. */
    public List<JsonNode> devices() {
        return services.devices();
    }

    /** Ids of the devices created with POST, in order. */
    public List<String> devicesCreated() {
        return List.copyOf(services.created);
    }

    /** Ids of the devices deleted with DELETE, in order. */
    public List<String> devicesDeleted() {
        return List.copyOf(services.deleted);
    }

    /** The bodies of every device-creation request, refused ones included. */
    public List<JsonNode> createRequests() {
        return List.copyOf(services.createRequests);
    }

    @Override
    public void close() {
        app.stop();
    }

    private void upgrade(Context ctx) {
        String deviceId = ctx.pathParam("deviceId");
        Map<String, String> query = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        upgrades.add(new Upgrade(deviceId, query, ctx.header("Authorization")));
        if (!services.knows(deviceId)) {
            throw WebexServices.error(404, "authored-error-404-not-found.json");
        }
    }

    private void frame(WsMessageContext ctx) throws IOException {
        JsonNode frame = Json.mapper().readTree(ctx.message());
        clientFrames.add(frame);
        String type = frame.path("type").asText();
        if (!sockets.getOrDefault(ctx, false)) {
            boolean valid = type.equals("authorization")
                    && ("Bearer " + token).equals(frame.path("data").path("token").asText());
            if (!valid) {
                ctx.closeSession(4401, "unauthorized");
                return;
            }
            sockets.put(ctx, true);
            sequence.set(1); // each connection counts from its buffer state frame (sequenceNumber 1)
            send(ctx, MercuryFrames.bufferState());
        } else if (type.equals("ping")) {
            pings.add(frame.path("id").asText());
            if (answerPings) {
                send(ctx, MercuryFrames.pong(frame.path("id").asText()));
            }
        } else if (type.equals("ack")) {
            acks.add(frame.path("messageId").asText());
        }
    }

    private synchronized void send(WsContext ctx, JsonNode frame) {
        ctx.send(Fixtures.write(frame));
    }

    private MercuryFrames.Activity activity(String uuid, String room, String actor, String email, boolean direct) {
        return new MercuryFrames.Activity(sequence.incrementAndGet(), conversationUrl(), uuid, room, actor, email,
                direct);
    }
}
