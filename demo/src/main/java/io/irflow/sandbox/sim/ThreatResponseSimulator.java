package io.irflow.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.sandbox.Company;
import io.irflow.sandbox.DemoCredentials;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Threat Response / XDR (IROH): the OAuth2 client-credentials token endpoint (Basic client id and secret, 600 s
 * tokens) and, with {@code Bearer}, inspect, deliberate, observe and settings. Verdicts come from a Talos module,
 * judgements from Threat Grid and sightings (with the endpoint targets) from AMP.
 */
public final class ThreatResponseSimulator {
    static final String PREFIX = "/sim/threatresponse";
    private static final long TTL = 600;
    private static final Pattern OBSERVABLE = Pattern.compile(
            "https?://\\S+|\\b[0-9a-f]{64}\\b|\\b[0-9a-f]{40}\\b|\\b[0-9a-f]{32}\\b|\\b\\d{1,3}(\\.\\d{1,3}){3}\\b"
                    + "|\\b([a-z0-9-]+\\.)+[a-z]{2,}\\b", Pattern.CASE_INSENSITIVE);

    private final Company company;
    private final DemoCredentials creds;
    private final Clock clock;
    private final Intel intel;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Instant seen;

    /** Sightings are dated at the infected host's first AMP event. */
    public ThreatResponseSimulator(Company company, DemoCredentials creds, Clock clock) {
        this.company = company;
        this.creds = creds;
        this.clock = clock;
        this.intel = new Intel(company);
        this.seen = clock.instant().plus(AmpSimulator.FIRST_ALERT);
    }

    /** Registers the routes under {@code /sim/threatresponse}. */
    public void register(JavalinConfig config) {
        String p = PREFIX + "/iroh";
        config.routes.post(p + "/oauth2/token", this::token);
        config.routes.get(p + "/iroh-enrich/settings", ctx -> authed(ctx, () -> Sim.json(ctx, 200,
                Sim.obj().put("max-observables", 50).put("default-timeout", 30))));
        config.routes.post(p + "/iroh-inspect/inspect", ctx -> authed(ctx, () -> inspect(ctx)));
        config.routes.post(p + "/iroh-enrich/deliberate/observables", ctx -> authed(ctx, () -> enrich(ctx, false)));
        config.routes.post(p + "/iroh-enrich/observe/observables", ctx -> authed(ctx, () -> enrich(ctx, true)));
    }

    private void token(Context ctx) {
        if (!Sim.basicOk(ctx, creds.trClientId(), creds.trClientSecret())) {
            Sim.json(ctx, 401, Sim.obj().put("error", "invalid_client")
                    .put("error_description", "Client authentication failed"));
            return;
        }
        if (!ctx.body().contains("grant_type=client_credentials")) {
            Sim.json(ctx, 400, Sim.obj().put("error", "unsupported_grant_type")
                    .put("error_description", "grant_type must be client_credentials"));
            return;
        }
        String token = "sim." + UUID.randomUUID();
        tokens.put(token, clock.instant().plusSeconds(TTL));
        Sim.json(ctx, 200, Sim.obj().put("access_token", token).put("token_type", "bearer").put("expires_in", TTL)
                .put("scope", "private-intel enrich:read casebook inspect:read response global-intel:read"));
    }

    private void authed(Context ctx, Runnable handler) {
        String h = ctx.header("Authorization");
        String token = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
        Instant expires = token == null ? null : tokens.get(token);
        if (expires == null || clock.instant().isAfter(expires)) {
            Sim.json(ctx, 401, Sim.obj().put("error", "invalid_token")
                    .put("error_description", "The access token is missing, invalid or expired"));
            return;
        }
        handler.run();
    }

    private void inspect(Context ctx) {
        JsonNode body = Sim.parse(ctx.body());
        String text = body == null ? "" : body.path("content").asText("");
        ArrayNode out = Sim.arr();
        Matcher m = OBSERVABLE.matcher(text);
        while (m.find()) {
            String v = m.group();
            out.addObject().put("value", v).put("type", type(v));
        }
        Sim.json(ctx, 200, out);
    }

    static String type(String v) {
        if (v.startsWith("http")) {
            return "url";
        }
        if (v.matches("[0-9a-fA-F]{64}")) {
            return "sha256";
        }
        if (v.matches("[0-9a-fA-F]{40}")) {
            return "sha1";
        }
        if (v.matches("[0-9a-fA-F]{32}")) {
            return "md5";
        }
        return v.matches("\\d{1,3}(\\.\\d{1,3}){3}") ? "ip" : "domain";
    }

    private boolean bad(String type, String value) {
        return switch (type) {
            case "sha256", "sha1", "md5" -> intel.badHash(value);
            case "domain" -> intel.badDomain(value);
            case "ip" -> intel.badIp(value);
            case "url" -> intel.badUrl(value);
            default -> false;
        };
    }

    private void enrich(Context ctx, boolean observe) {
        JsonNode body = Sim.parse(ctx.body());
        if (body == null || !body.isArray()) {
            Sim.json(ctx, 400, Sim.obj().put("error", "invalid-request").put("message", "body must be an array"));
            return;
        }
        ObjectNode talos = module("Talos Intelligence", "c70084cf-54f8-4ccd-9cdb-95e490cca9fc",
                "2460c99b-2f01-523b-a65d-30a3c6603245");
        ObjectNode amp = module("AMP for Endpoints", "69a9caf9-d0aa-4af2-82b6-47785c56cc2d",
                "1898d0e8-45f7-550d-8ab5-915f064426dd");
        docs(amp, "verdicts");
        ArrayNode verdicts = docs(talos, "verdicts");
        ArrayNode judgements = observe ? docs(talos, "judgements") : null;
        ArrayNode sightings = observe ? docs(amp, "sightings") : null;
        for (JsonNode o : body) {
            String type = o.path("type").asText();
            String value = o.path("value").asText();
            boolean bad = bad(type, value);
            boolean benign = type.equals("domain") && intel.benignDomain(value);
            if (bad || benign) {
                ObjectNode v = verdicts.addObject().put("type", "verdict").put("disposition", bad ? 2 : 1);
                v.set("observable", Sim.obj().put("value", value).put("type", type));
                v.put("disposition_name", bad ? "Malicious" : "Clean");
                v.set("valid_time", validTime());
                if (observe) {
                    String jid = "transient:judgement-" + UUID.nameUUIDFromBytes((type + value).getBytes());
                    v.put("judgement_id", jid);
                    ObjectNode j = judgements.addObject().put("type", "judgement").put("schema_version", "1.0.17")
                            .put("id", jid).put("tlp", "white").put("disposition", bad ? 2 : 1)
                            .put("disposition_name", bad ? "Malicious" : "Clean").put("source", "Talos Intelligence")
                            .put("source_uri", "https://talosintelligence.com/reputation_center/lookup?search=" + value)
                            .put("reason", bad ? "Known C2 infrastructure of " + company.threat().threatName()
                                    : "Known benign").put("priority", 90).put("severity", bad ? "High" : "Low")
                            .put("confidence", "High");
                    j.set("observable", Sim.obj().put("value", value).put("type", type));
                    j.set("valid_time", validTime());
                }
            }
            if (observe && bad && !clock.instant().isBefore(seen)) {
                List<Company.Host> hosts = type.startsWith("sha") || type.equals("md5")
                        ? company.hosts().stream().filter(h -> h.infected() || !h.server() && h.os().equals("Windows 11")).toList()
                        : List.of(company.infected());
                for (Company.Host h : hosts) {
                    sightings.add(sighting(type, value, h));
                }
            }
        }
        counts(talos);
        counts(amp);
        ObjectNode r = Sim.obj();
        ArrayNode data = r.putArray("data");
        data.add(talos);
        data.add(amp);
        Sim.json(ctx, 200, r);
    }

    private ObjectNode sighting(String type, String value, Company.Host h) {
        ObjectNode s = Sim.obj().put("description", h.infected() ? "Executed malware " + company.threat().fileName()
                : "Threat detected and quarantined").put("schema_version", "1.0.17");
        s.putArray("observables").addObject().put("value", value).put("type", type);
        s.put("type", "sighting").put("source", "AMP for Endpoints");
        ObjectNode target = s.putArray("targets").addObject().put("type", "endpoint");
        ArrayNode obs = target.putArray("observables");
        obs.addObject().put("value", h.hostname()).put("type", "hostname");
        obs.addObject().put("value", h.ip()).put("type", "ip");
        obs.addObject().put("value", h.mac()).put("type", "mac_address");
        obs.addObject().put("value", h.connectorGuid()).put("type", "amp_computer_guid");
        target.set("observed_time", observed());
        target.put("os", h.os());
        s.put("title", h.infected() ? "Executed malware" : "Threat Quarantined").put("internal", true)
                .put("source_uri", "https://console.amp.cisco.com/computers/" + h.connectorGuid() + "/trajectory2")
                .put("id", "transient-sighting:" + UUID.nameUUIDFromBytes((h.hostname() + value).getBytes()))
                .put("count", 1).put("severity", h.infected() ? "Critical" : "Medium")
                .put("timestamp", Sim.iso(seen)).put("confidence", "High");
        s.set("observed_time", observed());
        s.put("sensor", "endpoint");
        return s;
    }

    private ObjectNode observed() {
        return Sim.obj().put("start_time", Sim.iso(seen)).put("end_time", Sim.iso(seen));
    }

    private ObjectNode validTime() {
        Instant now = clock.instant();
        return Sim.obj().put("start_time", Sim.iso(now.minusSeconds(86_400)))
                .put("end_time", Sim.iso(now.plusSeconds(30 * 86_400L)));
    }

    private static ObjectNode module(String name, String instance, String type) {
        ObjectNode m = Sim.obj().put("module", name).put("module_instance_id", instance).put("module_type_id", type)
                .put("module-type", name.startsWith("Talos") ? "TalosModule" : "AMPModule");
        m.putObject("data");
        return m;
    }

    private static ArrayNode docs(ObjectNode module, String kind) {
        ObjectNode d = ((ObjectNode) module.get("data")).putObject(kind);
        d.put("count", 0);
        return d.putArray("docs");
    }

    private static void counts(ObjectNode module) {
        module.get("data").forEach(n -> ((ObjectNode) n).put("count", n.get("docs").size()));
    }
}
