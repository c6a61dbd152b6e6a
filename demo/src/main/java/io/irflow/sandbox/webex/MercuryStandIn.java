package io.irflow.sandbox.webex;

import com.fasterxml.jackson.core.type.TypeReference;
import io.irflow.json.Json;
import io.irflow.sandbox.webex.Shapes.Catalog;
import io.irflow.sandbox.webex.Shapes.Devices;
import io.irflow.sandbox.webex.Shapes.MessageJson;
import io.irflow.sandbox.webex.Shapes.RestId;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The part of Webex a bot uses in websocket mode (webex.mode: websocket): the service catalog (U2C), the device
 * service (WDM), the event socket of each device, and the conversation service's lookups from an activity UUID to a
 * REST id. All answer with the demo bot's token only.
 */
final class MercuryStandIn implements Consumer<JavalinConfig>, AutoCloseable {
    /** The service catalog; irflow's {@code webex.u2c_url} is {@code http://host:port} plus this. */
    static final String U2C = WebexStandIn.U2C_PREFIX;
    /** The device service. */
    static final String WDM = "/wdm/api/v1";
    /** The conversation service (activity and conversation URLs in frames). */
    static final String CONVERSATION = "/conversation/api/v1";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final WebexState state;
    private final String token;
    private final DeviceRegistry devices;
    private final MercurySocket socket;

    MercuryStandIn(WebexState state, String token, Clock clock) {
        this.state = state;
        this.token = token;
        this.devices = new DeviceRegistry(clock, WebexIds.uuid(state.bot().id()));
        this.socket = new MercurySocket(token, clock);
        state.listen(new MercuryEvents(state, socket));
    }

    MercurySocket socket() {
        return socket;
    }

    @Override
    public void accept(JavalinConfig config) {
        JavalinDefaultRoutingApi r = config.routes;
        r.get(U2C + "/catalog", api(this::catalog));
        r.get(WDM + "/devices", api(ctx -> ctx.json(new Devices(devices.all().stream()
                .map(d -> devices.json(d, root(ctx))).toList()))));
        r.post(WDM + "/devices", api(ctx -> ctx.json(devices.json(devices.create(body(ctx)), root(ctx)))));
        r.delete(WDM + "/devices/{id}", api(ctx -> {
            devices.delete(ctx.pathParam("id"));
            socket.disconnect(ctx.pathParam("id"));
            ctx.status(204);
        }));
        r.get(CONVERSATION + "/messages/{uuid}", api(ctx -> ctx.json(new RestId(message(ctx.pathParam("uuid")).id()))));
        r.get(CONVERSATION + "/attachment/actions/{uuid}", api(ctx -> ctx.json(new RestId(
                state.action(WebexIds.of("ATTACHMENT_ACTION", uuid(ctx.pathParam("uuid")))).id()))));
        r.wsBeforeUpgrade(DeviceRegistry.SOCKET_PATH, ctx -> {
            if (!devices.exists(ctx.pathParam("deviceId"))) {
                throw new NotFoundResponse("no such device");
            }
            String auth = ctx.header("Authorization");
            if (auth != null && !auth.equals("Bearer " + token)) {
                throw new UnauthorizedResponse();
            }
        });
        r.ws(DeviceRegistry.SOCKET_PATH, socket::configure);
    }

    /** {@code GET /catalog?format=hostmap}: the services a websocket bot needs, on this server. */
    private void catalog(Context ctx) {
        String root = root(ctx);
        Map<String, String> links = new LinkedHashMap<>();
        links.put("wdm", root + WDM);
        links.put("hydra", root + WebexStandIn.PREFIX);
        links.put("conversation", root + CONVERSATION);
        ctx.json(new Catalog(links));
    }

    /** A message the bot may read, by its activity UUID. */
    private MessageJson message(String uuid) {
        MessageJson m = state.message(WebexIds.of("MESSAGE", uuid(uuid)));
        if (!state.isMember(m.roomId(), state.bot().id())) {
            throw WebexError.notFound();
        }
        return m;
    }

    private Handler api(Handler handler) {
        return BearerApi.guard(token, handler);
    }

    private static String uuid(String s) {
        try {
            return UUID.fromString(s).toString();
        } catch (IllegalArgumentException e) {
            throw WebexError.notFound();
        }
    }

    private static String root(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }

    private static Map<String, Object> body(Context ctx) {
        try {
            Map<String, Object> m = Json.mapper().readValue(ctx.bodyAsBytes(), MAP);
            return m == null ? Map.of() : m;
        } catch (IOException e) {
            throw WebexError.badRequest("The request body is not valid JSON.");
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
