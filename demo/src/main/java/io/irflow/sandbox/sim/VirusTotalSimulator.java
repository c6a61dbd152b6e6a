package io.irflow.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.sandbox.Company;
import io.irflow.sandbox.DemoCredentials;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * VirusTotal API v3 ({@code x-apikey}): files, domains, IP addresses and URLs. The known-bad file, C2 domain, C2 IP
 * and download URL have detections; well-known domains are harmless; anything else is VirusTotal's 404 NotFoundError.
 * Bodies are the reference samples with Acme's values written over them.
 */
public final class VirusTotalSimulator {
    static final String PREFIX = "/sim/virustotal";

    private final Company company;
    private final DemoCredentials creds;
    private final Clock clock;
    private final Intel intel;
    private final Map<String, JsonNode> templates;

    /** Loads the bundled sample copies used as templates. */
    public VirusTotalSimulator(Company company, DemoCredentials creds, Clock clock) {
        this.company = company;
        this.creds = creds;
        this.clock = clock;
        this.intel = new Intel(company);
        this.templates = Map.of("file", load("file"), "domain", load("domain"), "ip", load("ip"), "url", load("url"));
    }

    private JsonNode load(String name) {
        try (InputStream in = getClass().getResourceAsStream("/sandbox/sim/virustotal/" + name + ".json")) {
            return Sim.JSON.readTree(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("VirusTotal template " + name + " missing", e);
        }
    }

    /** Registers the routes under {@code /sim/virustotal} (the config's url is this plus nothing: it is /api/v3). */
    public void register(JavalinConfig config) {
        config.routes.get(PREFIX + "/files/{id}", ctx -> authed(ctx, () -> file(ctx)));
        config.routes.get(PREFIX + "/domains/{id}", ctx -> authed(ctx, () -> domain(ctx)));
        config.routes.get(PREFIX + "/ip_addresses/{id}", ctx -> authed(ctx, () -> ip(ctx)));
        config.routes.get(PREFIX + "/urls/{id}", ctx -> authed(ctx, () -> url(ctx)));
    }

    private void authed(Context ctx, Runnable handler) {
        String key = ctx.header("x-apikey");
        if (key == null || key.isBlank()) {
            error(ctx, 401, "AuthenticationRequiredError", "X-Apikey header is missing");
        } else if (!Sim.same(key, creds.virusTotalKey())) {
            error(ctx, 401, "WrongCredentialsError", "Wrong API key");
        } else {
            handler.run();
        }
    }

    private void error(Context ctx, int status, String code, String message) {
        ObjectNode r = Sim.obj();
        r.putObject("error").put("code", code).put("message", message);
        Sim.json(ctx, status, r);
    }

    private ObjectNode object(Context ctx, String template, String type, String id, String path) {
        ObjectNode r = templates.get(template).deepCopy();
        ObjectNode data = (ObjectNode) r.get("data");
        data.put("id", id).put("type", type);
        data.putObject("links").put("self", Sim.origin(ctx) + PREFIX + "/" + path + "/" + id);
        return r;
    }

    private static ObjectNode attrs(ObjectNode r) {
        return (ObjectNode) r.get("data").get("attributes");
    }

    /**
     * Rewrites the engine results so that at least {@code malicious} engines flag it with {@code label} (none when 0),
     * keeping each engine's result type, then recounts the stats from the results.
     */
    private void verdict(ObjectNode r, int malicious, String label) {
        ObjectNode a = attrs(r);
        a.put("last_analysis_date", clock.instant().getEpochSecond() - 3600);
        a.put("reputation", malicious > 0 ? -42 : 12);
        a.putObject("total_votes").put("harmless", malicious > 0 ? 0 : 7).put("malicious", malicious > 0 ? 11 : 0);
        ObjectNode stats = (ObjectNode) a.get("last_analysis_stats");
        java.util.List<String> keys = new java.util.ArrayList<>();
        stats.fieldNames().forEachRemaining(keys::add);
        keys.forEach(k -> stats.put(k, 0));
        int flagged = 0;
        for (Iterator<JsonNode> it = a.get("last_analysis_results").elements(); it.hasNext(); ) {
            ObjectNode e = (ObjectNode) it.next();
            boolean hasText = e.hasNonNull("result");
            boolean wasBad = "malicious".equals(e.path("category").asText());
            if (malicious > 0 && hasText && (wasBad || flagged < malicious)) {
                e.put("category", "malicious").put("result", label);
                flagged++;
            } else if (hasText) {
                e.put("category", "harmless").put("result", "clean");
            } else if (!e.path("category").asText().equals("type-unsupported")) {
                e.put("category", "undetected");
            }
            String cat = e.path("category").asText();
            stats.put(cat, stats.path(cat).asInt() + 1);
        }
    }

    private void file(Context ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        if (!intel.badHash(id)) {
            error(ctx, 404, "NotFoundError", "File \"" + id + "\" not found");
            return;
        }
        Company.Threat t = company.threat();
        ObjectNode r = object(ctx, "file", "file", t.sha256(), "files");
        ObjectNode a = attrs(r);
        a.put("type_description", "Win32 EXE").put("type_tag", "peexe").put("type_extension", "exe")
                .put("sha256", t.sha256()).put("sha1", t.sha1()).put("md5", t.md5())
                .put("meaningful_name", t.fileName()).put("size", 1_482_752)
                .put("first_submission_date", clock.instant().getEpochSecond() - 9 * 86400)
                .put("last_submission_date", clock.instant().getEpochSecond() - 3600)
                .put("magic", "PE32 executable (GUI) Intel 80386, for MS Windows");
        a.putArray("names").add(t.fileName()).add("invoice.exe");
        a.putArray("type_tags").add("executable").add("windows").add("win32").add("pe").add("peexe");
        a.putArray("tags").add("peexe").add("calls-wmi").add("detect-debug-environment");
        a.putArray("trid").addObject().put("file_type", "Win32 Executable (generic)").put("probability", 87.3);
        ObjectNode cls = a.putObject("popular_threat_classification").put("suggested_threat_label", "trojan.kovter/demo");
        cls.putArray("popular_threat_category").addObject().put("count", 41).put("value", "trojan");
        cls.putArray("popular_threat_name").addObject().put("count", 33).put("value", "kovter");
        verdict(r, 53, t.threatName());
        Sim.json(ctx, 200, r);
    }

    private void domain(Context ctx) {
        String d = Intel.norm(ctx.pathParam("id"));
        boolean bad = intel.badDomain(d);
        if (!bad && !intel.benignDomain(d)) {
            error(ctx, 404, "NotFoundError", "Domain \"" + d + "\" not found");
            return;
        }
        ObjectNode r = object(ctx, "domain", "domain", d, "domains");
        ObjectNode a = attrs(r);
        a.put("registrar", bad ? "Shady Registrar Ltd." : "MarkMonitor Inc.").put("tld", d.substring(d.lastIndexOf('.') + 1))
                .put("creation_date", bad ? clock.instant().getEpochSecond() - 12 * 86400 : 820454400L)
                .put("whois", "Domain Name: " + d.toUpperCase(Locale.ROOT));
        a.putArray("last_dns_records").addObject().put("type", "A").put("ttl", 300)
                .put("value", bad ? company.threat().c2Ip() : "192.0.2.80");
        ObjectNode cats = a.putObject("categories");
        cats.put("Forcepoint ThreatSeeker", bad ? "malicious web sites" : "information technology");
        cats.put("Sophos", bad ? "command and control" : "information technology");
        a.putArray("tags");
        verdict(r, bad ? 14 : 0, "malware");
        Sim.json(ctx, 200, r);
    }

    private void ip(Context ctx) {
        String ip = ctx.pathParam("id").trim();
        boolean bad = intel.badIp(ip);
        if (!bad && !ip.equals("8.8.8.8")) {
            error(ctx, 404, "NotFoundError", "Resource \"" + ip + "\" not found");
            return;
        }
        ObjectNode r = object(ctx, "ip", "ip_address", ip, "ip_addresses");
        ObjectNode a = attrs(r);
        if (bad) {
            a.put("as_owner", "Bulletproof Hosting Demo").put("asn", 64500).put("country", "RU")
                    .put("continent", "EU").put("network", "203.0.113.0/24").put("regional_internet_registry", "RIPE NCC")
                    .put("whois", "NetRange: 203.0.113.0 - 203.0.113.255 (documentation range)");
            a.putArray("tags");
        }
        verdict(r, bad ? 9 : 0, "malware");
        Sim.json(ctx, 200, r);
    }

    private void url(Context ctx) {
        String id = ctx.pathParam("id");
        String url = company.threat().url();
        String canonicalId = Sim.hex("SHA-256", url);
        boolean match = id.equalsIgnoreCase(canonicalId);
        if (!match) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(id), StandardCharsets.UTF_8);
                match = intel.badUrl(decoded);
                url = match ? decoded : url;
            } catch (IllegalArgumentException ignored) {
                // not base64: neither form of a URL id
            }
        }
        if (!match) {
            error(ctx, 404, "NotFoundError", "URL \"" + id + "\" not found");
            return;
        }
        ObjectNode r = object(ctx, "url", "url", Sim.hex("SHA-256", url), "urls");
        ObjectNode a = attrs(r);
        a.put("url", url).put("last_final_url", url).put("title", "").put("last_http_response_code", 200)
                .put("last_http_response_content_sha256", company.threat().sha256())
                .put("last_http_response_content_length", 1_482_752);
        a.putArray("threat_names").add(company.threat().threatName());
        a.putObject("categories").put("Forcepoint ThreatSeeker", "malicious web sites")
                .put("Sophos", "malware callhome, command and control").put("BitDefender", "malware");
        verdict(r, 11, "malware site");
        Sim.json(ctx, 200, r);
    }
}
