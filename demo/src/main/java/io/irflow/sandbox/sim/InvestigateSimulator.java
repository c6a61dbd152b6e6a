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
import java.util.regex.Pattern;

/**
 * Umbrella Investigate (legacy API, static bearer token): categorization, security features, risk score, latest
 * domains of an IP and the category catalogue. The C2 domain is malicious (Command and Control, Malware), well-known
 * domains are benign, anything else is unclassified.
 */
public final class InvestigateSimulator {
    static final String PREFIX = "/sim/investigate";
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Company company;
    private final DemoCredentials creds;
    private final Intel intel;
    private final JsonNode categories;

    /** Loads the category catalogue from the bundled copy of the reference sample. */
    public InvestigateSimulator(Company company, DemoCredentials creds) {
        this.company = company;
        this.creds = creds;
        this.intel = new Intel(company);
        try (InputStream in = getClass().getResourceAsStream("/sandbox/sim/investigate/categories.json")) {
            this.categories = Sim.JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("category catalogue missing", e);
        }
    }

    /** Registers the routes under {@code /sim/investigate}. */
    public void register(JavalinConfig config) {
        String p = PREFIX;
        config.routes.get(p + "/domains/categories", ctx -> authed(ctx, () -> Sim.json(ctx, 200, categories)));
        config.routes.get(p + "/domains/categorization/{domain}", ctx -> authed(ctx, () -> categorization(ctx)));
        config.routes.post(p + "/domains/categorization", ctx -> authed(ctx, () -> bulk(ctx)));
        config.routes.get(p + "/security/name/{domain}", ctx -> authed(ctx, () -> security(ctx)));
        config.routes.get(p + "/domains/risk-score/{domain}", ctx -> authed(ctx, () -> risk(ctx)));
        config.routes.get(p + "/ips/{ip}/latest_domains", ctx -> authed(ctx, () -> latest(ctx)));
    }

    /** A missing token is 401, a wrong one 403 (Cisco documents 403 for an invalid token). */
    private void authed(Context ctx, Runnable handler) {
        String h = ctx.header("Authorization");
        if (h == null || h.isBlank()) {
            Sim.json(ctx, 401, Sim.obj().put("errorMessage", "Authentication required"));
        } else if (!Sim.bearerOk(ctx, creds.investigateToken())) {
            Sim.json(ctx, 403, Sim.obj().put("errorMessage", "Invalid authentication token"));
        } else {
            handler.run();
        }
    }

    private String domainParam(Context ctx) {
        String d = ctx.pathParam("domain");
        if (d.endsWith(".json")) {
            d = d.substring(0, d.length() - 5);
        }
        if (!DOMAIN.matcher(d).matches()) {
            Sim.json(ctx, 400, Sim.obj().put("errorMessage", "Invalid domain name: " + d));
            return null;
        }
        return d;
    }

    private void categorization(Context ctx) {
        String d = domainParam(ctx);
        if (d != null) {
            ObjectNode body = Sim.obj();
            body.set(d, entry(d));
            Sim.json(ctx, 200, body);
        }
    }

    private void bulk(Context ctx) {
        JsonNode list = Sim.parse(ctx.body());
        if (list == null || !list.isArray() || list.size() > 1000) {
            Sim.json(ctx, 400, Sim.obj().put("errorMessage", "Body must be a JSON array of at most 1000 domains"));
            return;
        }
        ObjectNode body = Sim.obj();
        list.forEach(d -> body.set(d.asText(), entry(d.asText())));
        Sim.json(ctx, 200, body);
    }

    private ObjectNode entry(String domain) {
        ObjectNode e = Sim.obj();
        ArrayNode sec = Sim.arr();
        ArrayNode content = Sim.arr();
        if (intel.badDomain(domain)) {
            e.put("status", -1);
            sec.add("64").add("66");
        } else if (intel.benignDomain(domain)) {
            e.put("status", 1);
            content.add("25");
        } else {
            e.put("status", 0);
        }
        e.set("security_categories", sec);
        e.set("content_categories", content);
        return e;
    }

    private void security(Context ctx) {
        String d = domainParam(ctx);
        if (d == null) {
            return;
        }
        boolean bad = intel.badDomain(d);
        boolean known = bad || intel.benignDomain(d);
        ObjectNode s = Sim.obj().put("found", known);
        ObjectNode handlings = s.putObject("handlings");
        handlings.put("blocked", bad ? 0.97 : 0.0).put("normal", bad ? 0.03 : known ? 1.0 : 0.0);
        s.put("dga_score", bad ? -12.5 : 0.0).put("rip_score", bad ? -88.0 : 0.0)
                .put("asn_score", bad ? -41.3 : known ? -0.05 : 0.0).put("securerank2", bad ? -71.8 : known ? 82.4 : 0.0)
                .put("popularity", bad ? 0.4 : known ? 61.2 : 0.0);
        s.putArray("tld_geodiversity");
        s.put("attack", bad ? "Kovter" : "").put("geoscore", 0.0).put("ks_test", 0.0)
                .put("pagerank", bad ? 0.0 : known ? 41.7 : 0.0).put("entropy", bad ? 3.1 : known ? 1.9 : 0.0)
                .put("prefix_score", bad ? -64.0 : known ? -0.2 : 0.0).put("perplexity", bad ? 0.82 : known ? 0.05 : 0.0);
        ArrayNode geo = s.putArray("geodiversity");
        ArrayNode geoNorm = s.putArray("geodiversity_normalized");
        if (known) {
            geo.addArray().add(bad ? "RU" : "US").add(1.0);
            geoNorm.addArray().add(bad ? "RU" : "US").add(1.0);
        }
        s.put("fastflux", bad).put("threat_type", bad ? "Trojan" : "");
        Sim.json(ctx, 200, s);
    }

    private void risk(Context ctx) {
        String d = domainParam(ctx);
        if (d == null) {
            return;
        }
        boolean bad = intel.badDomain(d);
        if (!bad && !intel.benignDomain(d)) {
            ctx.status(204);
            return;
        }
        ObjectNode r = Sim.obj();
        ArrayNode ind = r.putArray("indicators");
        ind.addObject().put("indicator", "Geo Popularity Score").put("normalized_score", bad ? 2 : 70)
                .put("score", bad ? -4.2 : 1.3);
        ind.addObject().put("indicator", "Lexical").put("normalized_score", bad ? 81 : 10).put("score", bad ? 0.81 : 0.1);
        ind.addObject().put("indicator", "Popularity 30 Day").put("normalized_score", bad ? 0 : 88)
                .put("score", bad ? 0.0 : 88.1);
        ind.addObject().put("indicator", "Umbrella Block Status").put("normalized_score", bad ? 100 : 0)
                .put("score", bad);
        r.put("risk_score", bad ? 97 : 4);
        Sim.json(ctx, 200, r);
    }

    private void latest(Context ctx) {
        String ip = ctx.pathParam("ip");
        if (!IPV4.matcher(ip).matches()) {
            Sim.json(ctx, 404, Sim.obj().put("errorMessage", "Not found"));
            return;
        }
        ArrayNode list = Sim.arr();
        if (intel.badIp(ip)) {
            list.addObject().put("id", 84626522L).put("name", company.threat().c2Domain());
            list.addObject().put("id", 84626947L).put("name", "cdn-sync." + intel.badParent());
        }
        Sim.json(ctx, 200, list);
    }
}
