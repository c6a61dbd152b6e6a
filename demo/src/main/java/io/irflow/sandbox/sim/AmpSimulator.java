package io.irflow.sandbox.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.sandbox.Company;
import io.irflow.sandbox.DemoCredentials;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * AMP for Endpoints v1 (Basic client_id:api_key): computers, activity, events, plus isolation and file lists through
 * {@link AmpContainment}. The infected host's threat events are dated a few seconds after construction, so a
 * poller sees them appear shortly after start.
 */
public final class AmpSimulator {
    /** How long after start the infected host's first threat event happens. */
    public static final Duration FIRST_ALERT = Duration.ofSeconds(5);
    static final String PREFIX = "/sim/amp";
    static final String EXTERNAL_IP = "198.51.100.10";
    static final String GROUP_GUID = "b2d4f6a8-0c1e-4a3b-9d5f-acme00000001";
    static final String POLICY_GUID = "c3e5a7b9-1d2f-4b4c-8e6a-acme00000002";

    private final Company company;
    private final DemoCredentials creds;
    private final Clock clock;
    private final AmpContainment containment;
    private final List<SimEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicLong nextId = new AtomicLong(6_180_352_115_244_794_000L);
    private final AmpJson json;

    /** One event in the simulated history; visible once the clock reaches {@code at}. */
    record SimEvent(long id, Instant at, Company.Host host, long typeId, String type, String severity,
                    boolean withFile, String detectionId) {
    }

    /** Seeds the history relative to the clock's current instant. */
    public AmpSimulator(Company company, DemoCredentials creds, Clock clock) {
        this.company = company;
        this.creds = creds;
        this.clock = clock;
        this.containment = new AmpContainment(company, clock, this);
        this.json = new AmpJson(company, clock, containment);
        Instant start = clock.instant();
        Company.Host infected = company.infected();
        Company.Host hr = company.hosts().stream().filter(h -> !h.infected() && !h.server()).findFirst().orElseThrow();
        Instant twoDaysAgo = start.minus(Duration.ofDays(2));
        add(twoDaysAgo, hr, 1090519054L, "Threat Detected", "Medium", true, "6180352115244790001");
        add(twoDaysAgo.plusSeconds(1), hr, 553648143L, "Threat Quarantined", "Medium", true, "6180352115244790001");
        Instant t = start.plus(FIRST_ALERT);
        add(t, infected, 1090519054L, "Threat Detected", "High", true, "6180352115244790042");
        add(t.plusSeconds(1), infected, 2164260880L, "Quarantine Failure", "Critical", true, "6180352115244790042");
        add(t.plusSeconds(3), infected, 1107296272L, "Executed malware", "Critical", true, "6180352115244790042");
    }

    /** The containment state (isolation, file lists). */
    AmpContainment containment() {
        return containment;
    }

    /** Registers the routes under {@code /sim/amp}. */
    public void register(JavalinConfig config) {
        String p = PREFIX;
        config.routes.get(p + "/v1/version", ctx -> authed(ctx, () -> item(ctx, Sim.obj().put("version", "v1.2.0"))));
        config.routes.get(p + "/v1/computers", ctx -> authed(ctx, () -> computers(ctx)));
        config.routes.get(p + "/v1/computers/activity", ctx -> authed(ctx, () -> activity(ctx)));
        config.routes.get(p + "/v1/computers/{guid}", ctx -> authed(ctx, () -> computer(ctx)));
        config.routes.get(p + "/v1/events", ctx -> authed(ctx, () -> events(ctx)));
        containment.register(config, p);
    }

    void recordEvent(Company.Host host, long typeId, String type) {
        add(clock.instant(), host, typeId, type, "Low", false, null);
    }

    private void add(Instant at, Company.Host host, long typeId, String type, String severity, boolean file,
                     String detectionId) {
        events.add(new SimEvent(nextId.incrementAndGet(), at, host, typeId, type, severity, file, detectionId));
    }

    void authed(Context ctx, Runnable handler) {
        if (!Sim.basicOk(ctx, creds.ampClientId(), creds.ampApiKey())) {
            ObjectNode body = Sim.obj().put("version", "v1.0.0");
            body.putObject("data");
            ObjectNode e = body.putArray("errors").addObject();
            e.put("error_code", 401).put("description", "Unauthorized");
            e.putArray("details").add("Unknown API key or Client ID");
            Sim.json(ctx, 401, body);
            return;
        }
        ctx.header("x-ratelimit-limit", "3000").header("x-ratelimit-remaining", "2999")
                .header("x-ratelimit-reset", "3599");
        handler.run();
    }

    String base(Context ctx) {
        return Sim.origin(ctx) + PREFIX;
    }

    Company.Host hostByGuid(String guid) {
        return company.hosts().stream().filter(h -> h.connectorGuid().equalsIgnoreCase(guid)).findFirst().orElse(null);
    }

    void error(Context ctx, int status, String description, String details) {
        ObjectNode body = Sim.obj().put("version", "v1.2.0");
        body.putObject("metadata").putObject("links").put("self", Sim.origin(ctx) + ctx.path());
        body.putObject("data");
        ObjectNode e = body.putArray("errors").addObject();
        e.put("error_code", status).put("description", description);
        e.putArray("details").add(details);
        Sim.json(ctx, status, body);
    }

    void item(Context ctx, ObjectNode data) {
        item(ctx, data, 200);
    }

    void item(Context ctx, ObjectNode data, int status) {
        ObjectNode body = Sim.obj().put("version", "v1.2.0");
        body.putObject("metadata").putObject("links").put("self", selfLink(ctx));
        body.set("data", data);
        Sim.json(ctx, status, body);
    }

    void list(Context ctx, ArrayNode page, int total, int offset, int limit, String next) {
        ObjectNode body = Sim.obj().put("version", "v1.2.0");
        ObjectNode meta = body.putObject("metadata");
        ObjectNode links = meta.putObject("links").put("self", selfLink(ctx));
        if (next != null) {
            links.put("next", next);
        }
        meta.putObject("results").put("total", total).put("current_item_count", page.size()).put("index", offset)
                .put("items_per_page", limit);
        body.set("data", page);
        Sim.json(ctx, 200, body);
    }

    private String selfLink(Context ctx) {
        String q = ctx.queryString();
        return Sim.origin(ctx) + ctx.path() + (q == null || q.isEmpty() ? "" : "?" + q);
    }

    /** Returns one page of {@code all}, with a next link that repeats the query with a new offset. */
    private void paged(Context ctx, List<ObjectNode> all) {
        int limit = Math.max(1, Math.min(500, Sim.intParam(ctx, "limit", 500)));
        int offset = Math.max(0, Sim.intParam(ctx, "offset", 0));
        ArrayNode page = Sim.arr();
        all.stream().skip(offset).limit(limit).forEach(page::add);
        String next = null;
        if (offset + limit < all.size()) {
            String q = ctx.queryString() == null ? "" : ctx.queryString().replaceAll("(^|&)offset=[^&]*", "");
            next = Sim.origin(ctx) + ctx.path() + "?" + (q.isEmpty() ? "" : q.replaceFirst("^&", "") + "&")
                    + "offset=" + (offset + limit);
        }
        list(ctx, page, all.size(), offset, limit, next);
    }

    private void computers(Context ctx) {
        List<String> names = ctx.queryParams("hostname[]");
        String internal = ctx.queryParam("internal_ip");
        String external = ctx.queryParam("external_ip");
        List<ObjectNode> hits = company.hosts().stream()
                .filter(h -> names.isEmpty() || names.stream().anyMatch(n -> h.hostname().toLowerCase(Locale.ROOT)
                        .startsWith(n.toLowerCase(Locale.ROOT).trim())))
                .filter(h -> internal == null || h.ip().equals(internal.trim()))
                .filter(h -> external == null || EXTERNAL_IP.equals(external.trim()))
                .map(h -> json.computer(base(ctx), h, compromised(h))).toList();
        paged(ctx, hits);
    }

    private void computer(Context ctx) {
        Company.Host h = hostByGuid(ctx.pathParam("guid"));
        if (h == null) {
            error(ctx, 404, "Not Found", "Computer not found");
            return;
        }
        item(ctx, json.computer(base(ctx), h, compromised(h)));
    }

    private void activity(Context ctx) {
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").trim().toLowerCase(Locale.ROOT);
        Company.Threat t = company.threat();
        List<Company.Host> seen;
        if (q.isEmpty()) {
            error(ctx, 400, "Bad Request", "q is required");
            return;
        } else if (q.equals(t.sha256()) || q.equals(t.fileName().toLowerCase(Locale.ROOT))) {
            seen = company.hosts().stream().filter(h -> h.infected() || hasThreat(h)).toList();
        } else if (q.equals(t.c2Ip()) || q.contains(t.c2Domain()) || q.equals(t.url().toLowerCase(Locale.ROOT))) {
            seen = List.of(company.infected());
        } else {
            seen = List.of();
        }
        paged(ctx, seen.stream().map(h -> {
            ObjectNode c = Sim.obj().put("connector_guid", h.connectorGuid()).put("hostname", h.hostname());
            if (h.os().startsWith("Windows")) {
                c.put("windows_processor_id", Sim.hex("MD5", h.hostname()).substring(0, 15));
            }
            c.put("active", true);
            c.set("links", json.links(base(ctx), h, "?q=" + q));
            return c;
        }).toList());
    }

    private boolean hasThreat(Company.Host h) {
        return events.stream().anyMatch(e -> e.host() == h && e.withFile());
    }

    private void events(Context ctx) {
        List<String> guids = ctx.queryParams("connector_guid[]");
        List<String> types = ctx.queryParams("event_type[]");
        String sha = ctx.queryParam("detection_sha256");
        Instant from = null;
        if (ctx.queryParam("start_date") != null) {
            try {
                from = OffsetDateTime.parse(ctx.queryParam("start_date").trim().replace(' ', '+')).toInstant();
            } catch (DateTimeParseException e) {
                error(ctx, 400, "Bad Request", "start_date is not a valid ISO 8601 date");
                return;
            }
        }
        Instant now = clock.instant();
        Instant since = from;
        paged(ctx, events.stream()
                .filter(e -> !e.at().isAfter(now))
                .filter(e -> since == null || !e.at().isBefore(since))
                .filter(e -> guids.isEmpty() || guids.contains(e.host().connectorGuid()))
                .filter(e -> types.isEmpty() || types.contains(Long.toString(e.typeId())))
                .filter(e -> sha == null || (e.withFile() && company.threat().sha256().equalsIgnoreCase(sha.trim())))
                .sorted(Comparator.comparing(SimEvent::at).thenComparing(SimEvent::id).reversed())
                .map(e -> json.event(base(ctx), e)).toList());
    }

    /** Compromised once one of its file events (other than a successful quarantine) has happened. */
    private boolean compromised(Company.Host h) {
        return h.infected() && events.stream().anyMatch(e -> e.host() == h && e.withFile()
                && !e.at().isAfter(clock.instant()) && e.typeId() != 553648143L);
    }
}
