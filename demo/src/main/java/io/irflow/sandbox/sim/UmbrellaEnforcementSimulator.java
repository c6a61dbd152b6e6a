package io.irflow.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.sandbox.Company;
import io.irflow.sandbox.DemoCredentials;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Umbrella Enforcement API 1.0 ({@code customerKey} query parameter): POST events adds the destination domain to
 * the integration's block list (202; well-known benign domains are kept off by Umbrella's safeguards unless
 * {@code disableDstSafeguards}), GET domains pages it, DELETE removes by id, path name or {@code where[name]}.
 */
public final class UmbrellaEnforcementSimulator {
    static final String PREFIX = "/sim/umbrella";
    private static final List<String> REQUIRED = List.of("alertTime", "deviceId", "deviceVersion", "dstDomain",
            "dstUrl", "eventTime", "protocolVersion", "providerName");

    private final DemoCredentials creds;
    private final Clock clock;
    private final Intel intel;
    private final Map<String, ObjectNode> blocked = new LinkedHashMap<>();
    private final AtomicLong nextId = new AtomicLong(41_728_800);

    /** An empty block list. */
    public UmbrellaEnforcementSimulator(Company company, DemoCredentials creds, Clock clock) {
        this.creds = creds;
        this.clock = clock;
        this.intel = new Intel(company);
    }

    /** Registers the routes under {@code /sim/umbrella} (the config's url, standing for .../1.0). */
    public void register(JavalinConfig config) {
        config.routes.post(PREFIX + "/events", ctx -> authed(ctx, () -> events(ctx)));
        config.routes.get(PREFIX + "/domains", ctx -> authed(ctx, () -> list(ctx)));
        config.routes.delete(PREFIX + "/domains", ctx -> authed(ctx, () -> delete(ctx, ctx.queryParam("where[name]"))));
        config.routes.delete(PREFIX + "/domains/{key}", ctx -> authed(ctx, () -> delete(ctx, ctx.pathParam("key"))));
    }

    /** The domains currently blocked (for the demo's own checks). */
    public synchronized List<String> blockedDomains() {
        return new ArrayList<>(blocked.keySet());
    }

    private void authed(Context ctx, Runnable handler) {
        if (!Sim.same(ctx.queryParam("customerKey"), creds.umbrellaCustomerKey())) {
            Sim.json(ctx, 401, Sim.obj().put("message", "Unauthorized"));
            return;
        }
        handler.run();
    }

    private synchronized void events(Context ctx) {
        JsonNode body = Sim.parse(ctx.body());
        if (body == null || !body.isArray() || body.isEmpty()) {
            Sim.json(ctx, 400, Sim.obj().put("message", "Request body must be a JSON array of events"));
            return;
        }
        for (JsonNode e : body) {
            for (String f : REQUIRED) {
                if (!e.hasNonNull(f) || e.get(f).asText().isBlank()) {
                    Sim.json(ctx, 400, Sim.obj().put("message", "Missing required field: " + f));
                    return;
                }
            }
            if (!"1.0a".equals(e.get("protocolVersion").asText())) {
                Sim.json(ctx, 400, Sim.obj().put("message", "Unsupported protocolVersion"));
                return;
            }
        }
        for (JsonNode e : body) {
            String domain = Intel.norm(e.get("dstDomain").asText());
            boolean safeguarded = intel.benignDomain(domain) && !e.path("disableDstSafeguards").asBoolean(false);
            if (!safeguarded && !blocked.containsKey(domain)) {
                blocked.put(domain, Sim.obj().put("id", nextId.incrementAndGet()).put("name", domain)
                        .put("lastSeenAt", clock.instant().getEpochSecond()));
            }
        }
        Sim.json(ctx, 202, Sim.obj().put("id", UUID.randomUUID().toString()));
    }

    private synchronized void list(Context ctx) {
        int page = Math.max(1, Sim.intParam(ctx, "page", 1));
        int limit = Math.max(1, Math.min(200, Sim.intParam(ctx, "limit", 200)));
        List<ObjectNode> all = new ArrayList<>(blocked.values());
        ObjectNode r = Sim.obj();
        ObjectNode meta = r.putObject("meta").put("page", page).put("limit", limit);
        String base = Sim.origin(ctx) + PREFIX + "/domains?customerKey=" + ctx.queryParam("customerKey");
        if (page > 1) {
            meta.put("prev", base + "&page=" + (page - 1) + "&limit=" + limit);
        } else {
            meta.put("prev", false);
        }
        if ((long) page * limit < all.size()) {
            meta.put("next", base + "&page=" + (page + 1) + "&limit=" + limit);
        } else {
            meta.put("next", false);
        }
        ArrayNode data = r.putArray("data");
        all.stream().skip((long) (page - 1) * limit).limit(limit).forEach(data::add);
        Sim.json(ctx, 200, r);
    }

    private synchronized void delete(Context ctx, String key) {
        if (key == null || key.isBlank()) {
            Sim.json(ctx, 400, Sim.obj().put("message", "Give a domain id or where[name]"));
            return;
        }
        String k = key.trim().toLowerCase(Locale.ROOT);
        if (k.matches("\\d+")) {
            String name = blocked.entrySet().stream().filter(e -> e.getValue().get("id").asText().equals(k))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (name == null) {
                Sim.json(ctx, 404, Sim.obj().put("message", "Domain not in domain list"));
                return;
            }
            blocked.remove(name);
        } else {
            blocked.remove(Intel.norm(k)); // an unknown name is a 2xx too, as integrations report
        }
        ctx.status(204);
    }
}
