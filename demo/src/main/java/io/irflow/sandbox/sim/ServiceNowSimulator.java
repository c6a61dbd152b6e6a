package io.irflow.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.sandbox.DemoCredentials;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ServiceNow Table API for {@code incident} (Basic auth): create (201 with Location), get, query by
 * {@code number=} or {@code sys_id=}, PATCH/PUT (work notes are appended, never overwritten; {@code assigned_to}
 * becomes a sys_user reference) and delete; and {@code sys_user} looked up by email, where every email is a user.
 * Records are the reference sample's full shape with the posted fields written over it; tickets live in memory.
 */
public final class ServiceNowSimulator {
    static final String PREFIX = "/sim/servicenow";
    /** Reference fields empty ("") in the template, whose table no link tells: field → table. */
    private static final Map<String, String> EMPTY_REFERENCES = Map.of("assigned_to", "sys_user");
    private static final DateTimeFormatter SN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final DemoCredentials creds;
    private final Clock clock;
    private final ObjectNode template;
    private final Map<String, ObjectNode> incidents = new LinkedHashMap<>();
    private final Map<String, StringBuilder> journal = new LinkedHashMap<>();
    private final AtomicInteger number = new AtomicInteger(10_041);
    /** The users handed out by the sys_user lookup: sys_id → email. */
    private final Map<String, String> users = new LinkedHashMap<>();

    /** Loads the record template (a copy of the create-incident sample). */
    public ServiceNowSimulator(DemoCredentials creds, Clock clock) {
        this.creds = creds;
        this.clock = clock;
        try (InputStream in = getClass().getResourceAsStream("/sandbox/sim/servicenow/incident-template.json")) {
            this.template = (ObjectNode) Sim.JSON.readTree(in).get("result");
        } catch (IOException e) {
            throw new IllegalStateException("ServiceNow template missing", e);
        }
    }

    /** Registers the routes under {@code /sim/servicenow}. */
    public void register(JavalinConfig config) {
        String p = PREFIX + "/api/now/table/incident";
        config.routes.post(p, ctx -> authed(ctx, () -> create(ctx)));
        config.routes.get(p, ctx -> authed(ctx, () -> query(ctx)));
        config.routes.get(p + "/{id}", ctx -> authed(ctx, () -> get(ctx)));
        config.routes.patch(p + "/{id}", ctx -> authed(ctx, () -> update(ctx)));
        config.routes.put(p + "/{id}", ctx -> authed(ctx, () -> update(ctx)));
        config.routes.delete(p + "/{id}", ctx -> authed(ctx, () -> delete(ctx)));
        config.routes.get(PREFIX + "/api/now/table/sys_user", ctx -> authed(ctx, () -> users(ctx)));
    }

    /**
     * {@code sys_user?sysparm_query=email=...}: every email is a known user whose sys_id is the MD5 of the lower-cased
     * email (32 hex characters, stable across restarts); the user is remembered so {@link #assignee} can name it.
     */
    private synchronized void users(Context ctx) {
        String query = ctx.queryParam("sysparm_query");
        ObjectNode r = Sim.obj();
        var list = r.putArray("result");
        if (query != null && query.startsWith("email=") && query.contains("@")) {
            String email = query.substring("email=".length()).split("\\^")[0].toLowerCase();
            String sysId = Sim.hex("MD5", email);
            users.put(sysId, email);
            list.addObject().put("sys_id", sysId).put("name", email);
        }
        Sim.json(ctx, 200, r);
    }

    /** The email of the user an incident is assigned to, or null (unassigned, or not a user looked up here). */
    public synchronized String assignee(String sysId) {
        ObjectNode rec = incidents.get(sysId);
        return rec == null ? null : users.get(rec.path("assigned_to").path("value").asText());
    }

    /** A copy of the incidents, keyed by sys_id (for the demo's own checks). */
    public synchronized Map<String, JsonNode> incidents() {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        incidents.forEach((k, v) -> m.put(k, v.deepCopy()));
        return m;
    }

    private void authed(Context ctx, Runnable handler) {
        if (!Sim.basicOk(ctx, creds.serviceNowUser(), creds.serviceNowPassword())) {
            error(ctx, 401, "User Not Authenticated", "Required to provide Auth information");
            return;
        }
        handler.run();
    }

    private void error(Context ctx, int status, String message, String detail) {
        ObjectNode r = Sim.obj();
        r.putObject("error").put("message", message).put("detail", detail);
        r.put("status", "failure");
        Sim.json(ctx, status, r);
    }

    private void result(Context ctx, int status, JsonNode result) {
        if (status != 200 || !"true".equalsIgnoreCase(ctx.header("X-no-response-body"))) {
            Sim.json(ctx, status, Sim.obj().set("result", result));
        } else {
            ctx.status(status);
        }
    }

    private synchronized void create(Context ctx) {
        JsonNode body = Sim.parse(ctx.body());
        if (body == null || !body.isObject()) {
            error(ctx, 400, "Exception while reading request", "The payload is not valid JSON.");
            return;
        }
        String sysId = UUID.randomUUID().toString().replace("-", "");
        String now = SN_TIME.format(clock.instant());
        String num = String.format("INC%07d", number.incrementAndGet());
        ObjectNode rec = template.deepCopy();
        String api = Sim.origin(ctx) + PREFIX + "/api/now/table/";
        rec.put("sys_id", sysId).put("number", num).put("task_effective_number", num).put("state", "1")
                .put("incident_state", "1").put("active", "true").put("opened_at", now).put("sys_created_on", now)
                .put("sys_updated_on", now).put("sys_created_by", creds.serviceNowUser())
                .put("sys_updated_by", creds.serviceNowUser()).put("sys_mod_count", "0");
        rec.putObject("opened_by").put("link", api + "sys_user/" + Sim.hex("MD5", creds.serviceNowUser()))
                .put("value", Sim.hex("MD5", creds.serviceNowUser()));
        journal.put(sysId, new StringBuilder());
        apply(ctx, rec, body, api);
        incidents.put(sysId, rec);
        ctx.header("Location", api + "incident/" + sysId);
        result(ctx, 201, rec);
    }

    /** Writes posted fields over the record; references become {link, value}; work notes go to the journal. */
    private void apply(Context ctx, ObjectNode rec, JsonNode body, String api) {
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String f = e.getKey();
            String v = e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString();
            if (!rec.has(f) && !f.equals("work_notes") && !f.equals("comments")) {
                continue; // unknown fields are ignored without error, as the Table API does
            }
            if (f.equals("work_notes") || f.equals("comments")) {
                journal.get(rec.get("sys_id").asText()).insert(0, SN_TIME.format(clock.instant()) + " - "
                        + creds.serviceNowUser() + " (" + f.replace('_', ' ') + ")\n" + v + "\n\n");
                rec.put(f, "");
            } else if (!v.isEmpty() && (rec.get(f).isObject() || EMPTY_REFERENCES.containsKey(f))) {
                String table = EMPTY_REFERENCES.getOrDefault(f,
                        rec.get(f).path("link").asText().replaceAll(".*/table/([^/]+)/.*", "$1"));
                rec.putObject(f).put("link", api + table + "/" + v).put("value", v);
            } else { // plain values, and "" for an empty reference (docs/reference/servicenow.md#value-formats)
                rec.put(f, v);
            }
        }
        String state = rec.path("state").asText();
        rec.put("incident_state", state);
        rec.put("active", state.equals("6") || state.equals("7") || state.equals("8") ? "false" : "true");
        if (state.equals("6") && rec.path("resolved_at").asText().isEmpty()) {
            rec.put("resolved_at", SN_TIME.format(clock.instant()));
            rec.set("resolved_by", rec.get("opened_by").deepCopy());
        }
    }

    private synchronized void get(Context ctx) {
        ObjectNode rec = incidents.get(ctx.pathParam("id"));
        if (rec == null) {
            error(ctx, 404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
            return;
        }
        result(ctx, 200, rec);
    }

    private synchronized void query(Context ctx) {
        String q = ctx.queryParam("sysparm_query");
        ArrayNode out = Sim.arr();
        for (ObjectNode rec : incidents.values()) {
            boolean match = q == null || q.isBlank();
            if (!match) {
                match = true;
                for (String cond : q.split("\\^")) {
                    String[] kv = cond.split("=", 2);
                    if (kv.length == 2 && rec.has(kv[0]) && !rec.get(kv[0]).isObject()) {
                        match &= rec.get(kv[0]).asText().equals(kv[1]);
                    }
                }
            }
            if (match) {
                out.add(rec);
            }
        }
        result(ctx, 200, out);
    }

    private synchronized void update(Context ctx) {
        ObjectNode rec = incidents.get(ctx.pathParam("id"));
        if (rec == null) {
            error(ctx, 404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
            return;
        }
        JsonNode body = Sim.parse(ctx.body());
        if (body == null || !body.isObject()) {
            error(ctx, 400, "Exception while reading request", "The payload is not valid JSON.");
            return;
        }
        apply(ctx, rec, body, Sim.origin(ctx) + PREFIX + "/api/now/table/");
        rec.put("sys_updated_on", SN_TIME.format(clock.instant()))
                .put("sys_mod_count", Integer.toString(rec.path("sys_mod_count").asInt() + 1));
        result(ctx, 200, rec);
    }

    private synchronized void delete(Context ctx) {
        if (incidents.remove(ctx.pathParam("id")) == null) {
            error(ctx, 404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
            return;
        }
        ctx.status(204);
    }

    /** The work notes journal of one incident, newest first (what the form shows). */
    public synchronized String workNotes(String sysId) {
        StringBuilder j = journal.get(sysId);
        return j == null ? "" : j.toString();
    }
}
