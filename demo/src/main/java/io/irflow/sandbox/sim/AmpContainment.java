package io.irflow.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.sandbox.Company;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AMP's containment state: endpoint isolation ({@code /v1/computers/{guid}/isolation}) and the simple custom
 * detection file lists ({@code /v1/file_lists/...}). Isolation is asynchronous as in the product: PUT answers
 * {@code pending_start}, which becomes {@code isolated} a couple of seconds later on the injected clock.
 */
final class AmpContainment {
    /** The demo's simple custom detection list (block hash). */
    public static final String SCD_GUID = "9f3e1c2a-5b7d-4e8f-a1c3-acme0000b10c";
    /** The demo's application blocking list. */
    static final String APP_BLOCK_GUID = "3c5e7a9b-1d2f-4a6b-8c0d-acme0000a99b";
    static final Duration SETTLE = Duration.ofSeconds(2);

    private final Company company;
    private final Clock clock;
    private final Map<String, Isolation> isolation = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ObjectNode>> files = new ConcurrentHashMap<>();
    private final AmpSimulator amp;

    private record Isolation(String status, String unlockCode, String comment, Instant since) {
    }

    AmpContainment(Company company, Clock clock, AmpSimulator amp) {
        this.company = company;
        this.clock = clock;
        this.amp = amp;
        files.put(SCD_GUID, new LinkedHashMap<>());
        files.put(APP_BLOCK_GUID, new LinkedHashMap<>());
    }

    void register(JavalinConfig config, String p) {
        config.routes.get(p + "/v1/computers/{guid}/isolation", ctx -> amp.authed(ctx, () -> getIsolation(ctx)));
        config.routes.put(p + "/v1/computers/{guid}/isolation", ctx -> amp.authed(ctx, () -> startIsolation(ctx)));
        config.routes.delete(p + "/v1/computers/{guid}/isolation", ctx -> amp.authed(ctx, () -> stopIsolation(ctx)));
        config.routes.get(p + "/v1/file_lists/simple_custom_detections", ctx -> amp.authed(ctx, () -> lists(ctx,
                "simple_custom_detections")));
        config.routes.get(p + "/v1/file_lists/application_blocking", ctx -> amp.authed(ctx, () -> lists(ctx,
                "application_blocking")));
        config.routes.get(p + "/v1/file_lists/{list}/files", ctx -> amp.authed(ctx, () -> listItems(ctx)));
        config.routes.get(p + "/v1/file_lists/{list}/files/{sha}", ctx -> amp.authed(ctx, () -> item(ctx)));
        config.routes.post(p + "/v1/file_lists/{list}/files/{sha}", ctx -> amp.authed(ctx, () -> addItem(ctx)));
        config.routes.delete(p + "/v1/file_lists/{list}/files/{sha}", ctx -> amp.authed(ctx, () -> deleteItem(ctx)));
    }

    /** The isolation block of a computer, as the computers endpoints embed it. */
    synchronized ObjectNode isolationBlock(Company.Host host) {
        ObjectNode n = Sim.obj();
        n.put("available", !host.server());
        n.put("status", current(host.connectorGuid()).status());
        return n;
    }

    /** The SHA-256s on the simple custom detection list (for the demo's own checks). */
    synchronized java.util.Set<String> blockedHashes() {
        return java.util.Set.copyOf(files.get(SCD_GUID).keySet());
    }

    private Isolation current(String guid) {
        Isolation i = isolation.get(guid);
        if (i == null) {
            return new Isolation("not_isolated", null, null, Instant.EPOCH);
        }
        boolean settled = !clock.instant().isBefore(i.since().plus(SETTLE));
        if (settled && i.status().equals("pending_start")) {
            i = new Isolation("isolated", i.unlockCode(), i.comment(), i.since());
            isolation.put(guid, i);
        } else if (settled && i.status().equals("pending_stop")) {
            i = new Isolation("not_isolated", null, null, i.since());
            isolation.put(guid, i);
        }
        return i;
    }

    private synchronized void getIsolation(Context ctx) {
        Company.Host host = amp.hostByGuid(ctx.pathParam("guid"));
        if (host == null) {
            amp.error(ctx, 404, "Not Found", "Computer not found");
            return;
        }
        amp.item(ctx, isolationData(host, current(host.connectorGuid())));
    }

    private synchronized void startIsolation(Context ctx) {
        Company.Host host = amp.hostByGuid(ctx.pathParam("guid"));
        if (host == null) {
            amp.error(ctx, 404, "Not Found", "Computer not found");
            return;
        }
        if (host.server()) {
            amp.error(ctx, 409, "Conflict", "Isolation is not enabled in this computer's policy");
            return;
        }
        Isolation now = current(host.connectorGuid());
        if (!now.status().equals("not_isolated")) {
            amp.error(ctx, 409, "Conflict", now.status().equals("isolated") ? "Computer is already isolated"
                    : "Computer isolation is in a transitional state (" + now.status() + ")");
            return;
        }
        JsonNode body = Sim.parse(ctx.body());
        String unlock = body != null && body.hasNonNull("unlock_code") ? body.get("unlock_code").asText()
                : Sim.hex("SHA-256", host.connectorGuid() + clock.instant()).substring(0, 6);
        String comment = body != null && body.hasNonNull("comment") ? body.get("comment").asText() : null;
        Isolation next = new Isolation("pending_start", unlock, comment, clock.instant());
        isolation.put(host.connectorGuid(), next);
        amp.recordEvent(host, 553648202L, "Endpoint Isolation Start Success");
        amp.item(ctx, isolationData(host, next));
    }

    private synchronized void stopIsolation(Context ctx) {
        Company.Host host = amp.hostByGuid(ctx.pathParam("guid"));
        if (host == null) {
            amp.error(ctx, 404, "Not Found", "Computer not found");
            return;
        }
        Isolation now = current(host.connectorGuid());
        if (!now.status().equals("isolated")) {
            amp.error(ctx, 409, "Conflict", now.status().equals("not_isolated") ? "Computer is not isolated"
                    : "Computer isolation is in a transitional state (" + now.status() + ")");
            return;
        }
        Isolation next = new Isolation("pending_stop", now.unlockCode(), now.comment(), clock.instant());
        isolation.put(host.connectorGuid(), next);
        amp.recordEvent(host, 553648204L, "Endpoint Isolation Stop Success");
        amp.item(ctx, isolationData(host, next));
    }

    private ObjectNode isolationData(Company.Host host, Isolation i) {
        ObjectNode d = Sim.obj();
        d.put("available", !host.server());
        d.put("status", i.status());
        if (i.unlockCode() != null) {
            d.put("unlock_code", i.unlockCode());
            d.put("comment", i.comment());
            d.put("isolated_by", "API Client irflow");
        }
        return d;
    }

    private void lists(Context ctx, String type) {
        ArrayNode data = Sim.arr();
        String guid = type.equals("simple_custom_detections") ? SCD_GUID : APP_BLOCK_GUID;
        ObjectNode l = data.addObject();
        l.put("name", type.equals("simple_custom_detections") ? "Acme Blocked Hashes" : "Acme Blocked Applications");
        l.put("guid", guid);
        l.put("type", type);
        l.putObject("links").put("file_list", amp.base(ctx) + "/v1/file_lists/" + guid);
        amp.list(ctx, data, 1, 0, 500, null);
    }

    private synchronized void listItems(Context ctx) {
        Map<String, ObjectNode> items = files.get(ctx.pathParam("list"));
        if (items == null) {
            amp.error(ctx, 404, "Not Found", "File list not found");
            return;
        }
        ObjectNode d = Sim.obj();
        boolean scd = ctx.pathParam("list").equals(SCD_GUID);
        d.put("name", scd ? "Acme Blocked Hashes" : "Acme Blocked Applications");
        d.put("guid", ctx.pathParam("list"));
        d.putArray("policies");
        ArrayNode arr = d.putArray("items");
        items.values().forEach(arr::add);
        amp.item(ctx, d);
    }

    private synchronized void item(Context ctx) {
        Map<String, ObjectNode> items = files.get(ctx.pathParam("list"));
        ObjectNode it = items == null ? null : items.get(ctx.pathParam("sha").toLowerCase());
        if (it == null) {
            amp.error(ctx, 404, "Not Found", items == null ? "File list not found" : "File not found in list");
            return;
        }
        amp.item(ctx, it);
    }

    private synchronized void addItem(Context ctx) {
        String list = ctx.pathParam("list");
        String sha = ctx.pathParam("sha").toLowerCase();
        Map<String, ObjectNode> items = files.get(list);
        if (items == null) {
            amp.error(ctx, 404, "Not Found", "File list not found");
            return;
        }
        if (!sha.matches("[0-9a-f]{64}")) {
            amp.error(ctx, 400, "Bad Request", "sha256 is not a valid SHA-256");
            return;
        }
        if (items.containsKey(sha)) {
            amp.error(ctx, 409, "Conflict", "File already exists in the list");
            return;
        }
        JsonNode body = Sim.parse(ctx.body());
        ObjectNode it = Sim.obj();
        it.put("sha256", sha);
        it.put("description", body != null && body.hasNonNull("description") ? body.get("description").asText() : "");
        it.put("source", "Created by entering SHA-256 via Public api.");
        it.putObject("links").put("file_list", amp.base(ctx) + "/v1/file_lists/" + list);
        items.put(sha, it);
        ctx.status(201);
        amp.item(ctx, it, 201);
    }

    private synchronized void deleteItem(Context ctx) {
        Map<String, ObjectNode> items = files.get(ctx.pathParam("list"));
        if (items == null || items.remove(ctx.pathParam("sha").toLowerCase()) == null) {
            amp.error(ctx, 404, "Not Found", items == null ? "File list not found" : "File not found in list");
            return;
        }
        amp.item(ctx, Sim.obj());
    }
}
