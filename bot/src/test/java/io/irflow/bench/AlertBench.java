package io.irflow.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.amp.AmpAlertSource;
import io.irflow.adapters.amp.AmpConfig;
import io.irflow.alerts.AlertOutboxStore;
import io.irflow.alerts.AlertPipeline;
import io.irflow.alerts.AlertSeenStore;
import io.irflow.alerts.QuarantinePolicy;
import io.irflow.alerts.StormSettings;
import io.irflow.capabilities.AlertSource;
import io.irflow.cards.AlertCard;
import io.irflow.json.Json;
import io.irflow.store.Database;
import io.irflow.testing.Fixtures;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The alert polling benchmark (BENCHMARKS.md, "Alert polling"): 10,000 AMP events in 100 pages of 100, generated from
 * the reference sample event, served by a JDK HttpServer on 127.0.0.1 as {@code GET /v1/events} with
 * {@code metadata.links.next}; {@link AmpAlertSource} polls them (first poll, null cursor) and {@link AlertPipeline}
 * de-duplicates, groups and queues them in the outbox of a fresh embedded H2 file database. Nothing is posted.
 *
 * <p>The events: 2,000 hosts, 25 threats (hashes), each host hit by 1–3 threats, so many events fall into the same
 * host+threat group (threaded updates); every page repeats its previous page's last 10 events (overlapping pages, as
 * AMP returns when events arrive during a walk), so 10,000 served events hold 9,010 distinct ids.
 *
 * <p>Storm control is on with its defaults ({@link StormSettings#DEFAULT}: more than 10 new host cards in 5 minutes),
 * so the room gets one announcement and one digest card per threat; {@code -Dbench.storm=off} measures the old
 * behaviour (one card per host).
 *
 * <p>Usage: {@code AlertBench [runs, default 5]}; the first run is cold (JIT), the others are reported too.
 */
public final class AlertBench {
    static final int PAGES = 100;
    static final int PER_PAGE = 100;
    static final int OVERLAP = 10;
    static final int HOSTS = 2_000;
    static final int THREATS = 25;
    static final StormSettings STORM = "off".equals(System.getProperty("bench.storm")) ? null : StormSettings.DEFAULT;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        List<byte[]> pages = pages(base, now);
        server.createContext("/v1/events", exchange -> {
            String q = exchange.getRequestURI().getRawQuery();
            int page = 0;
            for (String kv : q == null ? new String[0] : q.split("&")) {
                if (kv.startsWith("offset=")) {
                    page = Integer.parseInt(kv.substring(7)) / PER_PAGE;
                }
            }
            byte[] body = pages.get(page);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        server.start();

        System.out.printf("alert polling benchmark: %d events in %d pages of %d (%d distinct ids), %d hosts, %d threats; "
                        + "max heap %d MiB%n", PAGES * PER_PAGE, PAGES, PER_PAGE, distinct(), HOSTS, THREATS,
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("storm control: " + (STORM == null ? "off" : STORM) + "; database: "
                + System.getProperty("bench.db", "h2"));
        System.out.println("run | poll ms | ingest ms | total ms | new alerts | host cards | digests | announcements "
                + "| updates | alerts/s | events/s "
                + "| heap used after MiB | heap peak MiB | GCs (ms)");
        Path dir = Files.createTempDirectory("irflow-alert-bench");
        try {
            for (int run = 1; run <= runs; run++) {
                once(run, base, dir, now);
            }
        } finally {
            server.stop(0);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static void once(int run, String base, Path dir, Instant now) throws Exception {
        Database db = Database.open(System.getProperty("bench.db", "h2").equals("postgres")
                ? io.irflow.testing.TestDatabases.freshUrl("postgres", dir)
                : System.getProperty("bench.mem") != null ? "jdbc:h2:mem:bench-" + run
                : "jdbc:h2:file:" + dir.resolve("run-" + run).toAbsolutePath());
        try (AmpAlertSource source = new AmpAlertSource(new AmpConfig(new HttpSettings(base, Duration.ofSeconds(5),
                Duration.ofSeconds(30), null, true), null, "bench-client", "bench-key"), Clock.systemUTC(), null,
                Duration.ofHours(2), Duration.ofMinutes(2), 100)) {
            AlertPipeline pipeline = new AlertPipeline(new AlertSeenStore(db.dataSource()),
                    new AlertOutboxStore(db.dataSource()), null, h -> new AlertCard.Context(null, null, null),
                    QuarantinePolicy.off(), io.irflow.alerts.IdentityResolver.none(), "bench-room", Duration.ofMinutes(10), Clock.systemUTC())
                    .storm(STORM);
            System.gc();
            resetPeaks();
            long gcs = gcCount();
            long gcTime = gcMillis();
            long t0 = System.nanoTime();
            AlertSource.Batch batch = source.poll(null);
            long t1 = System.nanoTime();
            List<AlertSeenStore.Ingested> fresh = pipeline.ingest(source.source(), batch.alerts(), batch.nextCursor());
            long t2 = System.nanoTime();
            long used = usedHeap();
            long peak = peakHeap();
            long cards;
            long digests;
            long announcements;
            long updates;
            try (var c = db.dataSource().getConnection(); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT "
                         + "SUM(CASE WHEN NOT thread_of_group AND group_key NOT LIKE 'storm|%' THEN 1 ELSE 0 END), "
                         + "SUM(CASE WHEN NOT thread_of_group AND group_key LIKE 'storm|%' THEN 1 ELSE 0 END), "
                         + "SUM(CASE WHEN group_key IS NULL THEN 1 ELSE 0 END), "
                         + "SUM(CASE WHEN thread_of_group THEN 1 ELSE 0 END) FROM outbox WHERE state = 'PENDING'")) {
                rs.next();
                cards = rs.getLong(1);
                digests = rs.getLong(2);
                announcements = rs.getLong(3);
                updates = rs.getLong(4);
            }
            double total = (t2 - t0) / 1e6;
            System.out.printf("%d%s | %.0f | %.0f | %.0f | %d | %d | %d | %d | %d | %.0f | %.0f | %d | %d | %d (%d)%n",
                    run, run == 1 ? " (cold)" : "", (t1 - t0) / 1e6, (t2 - t1) / 1e6, total, fresh.size(), cards,
                    digests, announcements, updates,
                    fresh.size() / (total / 1000), PAGES * PER_PAGE / (total / 1000), used >> 20, peak >> 20,
                    gcCount() - gcs, gcMillis() - gcTime);
        } finally {
            db.close();
        }
    }

    /** The 100 pages, newest event first, each with a next link but the last. */
    static List<byte[]> pages(String base, Instant now) {
        ObjectNode template = (ObjectNode) Fixtures.json("fixtures/amp/events-executed-malware-1107296272-authored.json")
                .get("data").get(0);
        Random random = new Random(42);
        int distinct = distinct();
        List<ObjectNode> events = new ArrayList<>();
        String[] types = {"Executed malware", "Threat Detected", "Quarantine Failure"};
        long[] typeIds = {1107296272L, 1090519054L, 2164260880L};
        for (int i = 0; i < distinct; i++) {
            int host = random.nextInt(HOSTS);
            int threat = (host * 7 + random.nextInt(3)) % THREATS;
            int t = random.nextInt(3);
            Instant at = now.minusSeconds(i / 3); // newest first, ~50 min of events
            ObjectNode e = template.deepCopy();
            String guid = String.format("%08x-0000-4000-8000-%012x", host, host);
            e.put("id", 7000000000000000000L + distinct - i).put("timestamp", at.getEpochSecond())
                    .put("date", OffsetDateTime.ofInstant(at, ZoneOffset.UTC).toString())
                    .put("event_type", types[t]).put("event_type_id", typeIds[t]).put("connector_guid", guid)
                    .put("detection", "W32.Bench.Threat" + threat);
            ObjectNode c = (ObjectNode) e.get("computer");
            c.put("connector_guid", guid).put("hostname", String.format("WS-%05d.corp.example.com", host));
            ((ObjectNode) c.get("network_addresses").get(0)).put("ip", "10." + (host >> 8) + "." + (host & 255) + ".10")
                    .put("mac", String.format("00:50:56:%02x:%02x:%02x", host >> 16 & 255, host >> 8 & 255, host & 255));
            ((ObjectNode) e.get("file").get("identity")).put("sha256", String.format("%064x", threat + 1));
            events.add(e);
        }
        List<byte[]> pages = new ArrayList<>();
        int from = 0;
        for (int p = 0; p < PAGES; p++) {
            int start = p == 0 ? 0 : from - OVERLAP;
            ObjectNode page = Json.mapper().createObjectNode().put("version", "v1.2.0");
            ObjectNode meta = page.putObject("metadata");
            ObjectNode links = meta.putObject("links");
            links.put("self", base + "/v1/events?limit=" + PER_PAGE + "&offset=" + p * PER_PAGE);
            if (p + 1 < PAGES) {
                links.put("next", base + "/v1/events?limit=" + PER_PAGE + "&offset=" + (p + 1) * PER_PAGE);
            }
            meta.putObject("results").put("total", PAGES * PER_PAGE).put("current_item_count", PER_PAGE)
                    .put("index", p * PER_PAGE).put("items_per_page", PER_PAGE);
            ArrayNode data = page.putArray("data");
            for (int i = start; i < start + PER_PAGE; i++) {
                data.add(events.get(i));
            }
            from = start + PER_PAGE;
            pages.add(Fixtures.write(page).getBytes(StandardCharsets.UTF_8));
        }
        return pages;
    }

    /** Distinct ids among the served events: the first page's 100 plus 90 new per later page. */
    static int distinct() {
        return PER_PAGE + (PAGES - 1) * (PER_PAGE - OVERLAP);
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since the reset (what the GC saw at its highest, pool by pool). */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
