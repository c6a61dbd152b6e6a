package io.irflow.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.sandbox.Company;
import io.irflow.sandbox.DemoCredentials;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threat Grid / Secure Malware Analytics ({@code api_key} query parameter): submission search, sample domain and IP
 * feeds, whoami. The known-bad file has one finished analysis with threat score 95 that contacted the C2.
 */
public final class ThreatGridSimulator {
    static final String PREFIX = "/sim/threatgrid";
    static final int THREAT_SCORE = 95;

    private final Company company;
    private final DemoCredentials creds;
    private final Intel intel;
    private final JsonNode template;
    private final String sampleId;
    private final Instant submitted;
    private final AtomicLong requestId = new AtomicLong(7_310_000);

    /** The analysis is dated a day before the clock's current instant. */
    public ThreatGridSimulator(Company company, DemoCredentials creds, Clock clock) {
        this.company = company;
        this.creds = creds;
        this.intel = new Intel(company);
        this.sampleId = Sim.hex("MD5", "tg:" + company.threat().sha256());
        this.submitted = clock.instant().minusSeconds(86_400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        try (InputStream in = getClass().getResourceAsStream("/sandbox/sim/threatgrid/search-template.json")) {
            this.template = Sim.JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("Threat Grid template missing", e);
        }
    }

    /** Registers the routes under {@code /sim/threatgrid}. */
    public void register(JavalinConfig config) {
        config.routes.get(PREFIX + "/api/v2/search/submissions", ctx -> authed(ctx, () -> search(ctx)));
        config.routes.get(PREFIX + "/api/v2/samples/feeds/domains", ctx -> authed(ctx, () -> feed(ctx, "domain")));
        config.routes.get(PREFIX + "/api/v2/samples/feeds/ips", ctx -> authed(ctx, () -> feed(ctx, "ip")));
        config.routes.get(PREFIX + "/api/v3/session/whoami", ctx -> authed(ctx, () -> {
            ObjectNode r = Sim.obj();
            r.putObject("data").put("login", "irflow-demo").put("organization_id", 1042).put("role", "user")
                    .put("email", "irflow@acme.example");
            Sim.json(ctx, 200, r);
        }));
    }

    private void authed(Context ctx, Runnable handler) {
        if (!Sim.same(ctx.queryParam("api_key"), creds.threatGridKey())) {
            ObjectNode r = Sim.obj().put("api_version", 2).put("id", requestId.incrementAndGet());
            ObjectNode e = r.putObject("error").put("code", 401).put("message", "Unauthorized");
            e.putArray("errors").addObject().put("code", 401).put("message", "Unauthorized");
            Sim.json(ctx, 401, r);
            return;
        }
        handler.run();
    }

    private ObjectNode envelope(ArrayNode items) {
        ObjectNode r = Sim.obj().put("api_version", 2).put("id", requestId.incrementAndGet());
        ObjectNode d = r.putObject("data").put("index", 0).put("total", items.size()).put("took", 12)
                .put("timed_out", false).put("items_per_page", 100).put("current_item_count", items.size());
        d.set("items", items);
        return r;
    }

    private boolean matches(String q, String term) {
        String v = q == null ? "" : q.trim().toLowerCase(Locale.ROOT);
        if (term == null || term.equals("sample") || term.equals("checksum")) {
            return intel.badHash(v) || v.equals(sampleId);
        }
        return switch (term) {
            case "domain" -> intel.badDomain(v);
            case "ip" -> intel.badIp(v);
            case "url" -> intel.badUrl(v);
            default -> false;
        };
    }

    private void search(Context ctx) {
        ArrayNode items = Sim.arr();
        String state = ctx.queryParam("state");
        if (matches(ctx.queryParam("q"), ctx.queryParam("term")) && (state == null || state.equals("succ"))) {
            items.add(submission());
        }
        Sim.json(ctx, 200, envelope(items));
    }

    private ObjectNode submission() {
        ObjectNode hit = template.get("data").get("items").get(0).deepCopy();
        Company.Threat t = company.threat();
        ObjectNode item = (ObjectNode) hit.get("item");
        item.put("md5", t.md5()).put("sha1", t.sha1()).put("sha256", t.sha256()).put("sample", sampleId)
                .put("filename", t.fileName()).put("submitted_at", Sim.iso(submitted)).put("login", "irflow-demo");
        item.putArray("tags").add("kovter").add("acme-ir");
        ObjectNode analysis = (ObjectNode) item.get("analysis");
        analysis.put("threat_score", THREAT_SCORE);
        ArrayNode b = analysis.putArray("behaviors");
        b.addObject().put("name", "malware-known-trojan-av").put("threat", 95).put("title", "Detected as "
                + t.threatName() + " by antivirus");
        b.addObject().put("name", "network-communications-http-get-url").put("threat", 40)
                .put("title", "Outbound HTTP GET Request to " + t.c2Domain());
        b.addObject().put("name", "registry-autorun-key-data-exe").put("threat", 70)
                .put("title", "Process Modified an Autorun Registry Key");
        ObjectNode meta = (ObjectNode) analysis.get("metadata");
        ObjectNode env = (ObjectNode) meta.get("sandcastle_env");
        env.put("vm", "win10").put("vm_id", sampleId).put("display_name", "Windows 10 64-bit")
                .put("analysis_start", Sim.iso(submitted.plusSeconds(30)))
                .put("analysis_end", Sim.iso(submitted.plusSeconds(330))).put("sample_executed", submitted.getEpochSecond() + 40);
        ((ObjectNode) meta.get("general_details")).put("report_created", Sim.iso(submitted.plusSeconds(340)));
        for (String f : new String[]{"analyzed_file", "submitted_file"}) {
            file((ObjectNode) meta.get(f));
        }
        meta.get("malware_desc").forEach(n -> file((ObjectNode) n));
        return hit;
    }

    private void file(ObjectNode f) {
        Company.Threat t = company.threat();
        f.put("md5", t.md5()).put("sha1", t.sha1()).put("sha256", t.sha256()).put("filename", t.fileName())
                .put("size", 1_482_752).put("type", "exe").put("magic", "PE32 executable (GUI) Intel 80386, for MS Windows");
    }

    private void feed(Context ctx, String kind) {
        ArrayNode items = Sim.arr();
        if (sampleId.equals(ctx.queryParam("sample"))) {
            String ts = Sim.iso(submitted.plusSeconds(75));
            if (kind.equals("domain")) {
                items.addObject().put("sample", sampleId).put("timestamp", ts).put("domain", company.threat().c2Domain());
                items.addObject().put("sample", sampleId).put("timestamp", ts).put("domain", "time.windows.com");
            } else {
                items.addObject().put("sample", sampleId).put("timestamp", ts).put("ip", company.threat().c2Ip());
            }
        }
        ObjectNode r = envelope(items);
        ((ObjectNode) r.get("data")).remove(java.util.List.of("total", "took", "timed_out"));
        Sim.json(ctx, 200, r);
    }
}
