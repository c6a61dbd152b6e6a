package io.irflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The HTTP half of {@link WebexSocketStub}: the U2C catalog, WDM devices and the conversation-service id lookup.
 * Every route needs {@code Authorization: Bearer <token>}; errors use the reference error fixtures.
 */
final class WebexServices {
    static final String WDM = "/wdm/api/v1";
    static final String CONVERSATION = "/conversation/api/v1";
    static final String SOCKET = "/v1/apps/wx2/registrations/{deviceId}/messages";

    final Map<String, String> restIds = new ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();
    final List<JsonNode> createRequests = new CopyOnWriteArrayList<>();
    final List<String> created = new CopyOnWriteArrayList<>();
    final List<String> deleted = new CopyOnWriteArrayList<>();
    volatile String hydraUrl;
    volatile int maxDevices = Integer.MAX_VALUE;
    volatile boolean strictFallback;
    private final Map<String, ObjectNode> devices = new LinkedHashMap<>();
    private final String token;
    private final Supplier<String> base;

    /** @param base {@code http://127.0.0.1:<port>}, asked only once the server runs */
    WebexServices(String token, Supplier<String> base) {
        this.token = token;
        this.base = base;
    }

    void register(RoutesConfig routes) {
        routes.before(this::requireToken);
        routes.exception(HttpResponseException.class, (e, ctx) ->
                ctx.status(e.getStatus()).contentType("application/json").result(e.getMessage()));
        routes.get("/u2c/api/v1/catalog", this::catalog);
        routes.get(WDM + "/devices", ctx -> ctx.json(Map.of("devices", devices())));
        routes.post(WDM + "/devices", this::createDevice);
        routes.delete(WDM + "/devices/{id}", this::deleteDevice);
        routes.get(CONVERSATION + "/messages/{uuid}", ctx -> lookup(ctx, "MESSAGE"));
        routes.get(CONVERSATION + "/attachment/actions/{uuid}", ctx -> lookup(ctx, "ATTACHMENT_ACTION"));
    }

    synchronized String addDevice(String name) {
        String id = UUID.randomUUID().toString();
        ObjectNode device = Fixtures.json(MercuryFrames.DIR + "authored-wdm-create-device-response-minimal.json");
        device.put("url", base.get() + WDM + "/devices/" + id)
                .put("webSocketUrl", base.get().replace("http:", "ws:") + SOCKET.replace("{deviceId}", id))
                .put("name", name).put("modificationTime", Instant.now().toString());
        devices.put(id, device);
        return id;
    }

    synchronized boolean knows(String deviceId) {
        return devices.containsKey(deviceId);
    }

    synchronized List<JsonNode> devices() {
        return new ArrayList<>(devices.values());
    }

    synchronized void forgetDevices() {
        devices.clear();
    }

    /** Answers with a reference error body. */
    static HttpResponseException error(int status, String fixture) {
        return new HttpResponseException(status, Fixtures.text("fixtures/webex/errors/" + fixture));
    }

    private void requireToken(Context ctx) {
        if (!("Bearer " + token).equals(ctx.header("Authorization"))) {
            throw error(401, "authored-error-401-invalid-token.json");
        }
    }

    private void catalog(Context ctx) {
        ObjectNode catalog = Fixtures.json(MercuryFrames.DIR + "authored-u2c-catalog-hostmap-response-minimal.json");
        ((ObjectNode) catalog.path("serviceLinks")).put("wdm", base.get() + WDM)
                .put("hydra", hydraUrl == null ? base.get() + "/v1" : hydraUrl)
                .put("conversation", base.get() + CONVERSATION);
        ctx.json(catalog);
    }

    private synchronized void createDevice(Context ctx) throws IOException {
        JsonNode request = Json.mapper().readTree(ctx.body());
        createRequests.add(request);
        if (devices.size() >= maxDevices) {
            ctx.status(403).json(Map.of("message", "excessive device registrations"));
            return;
        }
        String id = addDevice(request.path("name").asText());
        created.add(id);
        ctx.json(devices.get(id));
    }

    private synchronized void deleteDevice(Context ctx) {
        String id = ctx.pathParam("id");
        if (devices.remove(id) == null) {
            throw error(404, "authored-error-404-not-found.json");
        }
        deleted.add(id);
        ctx.status(204);
    }

    private void lookup(Context ctx, String type) {
        lookups.incrementAndGet();
        String uuid = ctx.pathParam("uuid");
        String id = restIds.get(uuid);
        if (id == null && strictFallback) {
            throw error(404, "authored-error-404-not-found.json");
        }
        ctx.json(Map.of("id", id == null ? MercuryFrames.restId("us", type, uuid) : id));
    }
}
