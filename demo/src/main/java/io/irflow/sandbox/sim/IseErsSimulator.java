package io.irflow.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.sandbox.Company;
import io.irflow.sandbox.DemoCredentials;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISE ERS Adaptive Network Control (Basic auth, CSRF check enabled): ANC policies, ANC endpoints and
 * {@code ancendpoint/apply}/{@code clear}, which need a token fetched with {@code X-CSRF-TOKEN: fetch} in the same
 * session (APPSESSIONID cookie). A 401 is ISE's HTML page; business errors are ERSResponse bodies.
 */
public final class IseErsSimulator {
    static final String PREFIX = "/sim/ise-ers";
    static final String COOKIE = "APPSESSIONID";
    /** The ANC policies the demo ISE has; {@code Quarantine} is the one the demo config applies. */
    static final Map<String, String> POLICIES = Map.of(
            "Quarantine", "2f1c0e8a-7b44-4c1e-9d0a-5e6b7c8d9e01",
            "ANC_PortBounce", "6a9e3d21-0c5b-4f8e-b1a2-3c4d5e6f7a02",
            "ANC_Shutdown", "c4b7a1f0-9e2d-4a3b-8c5d-6e7f8a9b0c03");
    private static final Pattern MAC = Pattern.compile("([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}");
    private static final Pattern XML_ATTR = Pattern.compile(
            "additionalAttribute[^>]*?name=\"([^\"]*)\"[^>]*?value=\"([^\"]*)\"");
    private static final String HTML_401 = "<!doctype html><html lang=\"en\"><head><title>HTTP Status 401 – "
            + "Unauthorized</title></head><body><h1>HTTP Status 401 – Unauthorized</h1><hr class=\"line\" /><p><b>Type"
            + "</b> Status Report</p><p><b>Description</b> The request has not been applied because it lacks valid "
            + "authentication credentials for the target resource.</p><hr class=\"line\" /></body></html>";

    private final Company company;
    private final DemoCredentials creds;
    /** ANC assignments by upper-case MAC, in apply order. */
    private final Map<String, Anc> anc = new LinkedHashMap<>();
    /** CSRF tokens by session id. */
    private final Map<String, String> csrf = new ConcurrentHashMap<>();

    private record Anc(String id, String mac, String policy) {
    }

    /** An ISE with no ANC assignment yet. */
    public IseErsSimulator(Company company, DemoCredentials creds) {
        this.company = company;
        this.creds = creds;
    }

    /** Registers the routes under {@code /sim/ise-ers}. */
    public void register(JavalinConfig config) {
        String p = PREFIX + "/ers/config";
        config.routes.get(p + "/ancpolicy", ctx -> authed(ctx, () -> policies(ctx)));
        config.routes.get(p + "/ancpolicy/name/{name}", ctx -> authed(ctx, () -> policy(ctx,
                POLICIES.containsKey(ctx.pathParam("name")) ? ctx.pathParam("name") : null)));
        config.routes.get(p + "/ancpolicy/{id}", ctx -> authed(ctx, () -> policy(ctx, POLICIES.entrySet().stream()
                .filter(e -> e.getValue().equals(ctx.pathParam("id"))).map(Map.Entry::getKey).findFirst()
                .orElse(null))));
        config.routes.get(p + "/ancendpoint", ctx -> authed(ctx, () -> endpoints(ctx)));
        config.routes.put(p + "/ancendpoint/apply", ctx -> authed(ctx, () -> change(ctx, true)));
        config.routes.put(p + "/ancendpoint/clear", ctx -> authed(ctx, () -> change(ctx, false)));
        config.routes.get(p + "/ancendpoint/{id}", ctx -> authed(ctx, () -> endpoint(ctx)));
    }

    /** The MACs currently under an ANC policy, with the policy name (for the demo's own checks). */
    public synchronized Map<String, String> quarantined() {
        Map<String, String> m = new LinkedHashMap<>();
        anc.values().forEach(a -> m.put(a.mac(), a.policy()));
        return m;
    }

    private void authed(Context ctx, Runnable handler) {
        if (!Sim.basicOk(ctx, creds.iseUser(), creds.isePassword())) {
            Sim.text(ctx, 401, HTML_401, "text/html;charset=utf-8");
            return;
        }
        String session = ctx.cookie(COOKIE);
        if (session == null || !csrf.containsKey(session)) {
            session = UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
            csrf.put(session, "");
            // Secure only over https, or a plain-http demo client would never send it back.
            ctx.header("Set-Cookie", COOKIE + "=" + session + "; Path=" + PREFIX + "/ers"
                    + ("https".equals(ctx.scheme()) ? "; Secure" : "") + "; HttpOnly");
        }
        if (ctx.method().name().equals("GET") && "fetch".equalsIgnoreCase(ctx.header("X-CSRF-TOKEN"))) {
            String token = UUID.randomUUID().toString();
            csrf.put(session, token);
            ctx.header("X-CSRF-Token", token);
        }
        ctx.attribute("ise-session", session);
        handler.run();
    }

    private void error(Context ctx, int status, String operation, String title) {
        ObjectNode r = Sim.obj();
        ObjectNode body = r.putObject("ERSResponse").put("operation", operation);
        body.putArray("messages").addObject().put("title", title).put("type", "ERROR")
                .put("code", status == 404 ? "Resource not found exception" : "CRUD operation exception");
        body.putObject("link").put("rel", "related").put("href", Sim.origin(ctx) + ctx.path())
                .put("type", "application/xml");
        Sim.json(ctx, status, r, "application/json;charset=utf-8");
    }

    private ObjectNode link(Context ctx, String kind, String id) {
        return Sim.obj().put("rel", "self").put("href", Sim.origin(ctx) + PREFIX + "/ers/config/" + kind + "/" + id)
                .put("type", "application/json");
    }

    private void search(Context ctx, List<ObjectNode> all) {
        int page = Math.max(1, Sim.intParam(ctx, "page", 1));
        int size = Math.max(1, Math.min(100, Sim.intParam(ctx, "size", 20)));
        ObjectNode r = Sim.obj();
        ObjectNode sr = r.putObject("SearchResult").put("total", all.size());
        ArrayNode res = sr.putArray("resources");
        all.stream().skip((long) (page - 1) * size).limit(size).forEach(res::add);
        if ((long) page * size < all.size()) {
            sr.putObject("nextPage").put("rel", "next").put("href", Sim.origin(ctx) + ctx.path() + "?page="
                    + (page + 1) + "&size=" + size).put("type", "application/json");
        }
        Sim.json(ctx, 200, r, "application/json;charset=utf-8");
    }

    private void policies(Context ctx) {
        search(ctx, POLICIES.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> {
            ObjectNode n = Sim.obj().put("id", e.getValue()).put("name", e.getKey());
            n.set("link", link(ctx, "ancpolicy", e.getValue()));
            return n;
        }).toList());
    }

    private void policy(Context ctx, String name) {
        if (name == null) {
            error(ctx, 404, "GET-get-ancpolicy", "Resource not found");
            return;
        }
        ObjectNode r = Sim.obj();
        ObjectNode p = r.putObject("ErsAncPolicy").put("id", POLICIES.get(name)).put("name", name);
        p.putArray("actions").add(name.equals("ANC_PortBounce") ? "PORTBOUNCE"
                : name.equals("ANC_Shutdown") ? "SHUTDOWN" : "QUARANTINE");
        p.set("link", link(ctx, "ancpolicy", POLICIES.get(name)));
        Sim.json(ctx, 200, r, "application/json;charset=utf-8");
    }

    private synchronized void endpoints(Context ctx) {
        String filter = ctx.queryParam("filter");
        String wantMac = null;
        if (filter != null) {
            Matcher m = Pattern.compile("(?i)macAddress\\.EQ\\.(.+)").matcher(filter);
            if (!m.matches()) {
                error(ctx, 400, "GET-getAll-ancendpoint", "Invalid filter: " + filter);
                return;
            }
            wantMac = m.group(1).toUpperCase(Locale.ROOT);
        }
        String mac = wantMac;
        search(ctx, anc.values().stream().filter(a -> mac == null || a.mac().equals(mac)).map(a -> {
            ObjectNode n = Sim.obj().put("id", a.id());
            n.set("link", link(ctx, "ancendpoint", a.id()));
            return n;
        }).toList());
    }

    private synchronized void endpoint(Context ctx) {
        Anc a = anc.values().stream().filter(x -> x.id().equals(ctx.pathParam("id"))).findFirst().orElse(null);
        if (a == null) {
            error(ctx, 404, "GET-get-ancendpoint", "Resource not found");
            return;
        }
        ObjectNode r = Sim.obj();
        ObjectNode e = r.putObject("ErsAncEndpoint").put("id", a.id()).put("macAddress", a.mac())
                .put("policyName", a.policy());
        e.set("link", link(ctx, "ancendpoint", a.id()));
        Sim.json(ctx, 200, r, "application/json;charset=utf-8");
    }

    private synchronized void change(Context ctx, boolean apply) {
        String op = apply ? "PUT-apply-ancendpoint" : "PUT-clear-ancendpoint";
        String session = ctx.attribute("ise-session");
        String expected = csrf.get(session);
        if (expected == null || expected.isEmpty() || !Sim.same(expected, ctx.header("X-CSRF-TOKEN"))) {
            error(ctx, 403, op, "CSRF token is missing or invalid; fetch one with X-CSRF-TOKEN: fetch");
            return;
        }
        Map<String, String> data = additionalData(ctx.body());
        if (data == null) {
            error(ctx, 400, op, "Invalid request body");
            return;
        }
        String mac = data.get("macAddress");
        if (mac == null && data.get("ipAddress") != null) {
            mac = company.host(data.get("ipAddress")).map(Company.Host::mac).orElse(null);
            if (mac == null) {
                error(ctx, 500, op, "No active session for IP address " + data.get("ipAddress"));
                return;
            }
        }
        if (mac == null || !MAC.matcher(mac).matches()) {
            error(ctx, 400, op, "Invalid MAC Address");
            return;
        }
        mac = mac.toUpperCase(Locale.ROOT);
        String policy = data.get("policyName");
        if (policy == null || !POLICIES.containsKey(policy)) {
            error(ctx, 500, op, "Policy is not configured");
            return;
        }
        Anc current = anc.get(mac);
        if (apply) {
            if (current != null) {
                error(ctx, 500, op, "mac address is already associated with this policy");
                return;
            }
            anc.put(mac, new Anc(UUID.nameUUIDFromBytes(mac.getBytes()).toString(), mac, policy));
        } else {
            if (current == null) {
                error(ctx, 500, op, "mac address is not associated with a policy");
                return;
            }
            anc.remove(mac);
        }
        ctx.status(204);
    }

    /** The name/value pairs of a JSON or XML OperationAdditionalData body, or null when it is neither. */
    static Map<String, String> additionalData(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (body.trim().startsWith("<")) {
            Matcher m = XML_ATTR.matcher(body);
            while (m.find()) {
                out.put(m.group(1), m.group(2));
            }
            return out.isEmpty() ? null : out;
        }
        JsonNode n = Sim.parse(body);
        JsonNode list = n == null ? null : n.path("OperationAdditionalData").path("additionalData");
        if (list == null || !list.isArray()) {
            return null;
        }
        List<JsonNode> items = new ArrayList<>();
        list.forEach(items::add);
        items.forEach(i -> out.put(i.path("name").asText(), i.path("value").asText()));
        return out;
    }
}
